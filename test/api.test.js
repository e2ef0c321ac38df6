'use strict';
// The API contract: Node-compatible shapes and semantics, Node-style errors.
const test = require('node:test');
const assert = require('node:assert/strict');
const vdso = require('..');

test('ClockId and CLOCK_* constants carry the kernel values', () => {
  assert.equal(vdso.ClockId.REALTIME, 0);
  assert.equal(vdso.ClockId.MONOTONIC, 1);
  assert.equal(vdso.ClockId.BOOTTIME, 7);
  assert.equal(vdso.ClockId.TAI, 11);
  for (const [name, id] of Object.entries(vdso.ClockId)) assert.equal(vdso[`CLOCK_${name}`], id, name);
  assert.ok(Object.isFrozen(vdso.ClockId));
});

test('hrtime behaves like process.hrtime', () => {
  const t = vdso.hrtime();
  assert.equal(t.length, 2);
  const d = vdso.hrtime(t);
  assert.ok(d[0] >= 0 && d[1] >= 0 && d[1] < 1e9);
  assert.ok(d[0] * 1e9 + d[1] < 1e9, 'the difference is small');
  // Borrow: a previous time with a larger nanosecond part.
  const [s, ns] = vdso.hrtime();
  const prev = [s - 2, 999999999];
  const diff = vdso.hrtime(prev);
  assert.ok(diff[0] >= 1 && diff[1] >= 0 && diff[1] < 1e9, String(diff));
  assert.throws(() => vdso.hrtime(1), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => vdso.hrtime([1]), { code: 'ERR_OUT_OF_RANGE' });
  assert.equal(typeof vdso.hrtime.bigint(), 'bigint');
  const a = process.hrtime.bigint();
  const b = vdso.hrtime.bigint();
  const c = process.hrtime.bigint();
  assert.ok(a <= b && b <= c, 'same clock as process.hrtime');
});

test('now() counts milliseconds from the module origin', async () => {
  const a = vdso.now();
  await new Promise((r) => setTimeout(r, 20));
  const b = vdso.now();
  assert.ok(a >= 0 && b - a >= 19 && b - a < 5000, `${a} ${b}`);
});

test('clockGettimeMs agrees with Date.now on REALTIME', () => {
  const ms = vdso.clockGettimeMs(vdso.CLOCK_REALTIME);
  assert.ok(Math.abs(ms - Date.now()) < 50);
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
