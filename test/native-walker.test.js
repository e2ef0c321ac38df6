'use strict';
// The C++ walker tests (native/test/): fixtures against readelf, the live
// vDSO against glibc's dlvsym, every truncation and byte flip, hostile tables,
// the fuzzer's regression corpus. Built with ASan+UBSan, once 64-bit and once
// -m32, where the live vDSO is the i386 one.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { buildCmake } = require('./helpers/native-build');

function runWalkerTests(buildDir, bits) {
  const r = spawnSync(path.join(buildDir, 'vdso_walker_tests'), [], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    // Any sanitizer report ends the run with a failure.
    env: { ...process.env, ASAN_OPTIONS: 'abort_on_error=0:halt_on_error=1', UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1' },
  });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, `walker tests failed (${r.status ?? r.signal}):\n${output.slice(-6000)}`);
  const summary = /^(\d+) tests, (\d+) checks, (\d+) failures, (\d+)-bit$/m.exec(r.stdout);
  assert.ok(summary, `no summary line in:\n${r.stdout.slice(-2000)}`);
  const [, tests, checks, failures, width] = summary.map(Number);
  assert.equal(failures, 0);
  assert.equal(width, bits);
  assert.ok(tests >= 18 && checks > 100000, `only ${tests} tests, ${checks} checks ran`);
  assert.doesNotMatch(output, /Sanitizer|runtime error/);
  return r.stdout;
}

test('walker tests, 64-bit, ASan + UBSan', { timeout: 10 * 60_000 }, () => {
  const dir = buildCmake('asan', ['-DVDSO_SANITIZE=ON']);
  const out = runWalkerTests(dir, 64);
  assert.match(out, /functions compared with dlvsym/);
});

test('walker tests, -m32 (i386 vDSO), ASan + UBSan', { timeout: 10 * 60_000 }, () => {
  const dir = buildCmake('m32', ['-DVDSO_M32=ON', '-DVDSO_SANITIZE=ON']);
  runWalkerTests(dir, 32);
});
