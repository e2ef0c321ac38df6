'use strict';
// The C++ walker tests (native/test/): fixtures against readelf, the live
// vDSO against glibc's dlvsym, every truncation and byte flip, hostile tables,
// the fuzzer's regression corpus. Built with ASan+UBSan, 64-bit, -m32 (the
// live vDSO is then the i386 one) and -m32 with a 64-bit time_t; the 64-bit
// time builds run once more in a time namespace whose clocks read past 2038.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { buildCmake } = require('./helpers/native-build');
const { needs } = require('./helpers/system-tools');

function runWalkerTests(buildDir, bits, { prefix = [], filter = [], env = {}, minTests = 18 } = {}) {
  const binary = path.join(buildDir, 'vdso_walker_tests');
  const [cmd, ...args] = [...prefix, binary, ...filter];
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    // Any sanitizer report ends the run with a failure.
    env: { ...process.env, ...env, ASAN_OPTIONS: 'abort_on_error=0:halt_on_error=1', UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1' },
  });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, `walker tests failed (${r.status ?? r.signal}):\n${output.slice(-6000)}`);
  const summary = /^(\d+) tests, (\d+) checks, (\d+) failures, (\d+)-bit$/m.exec(r.stdout);
  assert.ok(summary, `no summary line in:\n${r.stdout.slice(-2000)}`);
  const [, tests, checks, failures, width] = summary.map(Number);
  assert.equal(failures, 0);
  assert.equal(width, bits);
  assert.ok(tests >= minTests && checks > (minTests > 1 ? 100000 : 0), `only ${tests} tests, ${checks} checks ran`);
  assert.doesNotMatch(output, /Sanitizer|runtime error/);
  return r.stdout;
}

test('walker tests, 64-bit, ASan + UBSan', { timeout: 10 * 60_000 }, (t) => {
  if (!needs(t, 'cmake')) return;
  const dir = buildCmake('asan', ['-DVDSO_SANITIZE=ON']);
  const out = runWalkerTests(dir, 64);
  assert.match(out, /functions compared with dlvsym/);
});

test('walker tests, -m32 (i386 vDSO), ASan + UBSan', { timeout: 10 * 60_000 }, (t) => {
  if (!needs(t, 'cmake', 'gcc-multilib')) return;
  const dir = buildCmake('m32', ['-DVDSO_M32=ON', '-DVDSO_SANITIZE=ON']);
  runWalkerTests(dir, 32);
});

test('walker tests, -m32 with a 64-bit time_t (-D_TIME_BITS=64: __vdso_clock_gettime64), ASan + UBSan', { timeout: 10 * 60_000 }, (t) => {
  if (!needs(t, 'cmake', 'gcc-multilib')) return;
  const dir = buildCmake('m32-t64', ['-DVDSO_M32=ON', '-DVDSO_TIME64=ON', '-DVDSO_SANITIZE=ON']);
  const out = runWalkerTests(dir, 32);
  assert.match(out, /^ok {3}LiveLookupsMatchDlvsym/m);
});

// 3e9 s: past 2**31 (2038), below the kernel's limit for an offset (KTIME_SEC_MAX / 2).
const Y2038_OFFSET = '3000000000';

function timeNamespaceProblem() {
  if (process.getuid() !== 0) return 'needs root';
  const r = spawnSync('unshare', ['--fork', '--time', '--monotonic', Y2038_OFFSET, 'true'], { encoding: 'utf8' });
  return r.status === 0 ? null : `unshare --time failed here: ${r.stderr.trim() || r.error}`;
}

for (const [variant, bits] of [['asan', 64], ['m32-t64', 32]]) {
  test(`${variant}: MONOTONIC and BOOTTIME past 2038 (a time namespace ${Y2038_OFFSET} s ahead) through the vDSO`, { timeout: 10 * 60_000 }, (t) => {
    if (!needs(t, 'cmake', 'unshare', ...(bits === 32 ? ['gcc-multilib'] : []))) return;
    const problem = timeNamespaceProblem();
    if (problem) {
      t.skip(problem);
      return;
    }
    const dir = buildCmake(variant, variant === 'asan' ? ['-DVDSO_SANITIZE=ON'] : ['-DVDSO_M32=ON', '-DVDSO_TIME64=ON', '-DVDSO_SANITIZE=ON']);
    const out = runWalkerTests(dir, bits, {
      prefix: ['unshare', '--fork', '--time', '--monotonic', Y2038_OFFSET, '--boottime', Y2038_OFFSET],
      filter: ['TimePastY2038'],
      env: { VDSO_TEST_Y2038_OFFSET: Y2038_OFFSET },
      minTests: 1,
    });
    const m = /^ok {3}TimePastY2038 \((\d+) checks, [\d.]+ s\)/m.exec(out);
    assert.ok(m && Number(m[1]) >= 20, out);
  });
}
