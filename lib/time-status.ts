/**
 * Is this clock right? The kernel's clock discipline (what the NTP daemon
 * last told it) through clock_adjtime(CLOCK_REALTIME) with modes 0, which
 * reads and changes nothing, and CLOCK_REALTIME bounded by its maximum error.
 */
import type { ClockCalls, NativeBinding } from './binding';
import { systemError } from './errors';
import type { ClockBound, TimeState, TimeStatus, TimeStatusBit } from './types';

export type { ClockBound, TimeState, TimeStatus, TimeStatusBit } from './types';

// adjtimex's return values, TIME_OK (0) ... TIME_ERROR (5).
const STATES: readonly TimeState[] = ['ok', 'insert-leap', 'delete-leap', 'leap-in-progress', 'leap-done', 'error'];
const TIME_ERROR = 5;

// STA_PLL (bit 0) ... STA_CLK (bit 15).
const STATUS_BITS: readonly TimeStatusBit[] = [
  'STA_PLL', 'STA_PPSFREQ', 'STA_PPSTIME', 'STA_FLL', 'STA_INS', 'STA_DEL', 'STA_UNSYNC', 'STA_FREQHOLD',
  'STA_PPSSIGNAL', 'STA_PPSJITTER', 'STA_PPSWANDER', 'STA_PPSERROR', 'STA_CLOCKERR', 'STA_NANO', 'STA_MODE', 'STA_CLK',
];
const STA_INS = 0x0010;
const STA_DEL = 0x0020;
const STA_UNSYNC = 0x0040;
const STA_NANO = 0x2000;

// freq and tolerance are ppm in 16.16 fixed point.
const PPM_SCALE = 65536;

// The addon's fields, in its order (native/time_status_addon.cc, enum Field).
const F = {
  state: 0, status: 1, offset: 2, freq: 3, maxerror: 4, esterror: 5, constant: 6, precision: 7, tolerance: 8,
  timeSec: 9, timeFrac: 10, tick: 11, ppsfreq: 12, jitter: 13, shift: 14, stabil: 15, jitcnt: 16, calcnt: 17,
  errcnt: 18, stbcnt: 19, tai: 20,
} as const;
const FIELD_COUNT = 21;

/** A reading in the kernel's units, as the user-facing object. */
function describeTimeStatus(r: Float64Array): TimeStatus {
  const bits = r[F.status];
  const state = r[F.state];
  const names = STATUS_BITS.filter((_, i) => (bits & (1 << i)) !== 0);
  return {
    synchronized: (bits & STA_UNSYNC) === 0 && state !== TIME_ERROR,
    state: STATES[state] ?? 'error',
    stateCode: state,
    maxErrorUs: r[F.maxerror],
    estErrorUs: r[F.esterror],
    offsetNs: bits & STA_NANO ? r[F.offset] : r[F.offset] * 1000,
    frequencyPpm: r[F.freq] / PPM_SCALE,
    taiOffset: r[F.tai],
    status: { bits, names },
    leapSecond: bits & STA_INS ? 'insert' : bits & STA_DEL ? 'delete' : null,
    tolerancePpm: r[F.tolerance] / PPM_SCALE,
    precisionUs: r[F.precision],
    tickUs: r[F.tick],
    timeConstant: r[F.constant],
  };
}

/** timeStatus() and boundedNow() over the addon (or the JS backend, which says why it cannot). */
export function makeClockTruth(native: Pick<NativeBinding, 'timeStatus' | 'timeStatusSyscall'>, calls: Pick<ClockCalls, 'slots' | 'nanosecondsSlot' | 'timeBound'>) {
  const { slots, nanosecondsSlot, timeBound } = calls;

  /**
   * The kernel's clock discipline: whether CLOCK_REALTIME is synchronized, its
   * maximum and estimated error, the offset and frequency correction in
   * progress, the TAI offset, a pending leap second, the raw STA_* bits. One
   * system call (clock_adjtime(CLOCK_REALTIME) with modes 0: nothing is set,
   * any user may make it). The numbers are what the NTP daemon wrote: see
   * docs/clock-truth.md for what they do and do not mean.
   */
  function timeStatus(): TimeStatus {
    const read = native.timeStatus;
    // Its own array per call: 168 bytes cost nothing next to the system call.
    const out = new Float64Array(FIELD_COUNT);
    const e = read(out);
    if (e !== undefined) throw systemError(e, native.timeStatusSyscall);
    return describeTimeStatus(out);
  }

  /**
   * CLOCK_REALTIME now, in ns, with the kernel's maximum error on either side:
   * `{ earliest, latest, synchronized }`. The clock is read first (through the
   * vDSO), then maxerror (a system call: a few hundred ns, see the benchmark),
   * so a second boundary between the two can only widen the bound.
   *
   * A bound may be reused later only widened: the kernel grows maxerror by its
   * tolerance (500 ppm: 500 us per second) at every second boundary, so a bound
   * read `elapsed` ago is `latest - earliest` plus 2 * 500 ppm * elapsed wide
   * now (docs/clock-truth.md). Reading it again is cheaper than getting that wrong.
   */
  function boundedNow(): ClockBound {
    // One call: the clock through the vDSO, then maxerror; both come back as integers, so no BigInt (a global
    // a caller may have replaced) is in the way of the bound.
    const e = timeBound();
    const now = nanosecondsSlot[0], error = nanosecondsSlot[1], synced = slots[0];
    if (e !== undefined) throw systemError(e, native.timeStatusSyscall);
    return { earliest: now - error, latest: now + error, synchronized: synced === 1 };
  }

  return { timeStatus, boundedNow };
}
