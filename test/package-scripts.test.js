'use strict';
// `npm test` must mean the same on every supported Node. A folder argument to
// `node --test` is read as a test directory by Node 20 and as a module to load
// by Node 22 and later (which then runs nothing), so the script must name the
// files. Its command is run here as npm runs it (sh -c), with a stand-in `node`
// that prints the arguments it was given.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const scripts = require('../package.json').scripts;

function argumentsOf(script, t) {
  const bin = mkdtempSync(join(tmpdir(), 'vdso-fake-node-'));
  t.after(() => rmSync(bin, { recursive: true, force: true }));
  writeFileSync(join(bin, 'node'), '#!/bin/sh\nprintf "%s\\n" "$@"\n');
  chmodSync(join(bin, 'node'), 0o755);
  const r = spawnSync('sh', ['-c', script], { cwd: root, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test('npm test hands node --test every test file by name, and nothing else', (t) => {
  const args = argumentsOf(scripts.test, t);
  assert.equal(args[0], '--test', scripts.test);
  const files = args.slice(1).filter((a) => !a.startsWith('--'));
  for (const f of files) assert.ok(statSync(join(root, f)).isFile(), `${f} is not a file`);
  const expected = readdirSync(join(root, 'test')).filter((f) => f.endsWith('.test.js')).map((f) => `test/${f}`).sort();
  assert.deepEqual([...files].sort(), expected);
});

test('npm run test:unit is a subset of npm test, every file named and present', (t) => {
  const args = argumentsOf(scripts['test:unit'], t);
  assert.equal(args[0], '--test');
  const all = new Set(argumentsOf(scripts.test, t).slice(1));
  const unit = args.slice(1);
  assert.ok(unit.length >= 10, unit.join(' '));
  for (const f of unit) {
    assert.ok(statSync(join(root, f)).isFile(), `${f} is not a file`);
    assert.ok(all.has(f), `${f} is not in npm test`);
  }
  // The slow ones stay out: the sanitizer builds, valgrind, the stress runs, the benchmark.
  for (const slow of ['native-walker', 'env-valgrind', 'stress-workers', 'stress-worker-churn', 'bench', 'random-stats']) {
    assert.ok(!unit.includes(`test/${slow}.test.js`), slow);
  }
});
