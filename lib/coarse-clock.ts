/**
 * The zero-call coarse clocks. CLOCK_REALTIME_COARSE and CLOCK_MONOTONIC_COARSE
 * are the time of the kernel's last tick, which it writes into the vDSO data
 * page under a sequence counter; the vDSO's own coarse functions just copy
 * them out. Here JS reads them itself, with the same seqlock protocol and no
 * native call at all.
 *
 * The page's layout is the kernel's private business, so the addon offers it
 * only for layouts it knows, and JS uses it only after proving it: before the
 * first read (at the first coarse call, so loading the package pays nothing),
 * reads through the view must equal the vDSO's own results exactly with the
 * counter even; after the next tick, the counter must have advanced and more
 * reads agree. Until then, and wherever anything fails, the vDSO call serves
 * these clocks as before. The view is private to this module: a write to the
 * page would kill the process.
 */
import type { DataPageOffer, NativeBinding } from './binding';
import type { FunctionBackend } from './types';
import type { Timespec } from './clock-api';
import { CLOCK_REALTIME_COARSE } from './clock-id';

/** What the zero-call path offers the clock wrappers: each form, or a miss (NaN / undefined / false) that sends the caller to the vDSO call. */
export interface CoarseClocks {
  /** Milliseconds, computed exactly as the addon computes them; NaN on a miss. */
  ms(id: number): number;
  /** Nanoseconds; undefined on a miss. */
  ns(id: number): bigint | undefined;
  /** [seconds, nanoseconds]; null on a miss. */
  pair(id: number): Timespec | null;
  /** [seconds, nanoseconds] into `out[0]`, `out[1]`; false on a miss. */
  into(id: number, out: Float64Array): boolean;
  /**
   * Which path serves the coarse clocks, and the proof; `clockGettime` is
   * what serves them when the data page does not. Finishes a pending proof
   * first (waiting up to 100 ms for the next tick).
   */
  report(clockGettime: Readonly<FunctionBackend>): FunctionBackend;
}

const READS_FIRST = 16;
const READS_AFTER_TICK = 4;
// A writer holds the counter odd for well under a microsecond; this many
// spins means something else is going on, and that call asks the vDSO.
const MAX_SPINS = 1 << 20;
const CLOCK_MODE_TIMENS = 0x7fffffff;
const TWO_32 = 4294967296;
const TWO_MINUS_16 = 1 / 65536;
const TWO_MINUS_32 = 1 / 4294967296;

const enum State { Untaken, Refused, Unproven, Pending, Ready }

