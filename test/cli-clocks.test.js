'use strict';
// `vdso clocks --json`: which clock ids are EINVAL must agree with the raw
// system call made here; the resolution must equal the system call's; the
// CPU-time and dynamic clocks are served by the kernel by the kernel's rule.
// Costs are printed, never judged here (no timing thresholds in tests).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const vdso = require('..');
const { runCli, runJson } = require('./helpers/cli');

const ALL_IDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 24, -2, -6];
const CPU_TIME_IDS = [2, 3, -2, -6];

function syscallErrno(id) {
  try {
    vdso.syscalls.clockGettime(id);
    return null;
  } catch (e) {
    return e.code;
  }
}

function readSysfs(name) {
  try {
    return fs.readFileSync(`/sys/devices/system/clocksource/clocksource0/${name}`, 'utf8').trim();
  } catch {
    return null;
  }
}

test('clocks --json --all: one row per id, EINVAL exactly where the system call says so', () => {
  const rep = runJson(['clocks', '--json', '--all', '--batches', '1']);
  assert.deepEqual(rep.clocks.map((c) => c.id), ALL_IDS);
  assert.equal(rep.clocksource.current, readSysfs('current_clocksource'));
  assert.deepEqual(rep.clockGettime.path, vdso.backend.clock_gettime.path);
  for (const c of rep.clocks) {
    const errno = syscallErrno(c.id);
    assert.equal(c.supported, errno === null, `${c.name} (${c.id}): syscall says ${errno}`);
    if (!c.supported) {
      assert.equal(c.error, errno);
      assert.deepEqual([c.vdsoNs, c.syscallNs, c.servedBy, c.value], [null, null, null, null], c.name);
      continue;
    }
    assert.equal(c.error, null);
    assert.equal(c.vdsoPathError, null, `${c.name}: the vDSO path fails where the system call works`);
    const [sec, nsec] = vdso.syscalls.clockGetres(c.id);
    assert.deepEqual(c.resolution, { sec, nsec }, `${c.name}: resolution`);
    assert.equal(c.resolutionMatchesSyscall, true, c.name);
    assert.ok(Number.isInteger(c.value.sec) && Number.isInteger(c.value.nsec) && c.value.nsec < 1e9, c.name);
    assert.ok(c.vdsoNs > 0 && c.syscallNs > 0 && c.floorNs > 0, `${c.name}: costs measured`);
    assert.ok(['vdso', 'kernel'].includes(c.measured), c.name);
    assert.ok(['vdso', 'kernel'].includes(c.servedBy), c.name);
    assert.ok(['vdso', 'kernel', 'unknown'].includes(c.rule.verdict), c.name);
    assert.ok(c.rule.reason.length > 0);
    assert.ok(c.confirmed === null || typeof c.confirmed === 'boolean');
  }
});

test('CPU-time clocks and dynamic ids are served by the kernel, by the rule', () => {
  const rep = runJson(['clocks', '--json', '--all', '--batches', '1']);
  for (const id of CPU_TIME_IDS) {
    const c = rep.clocks.find((r) => r.id === id);
    assert.equal(c.rule.verdict, 'kernel', c.name);
    if (c.supported) assert.equal(c.servedBy, 'kernel', c.name);
  }
  const coarse = rep.clocks.filter((c) => c.id === 5 || c.id === 6);
  const expected = vdso.backend.clock_gettime.path === 'vdso' ? 'vdso' : 'kernel';
  for (const c of coarse) assert.equal(c.rule.verdict, expected, `${c.name}: coarse clocks need no clocksource`);
  for (const id of [8, 9, 10, 12, 24]) assert.equal(rep.clocks.find((r) => r.id === id).rule.verdict, 'kernel', `id ${id}`);
});

test('with VDSO_DISABLE=1 every clock is served by the kernel, and the reason says why', () => {
  const rep = runJson(['clocks', '--json', '--batches', '1'], { env: { VDSO_DISABLE: '1' } });
  assert.equal(rep.clockGettime.path, 'syscall');
  for (const c of rep.clocks) {
    assert.equal(c.rule.verdict, 'kernel', c.name);
    assert.match(c.rule.reason, /VDSO_DISABLE/);
    if (c.supported) assert.equal(c.servedBy, 'kernel', c.name);
  }
});

test('clocks prints a table with every clock and the clocksource', () => {
  const r = runCli(['clocks', '--batches', '1']);
  assert.equal(r.status, 0, r.stderr);
  for (const name of ['REALTIME', 'MONOTONIC', 'PROCESS_CPUTIME_ID', 'THREAD_CPUTIME_ID', 'MONOTONIC_RAW', 'REALTIME_COARSE', 'MONOTONIC_COARSE', 'BOOTTIME', 'REALTIME_ALARM', 'BOOTTIME_ALARM', 'TAI']) {
    assert.match(r.stdout, new RegExp(`^${name}\\s`, 'm'), name);
  }
  assert.match(r.stdout, /^clocksource /m);
  assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colors into a pipe');
});
