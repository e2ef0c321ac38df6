'use strict';
// The core API tests again, in a child process with the pure-JS backend
// forced: the same suite must pass on either backend.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const suite = ['smoke.test.js', 'package-api.test.js'].map((f) => join(__dirname, f));

test('smoke and API-contract tests pass with VDSO_BACKEND=js', () => {
  // NODE_TEST_CONTEXT would make the child think it is one of our own test files.
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...suite], {
    env: { ...env, VDSO_BACKEND: 'js' },
    encoding: 'utf8',
  });
  const out = run.stdout + run.stderr;
  assert.equal(run.status, 0, out);
  const count = (what) => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(out)?.[1]);
  assert.ok(count('pass') >= suite.length, out);
  assert.equal(count('fail'), 0, out);
  assert.equal(count('skipped'), 0, out);
  // package-api.test.js asserts loaded.backend === 'js' under this variable; make sure it ran.
  assert.match(out, /ok \d+ - the backend in use is the one asked for/);
  assert.match(out, /ok \d+ - what only this backend \(js\) does/);
});
