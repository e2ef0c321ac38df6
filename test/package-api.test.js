'use strict';
// The API contract both backends keep: the same exports, the same argument
// errors, the same result shapes, each clock bracketed by the same clock read
// through the system call (allowing only the truncation of the JS backend's source). Where the backends differ (getcpu, clock ids JS cannot read, the
// system-call path) each must answer in its own documented way.
// test/fallback-suite.test.js runs this file again with VDSO_BACKEND=js.
const test = require('node:test');
const assert = require('node:assert/strict');
const vdso = require('..');
const { kernelNs, kernelTimevalUs, kernelTime, nsOfPair } = require('./helpers/kernel-clock');
const runtime = require('./helpers/runtime');

const js = vdso.loaded.backend === 'js';
// The JS backend reads CLOCK_MONOTONIC from process.hrtime, which is that clock on Node
// only: on Bun and Deno it refuses it, and these tests check the refusal instead.
const monotonicServed = !js || runtime.node;
function assertMonotonicRefused() {
  const refused = (e) => e.code === 'ERR_VDSO_UNAVAILABLE' && /process\.hrtime counts from the process's start/.test(e.message);
  for (const call of [() => vdso.clockGettime(vdso.CLOCK_MONOTONIC), () => vdso.clockGettimeNs(vdso.CLOCK_MONOTONIC),
    () => vdso.clockGettimeMs(vdso.CLOCK_MONOTONIC_COARSE), () => vdso.hrtime(), () => vdso.hrtime.bigint()]) {
    assert.throws(call, refused);
  }
}
// What the JS backend's sources truncate to (Date.now(): ms; getrusage: µs, user and system apart).
const realtimeUnitNs = js ? 1_000_000n : 1n;
const timevalUnitUs = js ? 1000n : 1n;
const truncate = (ns, unit) => ns - (ns % unit);

test('the backend in use is the one asked for', () => {
  if (process.env.VDSO_BACKEND === 'js') assert.equal(vdso.loaded.backend, 'js');
  if (process.env.VDSO_BACKEND === 'native') assert.equal(vdso.loaded.backend, 'native');
  assert.equal(typeof vdso.loaded.reason, 'string');
  assert.ok(vdso.loaded.reason.length > 0);
  assert.equal(vdso.loaded.path === null, js);
  assert.ok(Object.isFrozen(vdso.loaded));
});

test('exports: functions and the Linux clock ids', () => {
  for (const name of ['clockGettime', 'clockGettimeNs', 'clockGettimeMs', 'clockGettimeInto', 'clockGetres', 'gettimeofday',
    'time', 'getcpu', 'hrtime', 'now', 'performanceNow', 'msSinceLoad', 'info', 'inspect', 'dump', 'lookup', 'clockName']) {
    assert.equal(typeof vdso[name], 'function', name);
  }
  assert.equal(typeof vdso.hrtime.bigint, 'function');
  // include/uapi/linux/time.h
  const ids = { REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME_ID: 2, THREAD_CPUTIME_ID: 3, MONOTONIC_RAW: 4, REALTIME_COARSE: 5,
    MONOTONIC_COARSE: 6, BOOTTIME: 7, REALTIME_ALARM: 8, BOOTTIME_ALARM: 9, TAI: 11 };
  assert.deepEqual({ ...vdso.ClockId }, ids);
  for (const [name, id] of Object.entries(ids)) {
    assert.equal(vdso[`CLOCK_${name}`], id);
    assert.equal(vdso.clockName(id), name);
  }
  for (const name of ['clockGettime', 'clockGettimeNs', 'clockGettimeMs', 'clockGettimeInto', 'clockGetres', 'gettimeofday', 'time', 'getcpu']) {
    assert.equal(typeof vdso.syscalls[name], 'function', `syscalls.${name}`);
  }
});