export function makeCoarseClocks(native: NativeBinding): CoarseClocks {
  // Everything happens at the first coarse call (or report), none at load.
  let state = State.Untaken;
  let page: DataPageOffer = { buffer: null, reason: '', kernelVersion: null };
  let why = '';
  let proof = '';
  let words = new Uint32Array(4);
  let seqAt = 0;
  let modeAt = 0;
  // struct vdso_timestamp { u64 sec; u64 nsec; } in the kernel's byte order.
  let lo = 0;
  let hi = 1;
  let rtAt = 0;
  let moAt = 0;

  function take(): void {
    page = native.takeDataPage();
    why = page.reason;
    state = State.Refused;
    if (page.buffer === null) return;
    words = new Uint32Array(page.buffer);
    seqAt = page.seq! >>> 2;
    modeAt = page.clockMode! >>> 2;
    [lo, hi] = page.bigEndian ? [1, 0] : [0, 1];
    rtAt = page.realtimeCoarse! >>> 2;
    moAt = page.monotonicCoarse! >>> 2;
    state = State.Unproven;
  }

  // The last reading, handed to the caller through these (no allocation):
  // seconds as two 32-bit halves, nanoseconds.
  let sHigh = 0;
  let sLow = 0;
  let nsec = 0;
  let seq0 = 0;

  // The kernel's read protocol (lib/vdso/gettimeofday.c do_coarse): an even
  // counter, the fields, the same counter again, each load ordered after the
  // one before. Atomics.load would order them but is a builtin call here
  // (measured at 10 to 25 ns each, more than the whole read), so the order
  // comes from address dependencies instead, which no compiler can reorder or
  // fold and which arm64 hardware honours too (as the kernel's READ_ONCE
  // relies on): the fields' indexes depend on the counter's value (seq << 31
  // is 0 for an even counter), the second counter's index on every field
  // (nsec >>> 30 is 0, nsec < 1e9). test/coarse-clock.test.js checks that a
  // JIT-compiled loop sees the clock advance and never torn.
  function load(at: number): boolean {
    for (let spins = 0; spins < MAX_SPINS; spins++) {
      const seq = words[seqAt];
      if ((seq & 1) === 0) {
        const dep = seq << 31;
        const sLo = words[at + lo + dep];
        const sHi = words[at + hi + dep];
        const n = words[at + 2 + lo + dep];
        if (words[seqAt + ((n >>> 30) & (sLo | sHi | 1))] === seq) {
          sHigh = sHi;
          sLow = sLo;
          nsec = n;
          return true;
        }
      } else if ((words[modeAt] | 0) === CLOCK_MODE_TIMENS) {
        state = State.Refused;
        why = 'the process entered a time namespace, whose data page redirects';
        return false;
      }
    }
    return false;
  }

  function seconds(): number {
    return sHigh * TWO_32 + sLow;
  }

  // `reads` rounds of view, vDSO call, view for each clock: the call must equal
  // one of the two readings around it (a tick may fall between). Null or why not.
  function prove(reads: number): string | null {
    const { slots, clockIdSlot } = native;
    for (const [id, at, name] of [[5, rtAt, 'REALTIME_COARSE'], [6, moAt, 'MONOTONIC_COARSE']] as const) {
      for (let i = 0; i < reads; i++) {
        if (!load(at)) return `${name}: the page's counter stayed odd`;
        const s1 = seconds(), n1 = nsec;
        clockIdSlot[0] = id;
        const e = native.clockGettime();
        const s = slots[0], n = slots[1];
        if (e !== undefined) return `${name}: the vDSO call failed (errno ${e})`;
        if (!load(at)) return `${name}: the page's counter stayed odd`;
        const s2 = seconds(), n2 = nsec;
        const same1 = s === s1 && n === n1;
        const same2 = s === s2 && n === n2;
        const ordered = (s1 < s || (s1 === s && n1 <= n)) && (s < s2 || (s === s2 && n <= n2));
        if (!ordered || !(same1 || same2)) return `${name}: the page said ${s1}.${n1} and ${s2}.${n2} around the vDSO's ${s}.${n}`;
      }
    }
    return null;
  }

  function promote(): boolean {
    if (state === State.Untaken) take();
    if (state === State.Unproven) proveFirst();
    if (state !== State.Pending) return state === State.Ready;
    const seq = words[seqAt];
    if (seq === seq0) return false;
    const failed = prove(READS_AFTER_TICK);
    if (failed !== null) {
      state = State.Refused;
      why = `the data page was refused after the first tick: ${failed}`;
      return false;
    }
    proof += `; after the counter advanced from ${seq0} to ${seq}, ${READS_AFTER_TICK} more agreed`;
    state = State.Ready;
    return true;
  }

  function proveFirst(): void {
    const failed = prove(READS_FIRST);
    if (failed === null) {
      state = State.Pending;
      seq0 = words[seqAt];
      proof = `${READS_FIRST} reads of each clock equal the vDSO's own results exactly, the counter even`;
    } else {
      state = State.Refused;
      why = `the data page was refused: ${failed} (${page.reason})`;
    }
  }


  function read(id: number): boolean {
    if (state !== State.Ready && !promote()) return false;
    return load(id === CLOCK_REALTIME_COARSE ? rtAt : moAt);
  }

  // seconds * 1e9 + nsec, exactly, as one int64 assembled from 32-bit halves
  // with exact double arithmetic (every partial product below 2**53, powers
  // of two by multiplication, no fmod): one bigint allocation, as the addon's
  // own nanosecond slot costs.
  const scratch = new BigInt64Array(1);
  const halves = new Uint32Array(scratch.buffer);
  function nanoseconds(): bigint {
    const lowHalf = lo;  // the kernel's byte order is this process's
    const highHalf = hi;
    const t1 = (sLow & 0xffff) * 1e9 + nsec;       // < 2**46
    const t2 = (sLow >>> 16) * 1e9;                // < 2**46, weighs 2**16
    const t2High = Math.floor(t2 * TWO_MINUS_16);
    const u = t1 + (t2 - t2High * 65536) * 65536;  // < 2**47
    const uHigh = Math.floor(u * TWO_MINUS_32);
    halves[lowHalf] = u - uHigh * TWO_32;
    halves[highHalf] = uHigh + t2High + sHigh * 1e9;
    return scratch[0];
  }

  return {
    ms(id) {
      // The addon's own formula (addon.cc StoreMilliseconds), so both paths give the same double.
      return read(id) ? (sHigh * TWO_32 + sLow) * 1e3 + nsec * 1e-6 : NaN;
    },
    ns(id) {
      return read(id) ? nanoseconds() : undefined;
    },
    pair(id) {
      return read(id) ? [sHigh * TWO_32 + sLow, nsec] : null;
    },
    into(id, out) {
      if (!read(id)) return false;
      out[0] = sHigh * TWO_32 + sLow;
      out[1] = nsec;
      return true;
    },
    report(fallback) {
      if (state === State.Untaken) take();
      if (state === State.Unproven) proveFirst();
      if (state === State.Pending) {
        // Wait for the next tick (bounded), so the report is final.
        const until = Date.now() + 100;
        while (state === State.Pending && Date.now() < until) promote();
      }
      if (state === State.Ready) {
        return {
          path: 'data-page',
          reason: `zero-call: read from the vDSO data page at ${page.address}; ${proof} (${page.reason})`,
          symbol: null,
          version: null,
          address: page.address ?? null,
        };
      }
      const pending = state === State.Pending ? 'proven, waiting for the next tick; until then ' : '';
      return {
        path: fallback.path,
        reason: `${pending}the clock_gettime call serves them (${fallback.reason}), not the data page: ${why}`,
        symbol: fallback.symbol,
        version: fallback.version,
        address: fallback.address,
      };
    },
  };
}
