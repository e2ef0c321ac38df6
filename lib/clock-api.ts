import type { ClockCalls } from './binding';
import { CLOCK_MONOTONIC, CLOCK_MONOTONIC_COARSE, CLOCK_REALTIME_COARSE } from './clock-id';
import type { CoarseClocks } from './coarse-clock';
import { invalidArgType, invalidClockId, outOfRange, systemError } from './errors';

/** `[seconds, nanoseconds]`, like `process.hrtime()`. */
export type Timespec = [seconds: number, nanoseconds: number];

export interface Timeval {
  sec: number;
  usec: number;
}

export interface Cpu {
  cpu: number;
  node: number;
}

/** The clock functions, over one path (vDSO with fallback, or always the system call). */
export interface ClockApi {
  /** `[seconds, nanoseconds]` of the clock, like `process.hrtime()`. */
  clockGettime(id: number): Timespec;
  /** Nanoseconds as a bigint, like `process.hrtime.bigint()`. */
  clockGettimeNs(id: number): bigint;
  /** Milliseconds as a number, like `Date.now()` / `performance.now()` (sub-ms fraction kept). */
  clockGettimeMs(id: number): number;
  /**
   * Writes seconds to `out[0]` and nanoseconds to `out[1]` and returns `out`:
   * no allocation. A Float64Array holds both exactly (integers up to 2**53).
   */
  clockGettimeInto(id: number, out: Float64Array): Float64Array;
  /** Resolution of the clock as `[seconds, nanoseconds]`. */
  clockGetres(id: number): Timespec;
  gettimeofday(): Timeval;
  /** Seconds since the epoch. */
  time(): number;
  /** The CPU and NUMA node the calling thread runs on. */
  getcpu(): Cpu;
}

/** Which native calls serve an API: the vDSO (with its fallback) or always the system call. */
export type ClockPath = 'vdso' | 'syscall';

