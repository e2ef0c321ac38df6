'use strict';
// No vDSO at all: valgrind does not map one into its guest and rewrites
// AT_SYSINFO_EHDR to AT_IGNORE. The package must notice, say so in info(),
// and give correct clocks through the system call.
const test = require('node:test');
const assert = require('node:assert/strict');
const { runProbe, nsOf } = require('./helpers/clock-probe');
const { needs } = require('./helpers/system-tools');

test('under valgrind: no vDSO, every clock through the system call', { timeout: 300_000 }, (t) => {
  if (!needs(t, 'valgrind')) return;
  const run = runProbe({ prefix: ['valgrind', '--tool=none', '-q'], timeout: 240_000 });
  assert.ok(run.report, `probe printed nothing (status ${run.status}, ${run.signal}):\n${run.stderr}`);
  assert.equal(run.status, 0, run.stderr);
  const r = run.report;

  // The kernel's view from inside: no AT_SYSINFO_EHDR in the auxiliary vector.
  assert.equal(r.auxvVdso, false, 'valgrind left AT_SYSINFO_EHDR in place; this test proves nothing');
  assert.ok(r.info.ok, r.info.message);
  assert.equal(r.info.value.present, false);
  assert.equal(r.info.value.base, null);
  assert.equal(r.info.value.symbols, null);
  for (const [fn, b] of Object.entries(r.backend)) {
    assert.equal(b.path, 'syscall', fn);
    assert.match(b.reason, /AT_SYSINFO_EHDR/, fn);
  }
  assert.deepEqual(r.dump, { ok: true, value: null });
  assert.deepEqual(r.liveLookup, { ok: true, value: null });

  // Every form works and the two paths (now the same one) agree.
  for (const [form, v] of Object.entries(r.forms.vdso)) assert.ok(v.ok, `${form}: ${v.message}`);
  for (const [form, v] of Object.entries(r.forms.syscalls)) assert.ok(v.ok, `${form}: ${v.message}`);
  assert.deepEqual(r.forms.vdso.clockGetres, r.forms.syscalls.clockGetres);
  assert.ok(r.nodeClocks.monotonicOrdered, JSON.stringify(r.nodeClocks.monotonic));
  assert.ok(r.nodeClocks.realtimeOrdered, JSON.stringify(r.nodeClocks.realtime));
  assert.equal(r.gettimeofday.ordered, true, JSON.stringify(r.gettimeofday.readings));

  for (const id of [0, 1, 2, 3, 4, 5, 6, 7, 11]) {
    const c = r.clocks[id];
    assert.ok(c.ours.ok, `clock ${id}: ${c.ours.message}`);
    assert.equal(c.ordered, true, `clock ${id}: ${JSON.stringify(c)}`);
    assert.deepEqual(c.res, c.sysRes, `clock_getres(${id})`);
  }
  // Ids the kernel refuses: EINVAL, from the system call itself.
  for (const id of [99, -1]) {
    assert.equal(r.clocks[id].ours.code, 'EINVAL', `clock ${id}`);
    assert.equal(r.clocks[id].before.code, 'EINVAL', `clock ${id}`);
  }
  assert.ok(nsOf(r.clocks[7].ours) >= nsOf(r.clocks[1].ours), 'BOOTTIME before MONOTONIC');
});
