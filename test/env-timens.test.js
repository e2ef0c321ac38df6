'use strict';
// A time namespace with offsets (`unshare --time`, as root): the vDSO applies
// them itself, so the package's CLOCK_MONOTONIC and CLOCK_BOOTTIME must agree
// with the system call inside, and both must show the offsets.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { runProbe, nsOf } = require('./helpers/clock-probe');
const { needs } = require('./helpers/system-tools');
const vdso = require('..');

const MONOTONIC_OFFSET = 100_000n; // seconds
const BOOTTIME_OFFSET = 200_000n;
const NS = 1_000_000_000n;

// Whether this machine lets us make a time namespace at all (root, a kernel
// with CONFIG_TIME_NS, a container that allows unshare).
function timeNamespaceProblem() {
  if (process.getuid() !== 0) return 'needs root';
  const r = spawnSync('unshare', ['--fork', '--time', '--monotonic', '1', 'true'], { encoding: 'utf8' });
  return r.status === 0 ? null : `unshare --time failed here: ${r.stderr.trim() || r.error}`;
}

test('in a new time namespace, MONOTONIC and BOOTTIME agree with the system call', (t) => {
  if (!needs(t, 'unshare')) return;
  const problem = timeNamespaceProblem();
  if (problem) {
    t.skip(problem);
    return;
  }
  const outMono0 = vdso.syscalls.clockGettimeNs(vdso.CLOCK_MONOTONIC);
  const outBoot0 = vdso.syscalls.clockGettimeNs(vdso.CLOCK_BOOTTIME);
  const outCoarse0 = vdso.syscalls.clockGettimeNs(vdso.CLOCK_MONOTONIC_COARSE);
  // --fork: the namespace applies to unshare's children, not to unshare.
  const run = runProbe({
    prefix: ['unshare', '--fork', '--time', '--monotonic', `${MONOTONIC_OFFSET}`, '--boottime', `${BOOTTIME_OFFSET}`],
  });
  const outMono1 = vdso.syscalls.clockGettimeNs(vdso.CLOCK_MONOTONIC);
  const outBoot1 = vdso.syscalls.clockGettimeNs(vdso.CLOCK_BOOTTIME);
  const outCoarse1 = vdso.syscalls.clockGettimeNs(vdso.CLOCK_MONOTONIC_COARSE);
  assert.ok(run.report, `probe printed nothing (status ${run.status}):\n${run.stderr}`);
  const r = run.report;
  assert.equal(r.backend.clock_gettime.path, 'vdso', r.backend.clock_gettime.reason);

  for (const [id, offset, lo, hi] of [
    [vdso.CLOCK_MONOTONIC, MONOTONIC_OFFSET, outMono0, outMono1],
    [vdso.CLOCK_BOOTTIME, BOOTTIME_OFFSET, outBoot0, outBoot1],
  ]) {
    const c = r.clocks[id];
    assert.ok(c.ours.ok && c.before.ok && c.after.ok, JSON.stringify(c));
    // Inside: system call <= package <= system call.
    assert.equal(c.ordered, true, `clock ${id}: ${JSON.stringify(c)}`);
    // The offset is really there: the inside reading, less the offset, falls
    // between the outside readings taken around the child.
    const shifted = nsOf(c.ours) - offset * NS;
    assert.ok(lo <= shifted && shifted <= hi, `clock ${id}: ${shifted} not in [${lo}, ${hi}]`);
  }
  // hrtime and the coarse clock carry the offset too.
  const hr = BigInt(r.forms.vdso.hrtimeBigint.value.slice(0, -1)) - MONOTONIC_OFFSET * NS;
  assert.ok(outMono0 <= hr && hr <= outMono1, `hrtime.bigint ${hr}`);
  const coarse = nsOf(r.clocks[vdso.CLOCK_MONOTONIC_COARSE].ours) - MONOTONIC_OFFSET * NS;
  assert.ok(outCoarse0 <= coarse && coarse <= outCoarse1, `MONOTONIC_COARSE ${coarse} not in [${outCoarse0}, ${outCoarse1}]`);
  assert.equal(r.clocks[vdso.CLOCK_MONOTONIC_COARSE].ordered, true, JSON.stringify(r.clocks[vdso.CLOCK_MONOTONIC_COARSE]));
  // The coarse clocks: the namespace's data page redirects, so the vDSO call
  // serves them there (with the offset, checked above), never the data page.
  const coarsePath = r.backend.clock_gettime_coarse;
  assert.notEqual(coarsePath.path, 'data-page', coarsePath.reason);
  if (vdso.backend.clock_gettime_coarse.path === 'data-page') assert.match(coarsePath.reason, /time namespace: its data page redirects/);
  // REALTIME is not namespaced.
  assert.ok(r.nodeClocks.realtimeOrdered, JSON.stringify(r.nodeClocks.realtime));
  assert.ok(r.nodeClocks.monotonicOrdered, 'Node and the package disagree inside the namespace');
});
