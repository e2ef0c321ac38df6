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

/** The view over the page, its offsets fixed: what the hot path reads through. */
interface PageReader {
  /** One consistent reading of the clock at word `at` into the reader's sec/nsec; false if the page cannot answer. */
  load(at: number): boolean;
  ms(at: number): number;
  pair(at: number): Timespec | null;
  into(at: number, out: Float64Array): boolean;
  ns(at: number): bigint | undefined;
  seconds(): number;
  nanoseconds(): number;
  /** Set when the page turned into a time namespace's: the reader must not be used again. */
  timens: boolean;
  readonly seqAt: number;
  readonly words: Uint32Array;
}

// A reader built once the page is taken, every offset a constant of its
// closures, so the JIT folds them into the loads.
function makePageReader(offer: DataPageOffer): PageReader {
  const words = new Uint32Array(offer.buffer!);
  const seqAt = offer.seq! >>> 2;
  const modeAt = offer.clockMode! >>> 2;
  // struct vdso_timestamp { u64 sec; u64 nsec; } in the kernel's byte order.
  const lo = offer.bigEndian ? 1 : 0;
  const hi = 1 - lo;
  let sHigh = 0;
  let sLow = 0;
  let nsec = 0;

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
        reader.timens = true;
        return false;
      }
    }
    return false;
  }

  // seconds * 1e9 + nsec, exactly, as one int64 assembled from 32-bit halves
  // with exact double arithmetic (every partial product below 2**53, powers
  // of two by multiplication, no fmod): one bigint allocation, as the addon's
  // own nanosecond slot costs.
  const scratch = new BigInt64Array(1);
  const halves = new Uint32Array(scratch.buffer);
  function int64(): bigint {
    const t1 = (sLow & 0xffff) * 1e9 + nsec;       // < 2**46
    const t2 = (sLow >>> 16) * 1e9;                // < 2**46, weighs 2**16
    const t2High = Math.floor(t2 * TWO_MINUS_16);
    const u = t1 + (t2 - t2High * 65536) * 65536;  // < 2**47
    const uHigh = Math.floor(u * TWO_MINUS_32);
    halves[lo] = u - uHigh * TWO_32;               // the kernel's byte order is this process's
    halves[hi] = uHigh + t2High + sHigh * 1e9;
    return scratch[0];
  }

  const reader: PageReader = {
    load,
    // The addon's own formula (addon.cc StoreMilliseconds), so both paths give the same double.
    ms: (at) => (load(at) ? (sHigh * TWO_32 + sLow) * 1e3 + nsec * 1e-6 : NaN),
    pair: (at) => (load(at) ? [sHigh * TWO_32 + sLow, nsec] : null),
    into(at, out) {
      if (!load(at)) return false;
      out[0] = sHigh * TWO_32 + sLow;
      out[1] = nsec;
      return true;
    },
    ns: (at) => (load(at) ? int64() : undefined),
    seconds: () => sHigh * TWO_32 + sLow,
    nanoseconds: () => nsec,
    timens: false,
    seqAt,
    words,
  };
  return reader;
}

export function makeCoarseClocks(native: NativeBinding): CoarseClocks {
  // Everything happens at the first coarse call (or report), none at load.
  let state = State.Untaken;
  let offer: DataPageOffer = { buffer: null, reason: '', kernelVersion: null };
  let why = '';
  let proof = '';
  let page: PageReader | null = null;
  let rtAt = 0;
  let moAt = 0;
  let seq0 = 0;
  // The reader, once proven; until then every call goes by way of promote().
  let ready: PageReader | null = null;

  function take(): void {
    offer = native.takeDataPage();
    why = offer.reason;
    state = State.Refused;
    if (offer.buffer === null) return;
    page = makePageReader(offer);
    rtAt = offer.realtimeCoarse! >>> 2;
    moAt = offer.monotonicCoarse! >>> 2;
    state = State.Unproven;
  }

  function refuse(reason: string): void {
    state = State.Refused;
    ready = null;
    why = reason;
  }

  // `reads` rounds of view, vDSO call, view for each clock: the call must equal
  // one of the two readings around it (a tick may fall between). Null or why not.
  function prove(reads: number): string | null {
    const p = page!;
    const { slots, clockIdSlot } = native;
    for (const [id, at, name] of [[5, rtAt, 'REALTIME_COARSE'], [6, moAt, 'MONOTONIC_COARSE']] as const) {
      for (let i = 0; i < reads; i++) {
        if (!p.load(at)) return `${name}: the page's counter stayed odd`;
        const s1 = p.seconds(), n1 = p.nanoseconds();
        clockIdSlot[0] = id;
        const e = native.clockGettime();
        const s = slots[0], n = slots[1];
        if (e !== undefined) return `${name}: the vDSO call failed (errno ${e})`;
        if (!p.load(at)) return `${name}: the page's counter stayed odd`;
        const s2 = p.seconds(), n2 = p.nanoseconds();
        const same1 = s === s1 && n === n1;
        const same2 = s === s2 && n === n2;
        const ordered = (s1 < s || (s1 === s && n1 <= n)) && (s < s2 || (s === s2 && n <= n2));
        if (!ordered || !(same1 || same2)) return `${name}: the page said ${s1}.${n1} and ${s2}.${n2} around the vDSO's ${s}.${n}`;
      }
    }
    return null;
  }

  function proveFirst(): void {
    const failed = prove(READS_FIRST);
    if (failed !== null) return refuse(`the data page was refused: ${failed} (${offer.reason})`);
    state = State.Pending;
    seq0 = page!.words[page!.seqAt];
    proof = `${READS_FIRST} reads of each clock equal the vDSO's own results exactly, the counter even`;
  }

  // The slow path of every form until the reader is ready: the proof, step by
  // step as the calls come. True when the reader may serve this call.
  function promote(): boolean {
    if (state === State.Untaken) take();
    if (state === State.Unproven) proveFirst();
    if (state !== State.Pending) return false;
    const seq = page!.words[page!.seqAt];
    if (seq === seq0) return false;
    const failed = prove(READS_AFTER_TICK);
    if (failed !== null) {
      refuse(`the data page was refused after the first tick: ${failed}`);
      return false;
    }
    proof += `; after the counter advanced from ${seq0} to ${seq}, ${READS_AFTER_TICK} more agreed`;
    state = State.Ready;
    ready = page;
    return true;
  }

  // A read that failed on a time namespace's page retires the reader for good.
  function missed<T>(miss: T): T {
    if (page?.timens) refuse('the process entered a time namespace, whose data page redirects');
    return miss;
  }

  const atOf = (id: number) => (id === CLOCK_REALTIME_COARSE ? rtAt : moAt);

  return {
    ms(id) {
      const r = ready ?? (promote() ? ready : null);
      if (r === null) return NaN;
      const v = r.ms(atOf(id));
      return v === v ? v : missed(NaN);
    },
    ns(id) {
      const r = ready ?? (promote() ? ready : null);
      if (r === null) return undefined;
      return r.ns(atOf(id)) ?? missed(undefined);
    },
    pair(id) {
      const r = ready ?? (promote() ? ready : null);
      if (r === null) return null;
      return r.pair(atOf(id)) ?? missed(null);
    },
    into(id, out) {
      const r = ready ?? (promote() ? ready : null);
      if (r === null) return false;
      return r.into(atOf(id), out) || missed(false);
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
          reason: `zero-call: read from the vDSO data page at ${offer.address}; ${proof} (${offer.reason})`,
          symbol: null,
          version: null,
          address: offer.address ?? null,
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
