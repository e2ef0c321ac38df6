'use strict';
// The package's environment variables are read where the package loads, once
// per environment (the main thread, each Worker with its own `env`), from
// process.env: never later, and never from the C environment behind it.
const test = require('node:test');
const assert = require('node:assert/strict');
const { Worker } = require('node:worker_threads');
const vdso = require('..');

// What serves the coarse clocks, and why, in a Worker given `env`.
function coarseInWorker(env) {
  return new Promise((resolve, reject) => {
    const w = new Worker(
      `const v = require(${JSON.stringify(require.resolve('..'))});
       require('node:worker_threads').parentPort.postMessage({
         coarse: v.backend.clock_gettime_coarse, loaded: v.loaded.backend });`,
      { eval: true, env },
    );
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it answered`)));
  });
}

test("a Worker's own env turns the data page off (VDSO_DATA_PAGE=0) while the main thread keeps it", async (t) => {
  if (vdso.loaded.backend !== 'native') return t.skip(`the JS backend reads no data page (${vdso.loaded.reason})`);
  const main = vdso.backend.clock_gettime_coarse;
  if (main.path !== 'data-page') return t.skip(`no data page here: ${main.reason}`);
  const off = await coarseInWorker({ ...process.env, VDSO_DATA_PAGE: '0' });
  assert.equal(off.loaded, 'native');
  assert.notEqual(off.coarse.path, 'data-page', off.coarse.reason);
  assert.match(off.coarse.reason, /VDSO_DATA_PAGE=0/);
  // And a Worker without it uses the page, as the main thread does.
  const on = await coarseInWorker({ ...process.env, VDSO_DATA_PAGE: '' });
  assert.equal(on.coarse.path, 'data-page', on.coarse.reason);
});

test('VDSO_DATA_PAGE set after load changes nothing: the value at load stands', async () => {
  const code = `
    const v = require(${JSON.stringify(require.resolve('..'))});
    process.env.VDSO_DATA_PAGE = '0';
    process.stdout.write(JSON.stringify(v.backend.clock_gettime_coarse));`;
  const { spawnSync } = require('node:child_process');
  const env = { ...process.env };
  delete env.VDSO_DATA_PAGE;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  const after = JSON.parse(r.stdout);
  assert.equal(after.path, vdso.backend.clock_gettime_coarse.path, after.reason);
  assert.doesNotMatch(after.reason, /VDSO_DATA_PAGE=0/);
});