test('bad arguments are rejected the same way on either backend', () => {
  const code = (code, name) => (err) => err.code === code && err.name === name;
  for (const id of ['1', 1n, null, undefined, {}, [1]]) {
    assert.throws(() => vdso.clockGettime(id), code('ERR_INVALID_ARG_TYPE', 'TypeError'), String(id));
    assert.throws(() => vdso.clockGettimeNs(id), code('ERR_INVALID_ARG_TYPE', 'TypeError'));
    assert.throws(() => vdso.clockGetres(id), code('ERR_INVALID_ARG_TYPE', 'TypeError'));
  }
  for (const id of [1.5, NaN, Infinity, 2 ** 31, -(2 ** 31) - 1]) {
    assert.throws(() => vdso.clockGettime(id), code('ERR_INVALID_ARG_VALUE', 'TypeError'), String(id));
    assert.throws(() => vdso.clockGettimeMs(id), code('ERR_INVALID_ARG_VALUE', 'TypeError'));
  }
  assert.throws(() => vdso.clockGettimeInto(1, [0, 0]), code('ERR_INVALID_ARG_TYPE', 'TypeError'));
  assert.throws(() => vdso.clockGettimeInto(1, new Float64Array(1)), code('ERR_OUT_OF_RANGE', 'RangeError'));
  assert.throws(() => vdso.hrtime('x'), code('ERR_INVALID_ARG_TYPE', 'TypeError'));
  assert.throws(() => vdso.hrtime([1]), code('ERR_OUT_OF_RANGE', 'RangeError'));
});

function isTimespec(t) {
  return Array.isArray(t) && t.length === 2 && Number.isInteger(t[0]) && t[0] >= 0 && Number.isInteger(t[1]) && t[1] >= 0 && t[1] < 1e9;
}
const ns = nsOfPair;

test('CLOCK_MONOTONIC in every form, bracketed by the system call', () => {
  if (!monotonicServed) return assertMonotonicRefused();
  const before = kernelNs(vdso.CLOCK_MONOTONIC);
  const pair = vdso.clockGettime(vdso.CLOCK_MONOTONIC);
  const big = vdso.clockGettimeNs(vdso.CLOCK_MONOTONIC);
  const out = new Float64Array(2);
  assert.equal(vdso.clockGettimeInto(vdso.CLOCK_MONOTONIC, out), out);
  const ms = vdso.clockGettimeMs(vdso.CLOCK_MONOTONIC);
  const hr = vdso.hrtime.bigint();
  const after = kernelNs(vdso.CLOCK_MONOTONIC);
  assert.ok(isTimespec(pair), String(pair));
  assert.equal(typeof big, 'bigint');
  assert.ok(before <= ns(pair) && ns(pair) <= big && big <= ns([out[0], out[1]]), `${before} ${pair} ${big} ${out}`);
  assert.ok(ns([out[0], out[1]]) <= hr && hr <= after, `${out} ${hr} ${after}`);
  // ms keeps the sub-millisecond fraction: within a microsecond of the ns reading it follows.
  assert.ok(ms * 1e6 >= Number(ns([out[0], out[1]])) - 1e3 && ms * 1e6 <= Number(after) + 1e3, `${ms} ${after}`);
  const res = vdso.clockGetres(vdso.CLOCK_MONOTONIC);
  assert.ok(isTimespec(res) && ns(res) > 0n, String(res));
});

test('hrtime(prev) and now() move forward', () => {
  const a = vdso.now();
  const b = vdso.now();
  assert.ok(a >= 0 && b >= a, `${a} ${b}`);
  if (!monotonicServed) return assertMonotonicRefused();
  const t0 = vdso.hrtime();
  assert.ok(isTimespec(t0));
  const d = vdso.hrtime(t0);
  assert.ok(isTimespec(d) && ns(d) < ns(vdso.hrtime()), String(d));
});

