'use strict';
// A sandbox that makes the clock system calls fail with EPERM
// (test/seccomp/launcher.c). Calls the vDSO serves never reach the kernel and
// keep working; the explicit system-call path, VDSO_DISABLE=1, and the clocks
// the vDSO hands to the kernel (CPU time, unknown ids) report EPERM cleanly.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { runProbe } = require('./helpers/clock-probe');
const { buildC } = require('./helpers/build-c');

const launcher = () => buildC('../seccomp/launcher.c');

function probeUnder(denied, env = {}) {
  const run = runProbe({ prefix: [launcher(), denied], env });
  assert.ok(run.report, `probe printed nothing (status ${run.status}, ${run.signal}):\n${run.stderr}`);
  assert.equal(run.status, 0, run.stderr);
  return run.report;
}

function assertEperm(attempt, syscall, label) {
  assert.equal(attempt.ok, false, `${label} succeeded under the filter`);
  assert.equal(attempt.type, 'Error', label);
  assert.equal(attempt.code, 'EPERM', `${label}: ${attempt.message}`);
  assert.equal(attempt.errno, -1, label);
  assert.equal(attempt.syscall, syscall, label);
}

// The clocks the x86 vDSO serves itself (with the tsc clocksource).
const VDSO_CLOCKS = [0, 1, 4, 5, 6, 7, 11];

test('control: without the filter both paths work', () => {
  const run = runProbe();
  assert.equal(run.status, 0, run.stderr);
  for (const [form, v] of Object.entries(run.report.forms.syscalls)) assert.ok(v.ok, `${form}: ${v.message}`);
});

// The x86 vDSO reads the clock itself only with a clocksource that has a
// vDSO mode; with hpet or acpi_pm every call goes to the kernel.
function vdsoClocksource() {
  const file = '/sys/devices/system/clocksource/clocksource0/current_clocksource';
  const cs = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : 'unknown';
  return { cs, ok: ['tsc', 'kvm-clock', 'hyperv_clocksource_tsc_page', 'arch_sys_counter'].includes(cs) };
}

test('clock_gettime and gettimeofday denied: the vDSO still answers', (t) => {
  const { cs, ok } = vdsoClocksource();
  if (!ok) {
    t.skip(`clocksource ${cs} has no vDSO mode here: every clock call reaches the kernel`);
    return;
  }
  const r = probeUnder('clock_gettime,gettimeofday');
  assert.equal(r.backend.clock_gettime.path, 'vdso', r.backend.clock_gettime.reason);
  for (const [form, v] of Object.entries(r.forms.vdso)) assert.ok(v.ok, `vdso ${form}: ${v.message}`);
  assert.ok(r.nodeClocks.monotonicOrdered, JSON.stringify(r.nodeClocks.monotonic));
  assert.ok(r.nodeClocks.realtimeOrdered, JSON.stringify(r.nodeClocks.realtime));
  for (const id of VDSO_CLOCKS) assert.ok(r.clocks[id].ours.ok, `clock ${id}: ${r.clocks[id].ours.message}`);

  // The filter works: the explicit system calls fail.
  for (const form of ['clockGettime', 'clockGettimeNs', 'clockGettimeMs', 'clockGettimeInto'])
    assertEperm(r.forms.syscalls[form], 'clock_gettime', `syscalls.${form}`);
  assertEperm(r.forms.syscalls.gettimeofday, 'gettimeofday', 'syscalls.gettimeofday');
  // Calls the filter does not name still go through.
  for (const form of ['clockGetres', 'time', 'getcpu']) assert.ok(r.forms.syscalls[form].ok, form);

  // CPU-time clocks and ids the vDSO does not know go to the kernel: EPERM.
  for (const id of [2, 3, 99, -1]) assertEperm(r.clocks[id].ours, 'clock_gettime', `clockGettimeNs(${id})`);
});

test('VDSO_DISABLE=1 under the same filter: EPERM everywhere, and the package still loads', () => {
  const r = probeUnder('clock_gettime,gettimeofday', { VDSO_DISABLE: '1' });
  assert.equal(r.info.value.disabled, true);
  assert.equal(r.backend.clock_gettime.path, 'syscall');
  assert.match(r.backend.clock_gettime.reason, /VDSO_DISABLE/);
  for (const form of ['clockGettime', 'clockGettimeNs', 'clockGettimeMs', 'clockGettimeInto', 'hrtime', 'hrtimeBigint', 'now'])
    assertEperm(r.forms.vdso[form], 'clock_gettime', form);
  assertEperm(r.forms.vdso.gettimeofday, 'gettimeofday', 'gettimeofday');
  for (const id of [0, 1, 2, 3, 7]) assertEperm(r.clocks[id].ours, 'clock_gettime', `clockGettimeNs(${id})`);
  // Node's own clocks still come from glibc's vDSO.
  assert.ok(r.forms.vdso.clockGetres.ok && r.forms.vdso.time.ok && r.forms.vdso.getcpu.ok);
});

test('all five clock calls denied: only the vDSO path answers', (t) => {
  if (!vdsoClocksource().ok) {
    t.skip(`clocksource ${vdsoClocksource().cs} has no vDSO mode here`);
    return;
  }
  const denied = 'clock_gettime,gettimeofday,clock_getres,time,getcpu';
  const r = probeUnder(denied);
  for (const [form, v] of Object.entries(r.forms.vdso)) assert.ok(v.ok, `vdso ${form}: ${v.message}`);
  assertEperm(r.forms.syscalls.clockGetres, 'clock_getres', 'syscalls.clockGetres');
  assertEperm(r.forms.syscalls.time, 'time', 'syscalls.time');
  assertEperm(r.forms.syscalls.getcpu, 'getcpu', 'syscalls.getcpu');
  for (const id of VDSO_CLOCKS) assert.ok(r.clocks[id].res.ok, `clockGetres(${id}): ${r.clocks[id].res.message}`);
  // The vDSO passes CPU-time clocks to the kernel for clock_getres too.
  assertEperm(r.clocks[2].res, 'clock_getres', 'clockGetres(2)');
  assertEperm(r.clocks[2].sysRes, 'clock_getres', 'syscalls.clockGetres(2)');
});
