'use strict';
// The package loads and each clock form returns a plausible value.
const test = require('node:test');
const assert = require('node:assert/strict');
const vdso = require('..');

test('clock forms agree with each other and with Node', () => {
  const [s, ns] = vdso.clockGettime(vdso.CLOCK_MONOTONIC);
  const big = vdso.clockGettimeNs(vdso.CLOCK_MONOTONIC);
  assert.ok(Number.isInteger(s) && Number.isInteger(ns) && ns >= 0 && ns < 1e9);
  assert.ok(big >= BigInt(s) * 1_000_000_000n + BigInt(ns));
  // CLOCK_MONOTONIC is the clock behind process.hrtime on Linux.
  const node = process.hrtime.bigint();
  const ours = vdso.hrtime.bigint();
  assert.ok(ours >= node && ours - node < 1_000_000_000n, `${ours} vs ${node}`);
  const ms = vdso.clockGettimeMs(vdso.CLOCK_REALTIME);
  assert.ok(Math.abs(ms - Date.now()) < 1000, `${ms} vs ${Date.now()}`);
});
