'use strict';
// The JS backend against the kernel: each clock it serves is bracketed by two
// system-call readings of the same clock through the addon, allowing only the
// truncation of its JS source; /proc-derived facts match what the addon reads.
const test = require('node:test');
const assert = require('node:assert/strict');
const { join } = require('node:path');
const { createFallback } = require('../dist/fallback');
const { ClockId } = require('..');
const runtime = require('./helpers/runtime');

// The oracle: the addon itself, whichever backend the package chose.
const addon = require(require('./helpers/kernel-clock').addonPath);
const native = addon.clockCalls();
const fallbackBinding = createFallback('under test');
const fallback = fallbackBinding.clockCalls();

// The backends' calling convention: the clock id goes in through clockIdSlot.
function withId(b, id, fn) {
  b.clockIdSlot[0] = id;
  return b[fn]();
}

function sysNs(id) {
  const e = withId(native, id, 'sysClockGettime');
  assert.equal(e, undefined, `syscall clock_gettime(${id}) failed: ${e}`);
  return BigInt(native.slots[0]) * 1_000_000_000n + BigInt(native.slots[1]);
}

function jsNs(id) {
  assert.equal(withId(fallback, id, 'clockGettime'), undefined);
  const [sec, nsec] = fallback.slots;
  assert.ok(Number.isInteger(sec) && Number.isInteger(nsec) && nsec >= 0 && nsec < 1e9, `${sec} ${nsec}`);
  return BigInt(sec) * 1_000_000_000n + BigInt(nsec);
}

// [clock, unit the JS source truncates to (ns), extra slack below (ns)]
const served = [
  ['REALTIME', 1_000_000n, 0n],
  ['REALTIME_COARSE', 1_000_000n, 0n],
  // process.hrtime is CLOCK_MONOTONIC on Node only (Bun's and Deno's count from the process's start).
  ...(runtime.node ? [['MONOTONIC', 1n, 0n], ['MONOTONIC_COARSE', 1n, 0n]] : []),
  // getrusage truncates user and system time separately: up to 2 µs below.
  ['PROCESS_CPUTIME_ID', 1000n, 2000n],
  ['BOOTTIME', 10_000_000n, 0n],
];

