'use strict';
// The package's clocks as tinybench 6's timer: `now` is a drop-in (tinybench
// calls it, and the numbers are real), a per-thread CPU-time clock works the
// same way, and under @sinonjs/fake-timers, which freezes performance.now(),
// process.hrtime and Date, the package's clocks still measure real time.
const test = require('node:test');
const assert = require('node:assert/strict');
const FakeTimers = require('@sinonjs/fake-timers');
const vdso = require('..');
const { kernelNs } = require('./helpers/kernel-clock');

// Spins until `ns` of CLOCK_MONOTONIC have passed (the oracle, not a faked clock).
function spin(ns) {
  const until = kernelNs(vdso.CLOCK_MONOTONIC) + BigInt(ns);
  while (kernelNs(vdso.CLOCK_MONOTONIC) < until);
}

async function run(now) {
  const { Bench } = await import('tinybench');
  const bench = new Bench({ now, time: 0, iterations: 20, warmup: false });
  bench.add('spin 200 us', () => spin(200_000));
  await bench.run();
  return bench.tasks[0].result;
}

test('tinybench 6 takes performanceNow as its timer, and calls it', async () => {
  let calls = 0;
  const now = () => (calls++, vdso.performanceNow());
  const result = await run(now);
  assert.equal(result.state, 'completed', result.error?.message);
  assert.ok(calls >= 40, `tinybench called the timer ${calls} times`);
  // Each iteration spun 200 us of CLOCK_MONOTONIC, which performanceNow counts: at least that long.
  assert.ok(result.latency.min >= 0.2 - 1e-6, `min ${result.latency.min} ms`);
});

test('a per-thread CPU-time clock as the timer: time this thread spent running', async () => {
  const result = await run(() => vdso.clockGettimeMs(vdso.CLOCK_THREAD_CPUTIME_ID));
  assert.equal(result.state, 'completed', result.error?.message);
  assert.ok(result.latency.mean > 0, `mean ${result.latency.mean} ms`);
});

test('under fake timers the package\'s clocks still measure real time; Node\'s are frozen', async (t) => {
  const clock = FakeTimers.install({ toFake: ['Date', 'performance', 'hrtime'], now: 0 });
  t.after(() => clock.uninstall());
  // The control: the faked clocks stand still while real time passes.
  const fakedBefore = [performance.now(), Date.now(), process.hrtime.bigint()];
  const oursBefore = [vdso.performanceNow(), vdso.clockGettimeNs(vdso.CLOCK_MONOTONIC), vdso.hrtime.bigint()];
  spin(2_000_000);
  const fakedAfter = [performance.now(), Date.now(), process.hrtime.bigint()];
  const oursAfter = [vdso.performanceNow(), vdso.clockGettimeNs(vdso.CLOCK_MONOTONIC), vdso.hrtime.bigint()];
  assert.deepEqual(fakedAfter, fakedBefore, 'fake-timers did not freeze performance.now(), Date.now() and process.hrtime');
  assert.ok(oursAfter[0] - oursBefore[0] >= 2, 'performanceNow stood still');
  assert.ok(oursAfter[1] - oursBefore[1] >= 2_000_000n, 'clockGettimeNs stood still');
  assert.ok(oursAfter[2] - oursBefore[2] >= 2_000_000n, 'hrtime.bigint stood still');
  // A benchmark inside such a test suite, timed by the package, measures real time.
  const result = await run(vdso.performanceNow);
  assert.equal(result.state, 'completed', result.error?.message);
  assert.ok(result.latency.min >= 0.2 - 1e-6, `min ${result.latency.min} ms under fake timers`);
});
