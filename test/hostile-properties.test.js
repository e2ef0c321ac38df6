'use strict';
// The property (fast-check), in a child so that a crash is a result, not the
// end of the runner: for any interleaving of reaching into every file the
// package ships, detaching, transferring and writing what was reached, garbage
// collection, and workers that load the package (and attack it) coming and
// going, every clock reading lies between two readings of the same clock
// through the system call, and the process lives. test/helpers/hostile-model.js.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const runtime = require('./helpers/runtime');

const model = path.join(__dirname, 'helpers', 'hostile-model.js');
// Fixed seeds keep the suite deterministic; VDSO_FC_SEED runs another.
const seeds = process.env.VDSO_FC_SEED ? [Number(process.env.VDSO_FC_SEED)] : [1, 2, 3];

for (const seed of seeds) {
  test(`any interleaving of detach, transfer, write, GC and worker churn with clock calls (seed ${seed})`, (t) => {
    if (!runtime.node) return t.skip(`${runtime.name}: the model needs process.dlopen and --expose-gc`);
    const r = spawnSync(process.execPath, ['--expose-gc', model, '40', String(seed)], { encoding: 'utf8', timeout: 300_000 });
    const how = r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
    assert.equal(r.status, 0, `${how}\n${r.stderr.slice(-3000)}`);
    assert.match(r.stdout, /"held":true/);
  });
}
