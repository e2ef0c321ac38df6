/**
 * The zero-call coarse clocks. CLOCK_REALTIME_COARSE and CLOCK_MONOTONIC_COARSE
 * are the time of the kernel's last tick, which it writes into the vDSO data
 * page under a sequence counter; the vDSO's own coarse functions just copy
 * them out. Here JS reads them itself, with the same seqlock protocol and no
 * native call at all, through a reader the addon compiles around its own view
 * of the page (native/data_page_reader.cc): a write to the page would kill
 * the process, so no JS but that reader ever holds the view.
 *
 * The page's layout is the kernel's private business, so the addon offers it
 * only for layouts it knows, and JS uses it only after proving it: before the
 * first read (at the first coarse call, so loading the package pays nothing),
 * reads through the page must equal the vDSO's own results exactly with the
 * counter even; after the next tick, the counter must have advanced and more
 * reads agree. Until then, and wherever anything fails, the vDSO call serves
 * these clocks as before. The proof uses no global a caller could replace.
 */
import type { ClockCalls, DataPageOffer, DataPageReader, NativeBinding } from './binding';
import type { FunctionBackend } from './types';
import type { Timespec } from './clock-api';
import { CLOCK_MONOTONIC, CLOCK_MONOTONIC_COARSE, CLOCK_REALTIME_COARSE } from './clock-id';

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
// How long report() waits for the next tick to finish the proof (a tick is at most 10 ms at HZ=100).
const TICK_WAIT_MS = 100;

const enum State { Untaken, Refused, Unproven, Pending, Ready }

export function makeCoarseClocks(native: NativeBinding, calls: ClockCalls, setting: string | undefined): CoarseClocks {
  // Everything happens at the first coarse call (or report), none at load.
  let state = State.Untaken;
  let offer: DataPageOffer = { reader: null, reason: '', kernelVersion: null, address: null };
  let why = '';
  let proof = '';
  let page: DataPageReader | null = null;
  let seq0 = 0;
  // The reader, once proven; until then every call goes by way of promote().
  let ready: DataPageReader | null = null;

  function take(): void {
    offer = native.dataPageReader(setting);
    why = offer.reason;
    state = State.Refused;
    if (offer.reader === null) return;
    page = offer.reader;
    state = State.Unproven;
  }

  function refuse(reason: string): void {
    state = State.Refused;
    ready = null;
    why = reason;
  }

  // `reads` rounds of page, vDSO call, page for each clock: the call must lie
  // between the two readings and equal one of them (a tick may fall between).
  // An ordered call equal to neither had two ticks around it: that round proves
  // nothing either way (the first vDSO call in an emulated VM can take that
  // long), and up to `reads` such rounds are run again. Null or why not.
  function prove(reads: number): string | null {
    const p = page!;
    const { slots, clockIdSlot, clockGettime } = calls;
    for (let k = 0; k < 2; k++) {
      const id = k === 0 ? CLOCK_REALTIME_COARSE : CLOCK_MONOTONIC_COARSE;
      const name = k === 0 ? 'REALTIME_COARSE' : 'MONOTONIC_COARSE';
      let agreed = 0, straddled = 0;
      while (agreed < reads) {
        if (!p.load(id)) return `${name}: the page's counter stayed odd`;
        const s1 = p.seconds(), n1 = p.nanoseconds();
        clockIdSlot[0] = id;
        const e = clockGettime();
        const s = slots[0], n = slots[1];
        if (e !== undefined) return `${name}: the vDSO call failed (errno ${e})`;
        if (!p.load(id)) return `${name}: the page's counter stayed odd`;
        const s2 = p.seconds(), n2 = p.nanoseconds();
        const ordered = (s1 < s || (s1 === s && n1 <= n)) && (s < s2 || (s === s2 && n <= n2));
        const equal = (s === s1 && n === n1) || (s === s2 && n === n2);
        if (ordered && equal) agreed++;
        else if (!ordered || straddled++ === reads) return `${name}: the page said ${s1}.${n1} and ${s2}.${n2} around the vDSO's ${s}.${n}`;
      }
    }
    return null;
  }

  function proveFirst(): void {
    const failed = prove(READS_FIRST);
    if (failed !== null) return refuse(`the data page was refused: ${failed} (${offer.reason})`);
    state = State.Pending;
    seq0 = page!.sequence();
    proof = `${READS_FIRST} reads of each clock equal the vDSO's own results exactly, the counter even`;
  }

  // The slow path of every form until the reader is ready: the proof, step by
  // step as the calls come. True when the reader may serve this call.
  function promote(): boolean {
    if (state === State.Untaken) take();
    if (state === State.Unproven) proveFirst();
    if (state !== State.Pending) return false;
    const seq = page!.sequence();
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
    if (page !== null && page.timens()) refuse('the process entered a time namespace, whose data page redirects');
    return miss;
  }

  // CLOCK_MONOTONIC in ms through the package's own calls: no Date.now() a caller could have replaced.
  function monotonicMs(): number {
    calls.clockIdSlot[0] = CLOCK_MONOTONIC;
    const e = calls.clockGettimeMs();
    return e === undefined ? calls.slots[0] : Infinity;
  }

  return {
    ms(id) {
      const r = ready ?? (promote() ? ready : null);
      if (r === null) return NaN;
      const v = r.ms(id);
      return v === v ? v : missed(NaN);
    },
    ns(id) {
      const r = ready ?? (promote() ? ready : null);
      if (r === null) return undefined;
      return r.ns(id) ?? missed(undefined);
    },
    pair(id) {
      const r = ready ?? (promote() ? ready : null);
      if (r === null) return null;
      return r.pair(id) ?? missed(null);
    },
    into(id, out) {
      const r = ready ?? (promote() ? ready : null);
      if (r === null) return false;
      return r.into(id, out) || missed(false);
    },
    report(fallback) {
      if (state === State.Untaken) take();
      if (state === State.Unproven) proveFirst();
      if (state === State.Pending) {
        // Wait for the next tick (bounded), so the report is final.
        const until = monotonicMs() + TICK_WAIT_MS;
        while (state === State.Pending && monotonicMs() < until) promote();
      }
      if (state === State.Ready) {
        return {
          path: 'data-page',
          reason: `zero-call: read from the vDSO data page at ${offer.address}; ${proof} (${offer.reason})`,
          symbol: null,
          version: null,
          address: offer.address,
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
