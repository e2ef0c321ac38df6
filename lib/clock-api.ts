import type { NativeBinding } from './binding';
import { CLOCK_MONOTONIC } from './clock-id';
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

interface Calls {
  clockGettime: (id: number) => number | undefined;
  clockGettimeNs: (id: number) => bigint | number;
  clockGetres: (id: number) => number | undefined;
  gettimeofday: () => number | undefined;
  time: () => number | undefined;
  getcpu: () => number | undefined;
}

// Each wrapper is one JS frame over one native call: validate, call, read slots.
export function makeClockApi(calls: Calls, slots: Float64Array): ClockApi {
  const { clockGettime: ct, clockGettimeNs: ctNs, clockGetres: gr, gettimeofday: tod, time: tm, getcpu: cpu } = calls;
  return {
    clockGettime(id: number): Timespec {
      if (typeof id !== 'number' || (id | 0) !== id) throw invalidClockId(id);
      const e = ct(id);
      if (e !== undefined) throw systemError(e, 'clock_gettime', id);
      return [slots[0], slots[1]];
    },
    clockGettimeNs(id: number): bigint {
      if (typeof id !== 'number' || (id | 0) !== id) throw invalidClockId(id);
      const r = ctNs(id);
      if (typeof r !== 'bigint') throw systemError(r, 'clock_gettime', id);
      return r;
    },
    clockGettimeMs(id: number): number {
      if (typeof id !== 'number' || (id | 0) !== id) throw invalidClockId(id);
      const e = ct(id);
      if (e !== undefined) throw systemError(e, 'clock_gettime', id);
      return slots[0] * 1e3 + slots[1] / 1e6;
    },
    clockGettimeInto(id: number, out: Float64Array): Float64Array {
      if (typeof id !== 'number' || (id | 0) !== id) throw invalidClockId(id);
      if (!(out instanceof Float64Array)) throw invalidArgType('out', 'a Float64Array', out);
      if (out.length < 2) throw outOfRange('out.length', '>= 2', out.length);
      const e = ct(id);
      if (e !== undefined) throw systemError(e, 'clock_gettime', id);
      out[0] = slots[0];
      out[1] = slots[1];
      return out;
    },
    clockGetres(id: number): Timespec {
      if (typeof id !== 'number' || (id | 0) !== id) throw invalidClockId(id);
      const e = gr(id);
      if (e !== undefined) throw systemError(e, 'clock_getres', id);
      return [slots[0], slots[1]];
    },
    gettimeofday(): Timeval {
      const e = tod();
      if (e !== undefined) throw systemError(e, 'gettimeofday');
      return { sec: slots[0], usec: slots[1] };
    },
    time(): number {
      const e = tm();
      if (e !== undefined) throw systemError(e, 'time');
      return slots[0];
    },
    getcpu(): Cpu {
      const e = cpu();
      if (e !== undefined) throw systemError(e, 'getcpu');
      return { cpu: slots[0], node: slots[1] };
    },
  };
}

export interface Hrtime {
  /** Like `process.hrtime(prev?)`: `[seconds, nanoseconds]` of CLOCK_MONOTONIC, or the difference from `prev`. */
  (prev?: Timespec): Timespec;
  /** Like `process.hrtime.bigint()`: CLOCK_MONOTONIC in nanoseconds. */
  bigint(): bigint;
}

export function makeHrtime(native: NativeBinding): Hrtime {
  const { slots, clockGettime: ct, clockGettimeNs: ctNs } = native;
  const hrtime = function hrtime(prev?: Timespec): Timespec {
    const e = ct(CLOCK_MONOTONIC);
    if (e !== undefined) throw systemError(e, 'clock_gettime', CLOCK_MONOTONIC);
    if (prev === undefined) return [slots[0], slots[1]];
    if (!Array.isArray(prev)) throw invalidArgType('time', 'an instance of Array', prev);
    if (prev.length !== 2) throw outOfRange('time', '2', prev.length);
    let sec = slots[0] - prev[0];
    let nsec = slots[1] - prev[1];
    if (nsec < 0) {
      sec -= 1;
      nsec += 1e9;
    }
    return [sec, nsec];
  } as Hrtime;
  hrtime.bigint = function bigint(): bigint {
    const r = ctNs(CLOCK_MONOTONIC);
    if (typeof r !== 'bigint') throw systemError(r, 'clock_gettime', CLOCK_MONOTONIC);
    return r;
  };
  return hrtime;
}

/** Milliseconds of CLOCK_MONOTONIC since `origin` was taken, like `performance.now()`. */
export function makeNow(native: NativeBinding): () => number {
  const { slots, clockGettime: ct } = native;
  const e = ct(CLOCK_MONOTONIC);
  // Unreadable at load (a sandbox denying the system call, with the vDSO off
  // or absent): the package must still load; now() then says why.
  if (e !== undefined) {
    return function now(): number {
      throw systemError(e, 'clock_gettime', CLOCK_MONOTONIC);
    };
  }
  const originSec = slots[0];
  const originNsec = slots[1];
  return function now(): number {
    ct(CLOCK_MONOTONIC);  // CLOCK_MONOTONIC worked at load; it does not start failing
    return (slots[0] - originSec) * 1e3 + (slots[1] - originNsec) / 1e6;
  };
}