test('realtime forms are bracketed by the same calls through the system call', () => {
  const before = kernelNs(vdso.CLOCK_REALTIME);
  const pair = vdso.clockGettime(vdso.CLOCK_REALTIME);
  const after = kernelNs(vdso.CLOCK_REALTIME);
  assert.ok(truncate(before, realtimeUnitNs) <= ns(pair) && ns(pair) <= after, `${before} ${pair} ${after}`);

  const tv0 = kernelTimevalUs();
  const tv = vdso.gettimeofday();
  const tv1 = kernelTimevalUs();
  assert.ok(Number.isInteger(tv.sec) && Number.isInteger(tv.usec) && tv.usec >= 0 && tv.usec < 1e6);
  const us = BigInt(tv.sec) * 1_000_000n + BigInt(tv.usec);
  assert.ok(truncate(tv0, timevalUnitUs) <= us && us <= tv1, `${tv0} ${tv.sec}.${tv.usec} ${tv1}`);

  // The kernel's time() is the second of the last tick (it can lag CLOCK_REALTIME's
  // second by a tick), and the vDSO's is the same; the JS backend's comes from
  // Date.now(), CLOCK_REALTIME itself. Each against its own clock.
  const second = js ? () => Number(kernelNs(vdso.CLOCK_REALTIME) / 1_000_000_000n) : kernelTime;
  const t0 = second();
  const t = vdso.time();
  const t1 = second();
  assert.ok(t0 <= t && t <= t1, `${t0} ${t} ${t1}`);
});

test('process CPU time is bracketed by the system call', () => {
  const before = kernelNs(vdso.CLOCK_PROCESS_CPUTIME_ID);
  const cpu = vdso.clockGettimeNs(vdso.CLOCK_PROCESS_CPUTIME_ID);
  const after = kernelNs(vdso.CLOCK_PROCESS_CPUTIME_ID);
  // The JS backend's getrusage() truncates user and system time to microseconds separately: up to 2 µs below.
  const low = js ? truncate(before, 1000n) - 2000n : before;
  assert.ok(low <= cpu && cpu <= after, `${before} ${cpu} ${after}`);
});

test('hrtime(prev) returns its own clock when prev runs code that reads another', () => {
  if (!monotonicServed) return assertMonotonicRefused();
  const prev = [0, 0];
  Object.defineProperty(prev, 0, {
    enumerable: true,
    get() {
      vdso.clockGettime(vdso.CLOCK_REALTIME);
      vdso.clockGettimeMs(vdso.CLOCK_REALTIME);
      return 0;
    },
  });
  const before = kernelNs(vdso.CLOCK_MONOTONIC);
  const t = ns(vdso.hrtime(prev));
  const after = kernelNs(vdso.CLOCK_MONOTONIC);
  assert.ok(before <= t && t <= after, `hrtime([0, 0]) = ${t}: not CLOCK_MONOTONIC in [${before}, ${after}]`);
});

// Everything the package hands out that callers share (objects, and functions
// carrying properties like hrtime.bigint), frozen all the way down: one user
// of the package cannot change what another one reads.
const ownState = (fn) => Reflect.ownKeys(fn).some((k) => !['length', 'name', 'prototype', 'arguments', 'caller'].includes(k));
function assertDeepFrozen(value, where) {
  assert.ok(Object.isFrozen(value), `${where} is not frozen`);
  for (const key of Reflect.ownKeys(value)) {
    if (typeof value === 'function' && key === 'prototype') continue;
    const v = value[key];  // through a getter too
    if ((typeof v === 'object' && v !== null) || (typeof v === 'function' && ownState(v))) {
      assertDeepFrozen(v, `${where}.${String(key)}`);
    }
  }
}

test('performanceNow() is performance.now() through the vDSO: the same zero, to within its measured origin error', () => {
  assert.equal(vdso.now, vdso.performanceNow);
  const errMs = vdso.performanceNow.originErrorNs / 1e6;
  assert.ok(Number.isFinite(errMs) && errMs >= 0, String(vdso.performanceNow.originErrorNs));
  for (let i = 0; i < 1000; i++) {
    const a = performance.now();
    const t = vdso.performanceNow();
    const b = performance.now();
    // 1 ns for the rounding of each side's milliseconds.
    assert.ok(a - errMs - 1e-6 <= t && t <= b + errMs + 1e-6, `${a} <= ${t} <= ${b} (origin error ${errMs} ms)`);
  }
  const since = vdso.msSinceLoad();
  assert.ok(since > 0 && since < vdso.performanceNow(), String(since));
});

