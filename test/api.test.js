'use strict';
// The API contract: Node-compatible shapes and semantics, Node-style errors.
const test = require('node:test');
const assert = require('node:assert/strict');
const vdso = require('..');
const { kernelNs, nsOfPair } = require('./helpers/kernel-clock');
const runtime = require('./helpers/runtime');

test('ClockId and CLOCK_* constants carry the kernel values', () => {
  assert.equal(vdso.ClockId.REALTIME, 0);
  assert.equal(vdso.ClockId.MONOTONIC, 1);
  assert.equal(vdso.ClockId.BOOTTIME, 7);
  assert.equal(vdso.ClockId.TAI, 11);
  for (const [name, id] of Object.entries(vdso.ClockId)) assert.equal(vdso[`CLOCK_${name}`], id, name);
  assert.ok(Object.isFrozen(vdso.ClockId));
});

test('hrtime behaves like process.hrtime', () => {
  const k0 = kernelNs(vdso.CLOCK_MONOTONIC);
  const t = vdso.hrtime();
  assert.equal(t.length, 2);
  const d = vdso.hrtime(t);
  const k1 = kernelNs(vdso.CLOCK_MONOTONIC);
  assert.ok(d[0] >= 0 && d[1] >= 0 && d[1] < 1e9);
  assert.ok(nsOfPair(d) <= k1 - k0, `the difference ${d} is within the ${k1 - k0} ns around both readings`);
  // Borrow: a previous time with a larger nanosecond part.
  const [s, ns] = vdso.hrtime();
  const prev = [s - 2, 999999999];
  const diff = vdso.hrtime(prev);
  assert.ok(diff[0] >= 1 && diff[1] >= 0 && diff[1] < 1e9, String(diff));
  assert.throws(() => vdso.hrtime(1), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => vdso.hrtime([1]), { code: 'ERR_OUT_OF_RANGE' });
  assert.equal(typeof vdso.hrtime.bigint(), 'bigint');
  const a = kernelNs(vdso.CLOCK_MONOTONIC);
  const b = vdso.hrtime.bigint();
  const c = kernelNs(vdso.CLOCK_MONOTONIC);
  assert.ok(a <= b && b <= c, 'CLOCK_MONOTONIC');
});

// On Node (libuv) process.hrtime reads the same CLOCK_MONOTONIC, so the two
// drop-ins mix; Bun's and Deno's count from the process's start instead.
test('on Node, hrtime.bigint() and process.hrtime.bigint() read the same clock', (t) => {
  if (!runtime.node) {
    t.skip(`${runtime.name}'s process.hrtime counts from the process's start, not CLOCK_MONOTONIC`);
    return;
  }
  const a = process.hrtime.bigint();
  const b = vdso.hrtime.bigint();
  const c = process.hrtime.bigint();
  assert.ok(a <= b && b <= c, `${a} <= ${b} <= ${c}`);
});

test('now() counts milliseconds of CLOCK_MONOTONIC', async () => {
  const outer0 = kernelNs(vdso.CLOCK_MONOTONIC);
  const a = vdso.now();
  const inner0 = kernelNs(vdso.CLOCK_MONOTONIC);
  await new Promise((r) => setTimeout(r, 20));
  const inner1 = kernelNs(vdso.CLOCK_MONOTONIC);
  const b = vdso.now();
  const outer1 = kernelNs(vdso.CLOCK_MONOTONIC);
  // The difference of two now() lies between the differences of the readings inside and outside them (1 ns of rounding).
  const ns = (b - a) * 1e6;
  assert.ok(a >= 0 && ns >= Number(inner1 - inner0) - 1 && ns <= Number(outer1 - outer0) + 1, `${a} ${b}: ${inner1 - inner0} <= ${ns} <= ${outer1 - outer0}`);
});

test('clockGettimeMs is CLOCK_REALTIME in milliseconds', () => {
  const before = kernelNs(vdso.CLOCK_REALTIME);
  const ms = vdso.clockGettimeMs(vdso.CLOCK_REALTIME);
  const after = kernelNs(vdso.CLOCK_REALTIME);
  // One double rounding of epoch milliseconds: well under a microsecond.
  assert.ok(ms >= Number(before) / 1e6 - 1e-3 && ms <= Number(after) / 1e6 + 1e-3, `${before} ${ms} ${after}`);
});

test('clockGettimeInto writes into the caller array and returns it', () => {
  const out = new Float64Array(4).fill(-1);
  assert.equal(vdso.clockGettimeInto(vdso.CLOCK_MONOTONIC, out), out);
  assert.ok(out[0] >= 0 && out[1] >= 0 && out[1] < 1e9);
  assert.equal(out[2], -1);
  assert.throws(() => vdso.clockGettimeInto(1, new Float64Array(1)), { code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => vdso.clockGettimeInto(1, new Float32Array(2)), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => vdso.clockGettimeInto(1, [0, 0]), { code: 'ERR_INVALID_ARG_TYPE' });
});

test('a clock id that is not an int32 is a TypeError with a code', () => {
  const fns = ['clockGettime', 'clockGettimeNs', 'clockGettimeMs', 'clockGetres'];
  for (const fn of fns) {
    for (const api of [vdso, vdso.syscalls]) {
      for (const bad of ['1', 1n, null, undefined, {}, [1], true]) {
        assert.throws(() => api[fn](bad), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' }, `${fn}(${String(bad)})`);
      }
      for (const bad of [1.5, NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31) - 1]) {
        assert.throws(() => api[fn](bad), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' }, `${fn}(${bad})`);
      }
    }
  }
});

test('backend names a path and a reason for each function', () => {
  for (const fn of ['clock_gettime', 'gettimeofday', 'clock_getres', 'time', 'getcpu', 'getrandom']) {
    const b = vdso.backend[fn];
    assert.ok(b.path === 'vdso' || b.path === 'syscall');
    assert.ok(b.reason.length > 0);
  }
  assert.ok(Object.isFrozen(vdso.backend));
});

test('info() describes the same image as inspect() of its dump', () => {
  const live = vdso.info();
  const dumped = vdso.dump();
  assert.ok(Buffer.isBuffer(dumped) && dumped.length >= live.size);
  const offline = vdso.inspect(dumped);
  const strip = (s) => ({ ...s, address: undefined });
  assert.deepEqual(live.symbols.map(strip), offline.symbols.map(strip));
  for (const key of ['elfClass', 'endianness', 'machine', 'abi', 'soname', 'hashStyles', 'versions', 'kernelVersion', 'functions']) {
    assert.deepEqual(live[key], offline[key], key);
  }
  assert.equal(live.kernelVersion, require('node:os').release().split(/[-+]/)[0].split('.').slice(0, 3).join('.'));
});
