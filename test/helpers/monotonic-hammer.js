'use strict';
// Calls every API form of the package in rounds and checks that this
// thread's CLOCK_MONOTONIC readings never go backwards. Used by the main
// thread and by each worker of test/stress-workers.test.js. Loading it does
// nothing, so the test runner may run it as a file.

const NS = 1_000_000_000n;

/**
 * Makes `rounds` rounds; each round is one call of every vDSO-path form, and
 * every 16th round also one of every system-call form. Returns counts and the
 * first backwards step of each sequence, if any.
 */
function hammer(vdso, rounds) {
  const M = vdso.CLOCK_MONOTONIC;
  const into = new Float64Array(2);
  const sys = vdso.syscalls;
  // Exact readings ([s, ns] or bigint) form one sequence; the two float
  // millisecond forms each form their own (rounding differs).
  let lastS = -1, lastNs = 0, lastMs = -Infinity, lastNow = -Infinity, lastSysMs = -Infinity;
  let calls = 0, backwards = 0, bad = 0;
  let first = null;
  const exact = (s, ns, form) => {
    if (s < lastS || (s === lastS && ns < lastNs)) {
      backwards++;
      first ??= { form, prev: [lastS, lastNs], got: [s, ns] };
    }
    lastS = s;
    lastNs = ns;
  };
  const big = (v, form) => exact(Number(v / NS), Number(v % NS), form);
  const valid = (ok, form) => {
    if (!ok) {
      bad++;
      first ??= { form, invalid: true };
    }
  };

  for (let r = 0; r < rounds; r++) {
    const t = vdso.clockGettime(M);
    exact(t[0], t[1], 'clockGettime');
    big(vdso.clockGettimeNs(M), 'clockGettimeNs');
    vdso.clockGettimeInto(M, into);
    exact(into[0], into[1], 'clockGettimeInto');
    const h = vdso.hrtime();
    exact(h[0], h[1], 'hrtime');
    big(vdso.hrtime.bigint(), 'hrtime.bigint');
    const ms = vdso.clockGettimeMs(M);
    if (ms < lastMs) backwards++, (first ??= { form: 'clockGettimeMs', prev: lastMs, got: ms });
    lastMs = ms;
    const now = vdso.now();
    if (now < lastNow) backwards++, (first ??= { form: 'now', prev: lastNow, got: now });
    lastNow = now;
    const rt = vdso.clockGettime(vdso.CLOCK_REALTIME);
    valid(rt[1] >= 0 && rt[1] < 1e9 && rt[0] > 1.5e9, 'clockGettime(REALTIME)');
    const tv = vdso.gettimeofday();
    valid(tv.usec >= 0 && tv.usec < 1e6 && tv.sec > 1.5e9, 'gettimeofday');
    valid(vdso.time() > 1.5e9, 'time');
    valid(vdso.getcpu().cpu >= 0, 'getcpu');
    const res = vdso.clockGetres(M);
    valid(res[0] === 0 && res[1] > 0, 'clockGetres');
    calls += 12;
    if ((r & 15) === 0) {
      const st = sys.clockGettime(M);
      exact(st[0], st[1], 'syscalls.clockGettime');
      big(sys.clockGettimeNs(M), 'syscalls.clockGettimeNs');
      sys.clockGettimeInto(M, into);
      exact(into[0], into[1], 'syscalls.clockGettimeInto');
      const sms = sys.clockGettimeMs(M);
      if (sms < lastSysMs) backwards++, (first ??= { form: 'syscalls.clockGettimeMs', prev: lastSysMs, got: sms });
      lastSysMs = sms;
      valid(sys.gettimeofday().usec < 1e6 && sys.time() > 1.5e9 && sys.getcpu().cpu >= 0, 'syscalls.*');
      valid(sys.clockGetres(M)[1] > 0, 'syscalls.clockGetres');
      calls += 8;
    }
  }
  return { calls, backwards, bad, first };
}

module.exports = { hammer };