// Each wrapper is one JS frame over one native call: validate, store the id,
// call, read the result slots into locals at once. The slots are shared by
// every call in this environment, so they are read before anything that can
// run user code (an argument's getter, an error's construction) and would let
// another call overwrite them. The id travels through clockIdSlot because a
// typed-array store from JS is cheaper than reading an argument in C.
//
// Both APIs come from this one factory, and V8 shares feedback between
// closures created from the same source, so each wrapper has one call site
// per path (`sys ? sysCall() : call()`): a single site calling whichever
// native the API was made with would turn polymorphic as soon as both APIs
// are used, measured at about 12 ns per call. `sys` never changes for a
// closure, so the branch itself costs nothing measurable.
//
// The vDSO path reads the coarse clocks from the vDSO data page, no native
// call, where `coarse` has proven it (coarse-clock.ts); a miss (NaN,
// undefined, null, false) falls through to the native call.
export function makeClockApi(native: ClockCalls, path: ClockPath, coarse: CoarseClocks | null = null): ClockApi {
  const sys = path === 'syscall';
  const isCoarse = (id: number) => coarse !== null && (id === CLOCK_REALTIME_COARSE || id === CLOCK_MONOTONIC_COARSE);
  const { slots, nanosecondsSlot: ns, clockIdSlot: ids } = native;
  const { clockGettime: ct, clockGettimeNs: ctNs, clockGettimeMs: ctMs, clockGetres: gr } = native;
  const { sysClockGettime: sct, sysClockGettimeNs: sctNs, sysClockGettimeMs: sctMs, sysClockGetres: sgr } = native;
  const { gettimeofday: tod, time: tm, getcpu: cpu, sysGettimeofday: stod, sysTime: stm, sysGetcpu: scpu } = native;
  return {
    clockGettime(id: number): Timespec {
      if (typeof id !== 'number' || (id | 0) !== id) throw invalidClockId(id);
      if (isCoarse(id)) {
        const t = coarse!.pair(id);
        if (t !== null) return t;
      }
      ids[0] = id;
      const e = sys ? sct() : ct();
      const sec = slots[0], nsec = slots[1];
      if (e !== undefined) throw systemError(e, 'clock_gettime', id);
      return [sec, nsec];
    },
    clockGettimeNs(id: number): bigint {
      if (typeof id !== 'number' || (id | 0) !== id) throw invalidClockId(id);
      if (isCoarse(id)) {
        const t = coarse!.ns(id);
        if (t !== undefined) return t;
      }
      ids[0] = id;
      const e = sys ? sctNs() : ctNs();
      const t = ns[0];
      if (e !== undefined) throw systemError(e, 'clock_gettime', id);
      return t;
    },
    clockGettimeMs(id: number): number {
      if (typeof id !== 'number' || (id | 0) !== id) throw invalidClockId(id);
      if (isCoarse(id)) {
        const t = coarse!.ms(id);
        if (t === t) return t;  // not NaN
      }
      ids[0] = id;
      const e = sys ? sctMs() : ctMs();
      const ms = slots[0];
      if (e !== undefined) throw systemError(e, 'clock_gettime', id);
      return ms;
    },
    clockGettimeInto(id: number, out: Float64Array): Float64Array {
      if (typeof id !== 'number' || (id | 0) !== id) throw invalidClockId(id);
      if (!(out instanceof Float64Array)) throw invalidArgType('out', 'a Float64Array', out);
      if (out.length < 2) throw outOfRange('out.length', '>= 2', out.length);
      if (isCoarse(id) && coarse!.into(id, out)) return out;
      ids[0] = id;
      const e = sys ? sct() : ct();
      const sec = slots[0], nsec = slots[1];
      if (e !== undefined) throw systemError(e, 'clock_gettime', id);
      out[0] = sec;
      out[1] = nsec;
      return out;
    },
    clockGetres(id: number): Timespec {
      if (typeof id !== 'number' || (id | 0) !== id) throw invalidClockId(id);
      ids[0] = id;
      const e = sys ? sgr() : gr();
      const sec = slots[0], nsec = slots[1];
      if (e !== undefined) throw systemError(e, 'clock_getres', id);
      return [sec, nsec];
    },
    gettimeofday(): Timeval {
      const e = sys ? stod() : tod();
      const sec = slots[0], usec = slots[1];
      if (e !== undefined) throw systemError(e, 'gettimeofday');
      return { sec, usec };
    },
    time(): number {
      const e = sys ? stm() : tm();
      const sec = slots[0];
      if (e !== undefined) throw systemError(e, 'time');
      return sec;
    },
    getcpu(): Cpu {
      const e = sys ? scpu() : cpu();
      const c = slots[0], node = slots[1];
      if (e !== undefined) throw systemError(e, 'getcpu');
      return { cpu: c, node };
    },
  };
}

export interface Hrtime {
  /** Like `process.hrtime(prev?)`: `[seconds, nanoseconds]` of CLOCK_MONOTONIC, or the difference from `prev`. */
  (prev?: Timespec): Timespec;
  /** Like `process.hrtime.bigint()`: CLOCK_MONOTONIC in nanoseconds. */
  bigint(): bigint;
}

export function makeHrtime(native: ClockCalls): Hrtime {
  const { slots, nanosecondsSlot: ns, clockIdSlot: ids, clockGettime: ct, clockGettimeNs: ctNs } = native;
  const hrtime = function hrtime(prev?: Timespec): Timespec {
    // The argument first, as process.hrtime checks it: its getters (user code)
    // run before the clock is read, so they cannot overwrite the slots.
    let prevSec = 0;
    let prevNsec = 0;
    if (prev !== undefined) {
      if (!Array.isArray(prev)) throw invalidArgType('time', 'an instance of Array', prev);
      if (prev.length !== 2) throw outOfRange('time', '2', prev.length);
      [prevSec, prevNsec] = prev;
      // Only an earlier reading makes sense; anything else would come back as
      // NaN, a mixed-BigInt TypeError or a nanosecond count outside [0, 1e9).
      if (typeof prevSec !== 'number' || typeof prevNsec !== 'number') {
        throw invalidArgType('time', 'an array of two numbers', prev);
      }
      if (!Number.isSafeInteger(prevSec) || prevSec < 0 || !Number.isInteger(prevNsec) || prevNsec < 0 || prevNsec >= 1e9) {
        throw outOfRange('time', '[seconds, nanoseconds] with integer seconds >= 0 and 0 <= nanoseconds < 1e9', prev);
      }
    }
    ids[0] = CLOCK_MONOTONIC;
    const e = ct();
    const nowSec = slots[0], nowNsec = slots[1];
    if (e !== undefined) throw systemError(e, 'clock_gettime', CLOCK_MONOTONIC);
    if (prev === undefined) return [nowSec, nowNsec];
    let sec = nowSec - prevSec;
    let nsec = nowNsec - prevNsec;
    if (nsec < 0) {
      sec -= 1;
      nsec += 1e9;
    }
    return [sec, nsec];
  } as Hrtime;
  hrtime.bigint = function bigint(): bigint {
    ids[0] = CLOCK_MONOTONIC;
    const e = ctNs();
    const t = ns[0];
    if (e !== undefined) throw systemError(e, 'clock_gettime', CLOCK_MONOTONIC);
    return t;
  };
  return hrtime;
}

