'use strict';
// The core API tests again, in a child process with the pure-JS backend
// forced: the same suite must pass on either backend.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const runtime = require('./helpers/runtime');

const suite = ['smoke.test.js', 'package-api.test.js'].map((f) => join(__dirname, f));

test('smoke and API-contract tests pass with VDSO_BACKEND=js', () => {
  // NODE_TEST_CONTEXT would make the child think it is one of our own test files.
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  const runner = runtime.testRunner(suite);
  const run = spawnSync(process.execPath, runner.args, { env: { ...env, VDSO_BACKEND: 'js' }, encoding: 'utf8' });
  const out = run.stdout + run.stderr;
  assert.equal(run.status, 0, out);
  const { passed, failed, skipped } = runner.summary(out);
  assert.ok(passed >= 12, out);
  assert.equal(failed, 0, out);
  // Node runs both files in full; what Bun and Deno cannot (their process.hrtime is not CLOCK_MONOTONIC) is refused, and checked as such.
  assert.equal(skipped, 0, out);
  // package-api.test.js asserts loaded.backend === 'js' under this variable; make sure it ran.
  assert.match(out, /the backend in use is the one asked for/);
  assert.match(out, /what only this backend \(js\) does/);
});
