'use strict';
// The proof that lets the zero-call coarse clocks read the data page
// (lib/coarse-clock.ts), driven by a scripted page and vDSO: every reading
// the proof takes (page, vDSO call, page) comes from a list, so the cases a
// real kernel shows only now and then happen every time. The live page
// against the live vDSO is coarse-clock.test.js.
const test = require('node:test');
const assert = require('node:assert/strict');
const { makeCoarseClocks } = require('../dist/coarse-clock');

const TICK = 4_000_000;
const at = (k) => [1000, k * TICK];

// `readings`: [seconds, ns] for each reading in the order the proof takes them;
// the last one stays once the list is used up. The counter moves at every look.
function scripted(readings) {
  let next = 0, current = readings[0], seq = 0;
  const take = () => (current = readings[Math.min(next++, readings.length - 1)]);
  const reader = {
    load: () => (take(), true),
    seconds: () => current[0],
    nanoseconds: () => current[1],
    sequence: () => (seq += 2),
    timens: () => false,
    ms: () => current[0] * 1e3 + current[1] * 1e-6,
    ns: () => BigInt(current[0]) * 1_000_000_000n + BigInt(current[1]),
    pair: () => [current[0], current[1]],
    into: (_, out) => ((out[0] = current[0]), (out[1] = current[1]), true),
  };
  let monotonicMs = 0;
  const calls = {
    slots: new Float64Array(2),
    nanosecondsSlot: new BigInt64Array(1),
    clockIdSlot: new Int32Array(1),
    clockGettime() {
      const [s, ns] = take();
      calls.slots[0] = s;
      calls.slots[1] = ns;
    },
    clockGettimeMs() {
      calls.slots[0] = monotonicMs++;
    },
  };
  const native = { dataPageReader: () => ({ reader, reason: 'a scripted page', kernelVersion: null, address: '0x1000' }) };
  const clocks = makeCoarseClocks(native, calls, undefined);
  const fallback = { path: 'vdso', reason: 'the vDSO call', symbol: null, version: null, address: null };
  return { report: () => clocks.report(fallback), reads: () => next };
}

test('a round two ticks straddle proves nothing either way: it is read again, and the page is taken', () => {
  // page at tick 0, the vDSO at tick 1, the page at tick 2 (the first vDSO call
  // in an emulated VM, seen in CI on x86_64 under qemu), then a quiet clock.
  const { report } = scripted([at(0), at(1), at(2), at(2)]);
  const r = report();
  assert.equal(r.path, 'data-page', r.reason);
});

test('a page that moves between every two readings is refused, after a bounded number of reads', () => {
  // Each reading a tick later than the one before: every round straddles two ticks.
  const { report, reads } = scripted(Array.from({ length: 1000 }, (_, k) => at(k)));
  const r = report();
  assert.equal(r.path, 'vdso');
  assert.match(r.reason, /the data page was refused: REALTIME_COARSE: the page said .* around the vDSO's/);
  assert.ok(reads() <= 3 * 2 * 16, `${reads()} readings`);
});

test('a page that does not move but differs from the vDSO is refused at once', () => {
  const { report, reads } = scripted([at(0), [1000, 5], at(0), at(0)]);
  const r = report();
  assert.equal(r.path, 'vdso');
  assert.match(r.reason, /REALTIME_COARSE: the page said 1000\.0 and 1000\.0 around the vDSO's 1000\.5/);
  assert.equal(reads(), 3);
});

test('a vDSO reading outside the two page readings is refused, ticks or not', () => {
  for (const script of [[at(1), at(0), at(2)], [at(0), at(3), at(2)]]) {
    const r = scripted(script).report();
    assert.equal(r.path, 'vdso', JSON.stringify(script));
    assert.match(r.reason, /around the vDSO's/);
  }
});