/** `performance.now()` over CLOCK_MONOTONIC through the vDSO, on performance's own zero. */
export interface PerformanceNow {
  (): number;
  /**
   * How far this function's zero may lie from the one of Node's
   * performance.now() (performance.timeOrigin), in ns: half the tightest
   * bracket of the measurement at load. Null when it could not be measured.
   */
  readonly originErrorNs: number | null;
}

// Node's performance.now() counts CLOCK_MONOTONIC (libuv's uv_hrtime) from
// its time origin, which no API gives as a monotonic reading; so the zero is
// measured: performance.now() between two readings of CLOCK_MONOTONIC,
// the tightest of a few tries. The addon takes the bracket's midpoint and the
// performance.now() reading and subtracts them itself, in integers: here that
// would take BigInt and Math, which any code may have replaced.
// Returns half the bracket in ns, or the errno of a failed reading.
function alignOrigin(native: ClockCalls): { errorNs: number } | { errno: number } {
  if (native.nowIsPerformanceNow) return { errorNs: 0 };
  const { slots, nanosecondsSlot: ns, clockIdSlot: ids, clockGettimeNs } = native;
  let best = -1n;
  let mid = 0n;
  let ms = 0;
  for (let i = 0; i < 8; i++) {
    ids[0] = CLOCK_MONOTONIC;
    let errno = clockGettimeNs();
    const a = ns[0];
    const p = performance.now();
    errno ??= clockGettimeNs();
    const b = ns[0];
    if (errno !== undefined) return { errno };
    if (best < 0n || b - a < best) {
      best = b - a;
      mid = a + (b - a) / 2n;
      ms = p;
    }
  }
  ns[0] = mid;
  slots[0] = ms;
  const errno = native.setNowOrigin();
  if (errno !== undefined) return { errno };
  // Half the bracket, rounded up: a report, not a reading.
  return { errorNs: Number((best + 1n) / 2n) };
}

/**
 * Milliseconds of CLOCK_MONOTONIC since performance.timeOrigin: performance.now()
 * through the vDSO. The zero is measured on the first call (or the first read
 * of `originErrorNs`), not at load: the first touch of `performance` loads
 * Node's perf_hooks, a cost no process should pay for importing this package.
 */
export function makePerformanceNow(native: ClockCalls): PerformanceNow {
  const { slots, now: nowMs } = native;
  let aligned: { errorNs: number } | { errno: number } | null = null;
  const align = () => (aligned ??= alignOrigin(native));
  function performanceNow(): number {
    if (aligned === null) align();
    const e = nowMs();
    const ms = slots[0];
    if (e !== undefined) throw systemError(e, 'clock_gettime', CLOCK_MONOTONIC);
    // Unreadable when aligning (a sandbox denying the system call, the vDSO off or absent).
    if ('errno' in aligned!) throw systemError(aligned.errno, 'clock_gettime', CLOCK_MONOTONIC);
    return ms;
  }
  Object.defineProperty(performanceNow, 'originErrorNs', {
    enumerable: true,
    get: () => {
      const a = align();
      return 'errno' in a ? null : a.errorNs;
    },
  });
  return Object.freeze(performanceNow) as PerformanceNow;
}