test('on Bun and Deno, CLOCK_MONOTONIC has no JS source: refused, never answered by process.hrtime', (t) => {
  if (runtime.node) {
    t.skip('on Node process.hrtime is CLOCK_MONOTONIC (the tests above bracket it)');
    return;
  }
  for (const id of [ClockId.MONOTONIC, ClockId.MONOTONIC_COARSE]) {
    fallback.clockIdSlot[0] = id;
    assert.throws(() => fallback.clockGettime(), (e) => e.code === 'ERR_VDSO_UNAVAILABLE' && /counts from the process's start/.test(e.message), String(id));
  }
  assert.match(fallbackBinding.backend().clock_gettime.reason, /other clock ids throw ERR_VDSO_UNAVAILABLE/);
  assert.doesNotMatch(fallbackBinding.backend().clock_gettime.reason, /MONOTONIC from/);
});

for (const [name, unit, slack] of served) {
  test(`${name}: kernel before <= JS <= kernel after, JS truncated to ${unit} ns`, () => {
    const id = ClockId[name];
    // The coarse clocks are answered from the fine one: the oracle reads that.
    const oracleId = name.endsWith('_COARSE') ? ClockId[name.replace('_COARSE', '')] : id;
    for (let i = 0; i < 200; i++) {
      const before = sysNs(oracleId);
      const pair = jsNs(id);
      assert.equal(withId(fallback, id, 'clockGettimeNs'), undefined);
      const big = fallback.nanosecondsSlot[0];
      const after = sysNs(oracleId);
      assert.equal(typeof big, 'bigint');
      assert.ok(before - (before % unit) - slack <= pair, `${name}: ${before} > ${pair}`);
      assert.ok(pair <= big && big <= after, `${name}: ${pair} ${big} ${after}`);
      assert.equal(pair % unit, 0n, `${name}: ${pair} is not a multiple of ${unit}`);
    }
    assert.equal(withId(fallback, id, 'clockGetres'), undefined);
    assert.deepEqual([...fallback.slots], [Math.floor(Number(unit) / 1e9), Number(unit) % 1e9]);
  });
}

test('gettimeofday and time: realtime truncated to ms and s', () => {
  for (let i = 0; i < 200; i++) {
    const before = sysNs(ClockId.REALTIME);
    fallback.gettimeofday();
    const [sec, usec] = fallback.slots;
    fallback.time();
    const t = fallback.slots[0];
    const after = sysNs(ClockId.REALTIME);
    const tv = BigInt(sec) * 1_000_000_000n + BigInt(usec) * 1000n;
    assert.ok(usec >= 0 && usec < 1e6 && usec % 1000 === 0, String(usec));
    assert.ok(before - (before % 1_000_000n) <= tv && tv <= after, `${before} ${tv} ${after}`);
    assert.ok(before / 1_000_000_000n <= BigInt(t) && BigInt(t) <= after / 1_000_000_000n, `${t}`);
  }
});

test('clocks without a JS source throw ERR_VDSO_UNAVAILABLE naming the clock and the reason the JS backend is in use', () => {
  const missing = [ClockId.MONOTONIC_RAW, ClockId.TAI, ClockId.REALTIME_ALARM, ClockId.BOOTTIME_ALARM, 10, 16, -1, 2 ** 31 - 1];
  if (typeof process.threadCpuUsage !== 'function') missing.push(ClockId.THREAD_CPUTIME_ID);
  for (const id of missing) {
    for (const [call, fn] of [['clock_gettime', 'clockGettime'], ['clock_gettime', 'clockGettimeNs'], ['clock_gettime', 'clockGettimeMs'], ['clock_getres', 'clockGetres']]) {
      assert.throws(() => withId(fallback, id, fn), (err) => {
        assert.equal(err.code, 'ERR_VDSO_UNAVAILABLE');
        assert.equal(err.syscall, call);
        assert.equal(err.clockId, id);
        assert.ok(err.message.startsWith(`${call}(`), err.message);
        assert.match(err.message, /JS backend in use: under test\)$/);
        return true;
      });
    }
  }
  assert.match(String((() => { try { withId(fallback, ClockId.TAI, 'clockGettime'); } catch (e) { return e.message; } })()), /^clock_gettime\(TAI\)/);
  assert.match(String((() => { try { withId(fallback, 99, 'clockGettime'); } catch (e) { return e.message; } })()), /^clock_gettime\(clock id 99\)/);
});

test('no system-call path, no getcpu, no ELF reader', () => {
  for (const [fn, call] of [['sysClockGettime', 'clock_gettime'], ['sysClockGettimeNs', 'clock_gettime'], ['sysClockGetres', 'clock_getres'],
    ['sysGettimeofday', 'gettimeofday'], ['sysTime', 'time'], ['sysGetcpu', 'getcpu'], ['getcpu', 'getcpu'], ['inspect', 'inspect'], ['lookup', 'lookup']]) {
    const owner = fn in fallback ? fallback : fallbackBinding;
    assert.throws(() => owner[fn](1), (e) => e.code === 'ERR_VDSO_UNAVAILABLE' && e.syscall === call, fn);
  }
});

test('info(): the vDSO base from /proc/self/auxv equals what the addon read with getauxval', () => {
  const mine = addon.info();
  const js = fallbackBinding.info();
  assert.equal(js.present, mine.present);
  assert.equal(js.base, mine.base);
  assert.equal(js.hostAbi, null);
  assert.equal(js.disabled, false);
  if (js.present) assert.match(js.problem, /no ELF reader/);
});

test('dump(): the [vdso] mapping read through /proc/self/mem starts with the image the addon copies', () => {
  const mine = addon.dump();
  const js = fallbackBinding.dump();
  if (mine === null) return assert.equal(js, null);
  assert.ok(js.length >= mine.length && js.length % 4096 === 0, `${js.length} vs ${mine.length}`);
  assert.ok(js.subarray(0, mine.length).equals(mine));
});

test('backend: every function says js, why the JS backend is in use, and what serves it', () => {
  for (const [fn, b] of Object.entries(fallbackBinding.backend())) {
    assert.equal(b.path, 'js', fn);
    assert.match(b.reason, /\(JS backend: under test\)$/, fn);
    assert.equal(b.symbol, null);
    assert.equal(b.address, null);
  }
  for (const [name] of served) assert.match(fallbackBinding.backend().clock_gettime.reason, new RegExp(`\\b${name} from `), name);
  assert.match(fallbackBinding.backend().getcpu.reason, /^unavailable/);
});
