'use strict';
// otelHrTime() with the real @opentelemetry/core: it is an HrTime the
// package's time functions accept, it is the wall clock, and the package's
// own ISO formatting of it matches ours digit for digit.
const test = require('node:test');
const assert = require('node:assert/strict');
const core = require('@opentelemetry/core');
const { otelHrTime, pinoTime, CLOCK_REALTIME } = require('..');
const { kernelNs, nsOfPair } = require('./helpers/kernel-clock');

test('an HrTime that @opentelemetry/core accepts', () => {
  const t = otelHrTime();
  assert.ok(Array.isArray(t) && t.length === 2);
  assert.ok(Number.isInteger(t[0]) && Number.isInteger(t[1]) && t[1] >= 0 && t[1] < 1e9);
  assert.ok(core.isTimeInputHrTime(t));
  assert.ok(core.isTimeInput(t));
  assert.deepEqual(core.timeInputToHrTime(t), t);
  // Epoch nanoseconds exceed 2**53: a double is exact to a few hundred ns.
  const exact = BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
  const ns = core.hrTimeToNanoseconds(t);
  assert.ok(Math.abs(Number(exact - BigInt(Math.round(ns)))) <= 512, `${ns} vs ${exact}`);
  assert.ok(Math.abs(core.hrTimeToMicroseconds(t) * 1e3 - ns) < 1e3);
  assert.ok(Math.abs(core.hrTimeToMilliseconds(t) * 1e6 - ns) < 1e6);
  assert.match(core.hrTimeToTimeStamp(t), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
});

test('it is CLOCK_REALTIME: between two system-call readings, in order', () => {
  let prev = [0, 0];
  for (let i = 0; i < 1000; i++) {
    const before = kernelNs(CLOCK_REALTIME);
    const t = otelHrTime();
    const after = kernelNs(CLOCK_REALTIME);
    assert.ok(before <= nsOfPair(t) && nsOfPair(t) <= after, `${t} vs [${before}, ${after}]`);
    const d = core.hrTimeDuration(prev, t);
    assert.ok(d[0] > 0 || (d[0] === 0 && d[1] >= 0), `went back: ${prev} then ${t}`);
    prev = t;
  }
});

test('span-style arithmetic: durations and sums stay normalised', () => {
  const start = otelHrTime();
  const end = core.addHrTimes(otelHrTime(), [0, 999_999_999]);
  const d = core.hrTimeDuration(start, end);
  assert.ok(d[0] >= 0 && d[1] >= 0 && d[1] < 1e9);
  const ns = core.hrTimeToNanoseconds(d);
  assert.ok(ns >= 999_999_999 && ns < 2e9, `${ns}`);
});

test('pinoTime.isoTime formats exactly as OpenTelemetry formats the same instant', () => {
  for (let i = 0; i < 200; i++) {
    const iso = JSON.parse(`{${pinoTime.isoTime().slice(1)}}`).time;
    const m = iso.match(/^(.*)\.(\d{9})Z$/);
    const hr = [Date.parse(`${m[1]}Z`) / 1000, Number(m[2])];
    assert.equal(core.hrTimeToTimeStamp(hr), iso);
  }
});
