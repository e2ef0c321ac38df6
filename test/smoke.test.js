'use strict';
// The package loads and each clock form returns a plausible value.
const test = require('node:test');
const assert = require('node:assert/strict');
const vdso = require('..');
const { kernelNs, nsOfPair } = require('./helpers/kernel-clock');
const runtime = require('./helpers/runtime');

// The JS backend reads CLOCK_REALTIME from Date.now(): whole milliseconds.
const realtimeUnitNs = vdso.loaded.backend === 'js' ? 1_000_000n : 1n;

// The JS backend has CLOCK_MONOTONIC only on Node (Bun's and Deno's process.hrtime count from the process's start).
const monotonicServed = vdso.loaded.backend === 'native' || runtime.node;

test('clock forms agree with each other and with the system call', () => {
  const r0 = kernelNs(vdso.CLOCK_REALTIME);
  const ms = vdso.clockGettimeMs(vdso.CLOCK_REALTIME);
  const r1 = kernelNs(vdso.CLOCK_REALTIME);
  const low = Number(r0 - (r0 % realtimeUnitNs)) / 1e6;
  // 1 µs for the double rounding of epoch milliseconds.
  assert.ok(ms >= low - 1e-3 && ms <= Number(r1) / 1e6 + 1e-3, `${r0} <= ${ms} ms <= ${r1}`);
  if (!monotonicServed) {
    assert.throws(() => vdso.clockGettime(vdso.CLOCK_MONOTONIC), { code: 'ERR_VDSO_UNAVAILABLE' });
    return;
  }
  const [s, ns] = vdso.clockGettime(vdso.CLOCK_MONOTONIC);
  const big = vdso.clockGettimeNs(vdso.CLOCK_MONOTONIC);
  assert.ok(Number.isInteger(s) && Number.isInteger(ns) && ns >= 0 && ns < 1e9);
  assert.ok(big >= nsOfPair([s, ns]));
  const before = kernelNs(vdso.CLOCK_MONOTONIC);
  const ours = vdso.hrtime.bigint();
  const after = kernelNs(vdso.CLOCK_MONOTONIC);
  assert.ok(before <= ours && ours <= after, `${before} <= ${ours} <= ${after}`);
});