test('what the package hands out cannot be changed by its users', () => {
  const shared = Object.entries(vdso).filter(([, v]) => (typeof v === 'object' && v !== null) || (typeof v === 'function' && ownState(v)));
  assert.deepEqual(shared.map(([k]) => k).sort(), ['ClockId', 'backend', 'hrtime', 'loaded', 'now', 'performanceNow', 'pinoTime', 'syscalls']);
  for (const [name, value] of shared) assertDeepFrozen(value, name);
  const path = vdso.backend.clock_gettime.path;
  assert.throws(() => { vdso.backend.clock_gettime.path = 'x'; }, TypeError);
  assert.throws(() => { vdso.backend.getrandom = {}; }, TypeError);
  assert.throws(() => { vdso.hrtime.bigint = () => 0n; }, TypeError);
  assert.equal(vdso.backend.clock_gettime.path, path);
});

test('backend: one entry per function, each with a path and a reason', () => {
  const paths = js ? ['js'] : ['vdso', 'syscall'];
  for (const fn of ['clock_gettime', 'gettimeofday', 'clock_getres', 'time', 'getcpu', 'getrandom']) {
    const b = vdso.backend[fn];
    assert.ok(paths.includes(b.path), `${fn}: ${b.path}`);
    assert.ok(typeof b.reason === 'string' && b.reason.length > 0);
  }
  assert.ok(Object.isFrozen(vdso.backend));
  const info = vdso.info();
  assert.equal(typeof info.present, 'boolean');
  assert.deepEqual(info.backend, vdso.backend);
});

const unavailable = (syscall, clockId) => (err) =>
  err.code === 'ERR_VDSO_UNAVAILABLE' && err.syscall === syscall && err.clockId === clockId && /JS backend/.test(err.message);

// Each backend's own answers; the two runs of this file (native, then JS) cover both.
function nativeOnly() {
  const { cpu, node } = vdso.getcpu();
  assert.ok(Number.isInteger(cpu) && cpu >= 0 && Number.isInteger(node) && node >= 0);
  for (const id of [vdso.CLOCK_MONOTONIC_RAW, vdso.CLOCK_BOOTTIME, vdso.CLOCK_TAI]) assert.ok(isTimespec(vdso.clockGettime(id)));
  // Clock id 10 was CLOCK_SGI_CYCLE, removed from the kernel; ids >= 16 never existed.
  for (const id of [10, 16, 12345, 2 ** 31 - 1]) {
    assert.throws(() => vdso.clockGettime(id), (e) => e.code === 'EINVAL' && e.errno === -22 && e.syscall === 'clock_gettime' && e.clockId === id);
  }
  assert.ok(isTimespec(vdso.syscalls.clockGettime(vdso.CLOCK_MONOTONIC)));
}

// ERR_VDSO_UNAVAILABLE for whatever JS cannot read, never a different clock.
function jsOnly() {
  assert.throws(() => vdso.getcpu(), unavailable('getcpu', undefined));
  for (const id of [vdso.CLOCK_MONOTONIC_RAW, vdso.CLOCK_TAI, vdso.CLOCK_REALTIME_ALARM, 10, 16, 12345, -1, -(2 ** 31)]) {
    assert.throws(() => vdso.clockGettime(id), unavailable('clock_gettime', id), String(id));
    assert.throws(() => vdso.clockGettimeNs(id), unavailable('clock_gettime', id));
    assert.throws(() => vdso.clockGetres(id), unavailable('clock_getres', id));
  }
  assert.throws(() => vdso.syscalls.clockGettime(vdso.CLOCK_MONOTONIC), unavailable('clock_gettime', undefined));
  assert.throws(() => vdso.syscalls.gettimeofday(), unavailable('gettimeofday', undefined));
  assert.throws(() => vdso.inspect(new Uint8Array(64)), unavailable('inspect', undefined));
  assert.throws(() => vdso.lookup('__vdso_clock_gettime', 'LINUX_2.6'), unavailable('lookup', undefined));
  assert.equal(vdso.info().hostAbi, null);
}

test(`what only this backend (${vdso.loaded.backend}) does`, js ? jsOnly : nativeOnly);
