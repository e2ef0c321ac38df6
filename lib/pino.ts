/**
 * Timestamp functions for pino's `timestamp` option, read straight from
 * CLOCK_REALTIME with nanosecond precision (no Date.now() anchor plus a
 * monotonic offset, which drifts from the wall clock).
 *
 *   pino({ timestamp: pinoTime.epochTime })
 *
 * Each is one call into the addon and a few string joins: the digits that
 * change at most once a millisecond (or second) are formatted only then, the
 * rest come from a table of 000..999, with integer arithmetic only.
 */
import type { ClockCalls } from './binding';
import { CLOCK_MONOTONIC, CLOCK_REALTIME } from './clock-id';
import { systemError } from './errors';
import type { TimeStatus } from './types';

export interface PinoTimeFunctions {
  epochTime(): string;
  epochTimeNs(): string;
  epochTimeNsString(): string;
  isoTime(): string;
}

/** What pinoClockMixin() adds to a line. */
export interface PinoClockFields {
  clock: {
    synchronized: boolean;
    /** The kernel's maximum error of the wall clock in us, or null when it cannot be read (`error` says why). */
    maxErrorUs: number | null;
    error?: string;
  };
}

const DIGITS3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * pinoTime and pinoClockMixin over the package's own clock calls (the slots
 * are read into locals at once, as every caller of them does), its
 * clockGettimeNs and its timeStatus.
 */
export function makePino(calls: Pick<ClockCalls, 'slots' | 'clockIdSlot' | 'clockGettime'>, clockGettimeNs: (id: number) => bigint, timeStatus: () => TimeStatus) {
  const { slots, clockIdSlot, clockGettime } = calls;

  // Formatted when the millisecond (or the second) changes; prefixMs is the
  // last reading's whole milliseconds since the epoch.
  let prefixMs = NaN;
  let prefix = '';  // ,"time":<epoch ms>
  let prefixDot = '';  // the same and the decimal point: one join less per call
  let isoSecond = NaN;
  let isoPrefix = '';  // ,"time":"<date>T<time of day>.

  // Reads CLOCK_REALTIME, brings the prefixes up to date, and returns the
  // nanoseconds within the millisecond. Everything per call stays in locals
  // (a module-level store per field cost a few ns, and pino calls one of
  // these per log line).
  function read(): number {
    clockIdSlot[0] = CLOCK_REALTIME;
    const e = clockGettime();
    const sec = slots[0];
    const nsec = slots[1] | 0;
    if (e !== undefined) throw systemError(e, 'clock_gettime', CLOCK_REALTIME);
    const ms = (nsec / 1000000) | 0;
    const epochMs = sec * 1000 + ms;
    if (epochMs !== prefixMs) {
      prefixMs = epochMs;
      prefix = `,"time":${epochMs}`;
      prefixDot = prefix + '.';
      if (sec !== isoSecond) {
        isoSecond = sec;
        isoPrefix = `,"time":"${new Date(sec * 1000).toISOString().slice(0, 19)}.`;
      }
    }
    return nsec - ms * 1000000;
  }

  /** `,"time":1732700000123.456789`: epoch milliseconds, like pino's default, with the nanoseconds as the fraction. */
  function epochTime(): string {
    const ns = read();
    const us = (ns / 1000) | 0;
    return prefixDot + DIGITS3[us] + DIGITS3[ns - us * 1000];
  }

  /**
   * `,"time":1732700000123456789`: epoch nanoseconds as an integer. Exact in the
   * text, but 19 digits are beyond a double: JSON.parse in JS rounds it (read
   * the text with a BigInt-aware parser, or use epochTimeNsString).
   */
  function epochTimeNs(): string {
    const ns = read();
    const us = (ns / 1000) | 0;
    return prefix + DIGITS3[us] + DIGITS3[ns - us * 1000];
  }

  /** `,"time":"1732700000123456789"`: epoch nanoseconds as a string, which JSON.parse keeps to the digit (BigInt(time)). */
  function epochTimeNsString(): string {
    const ns = read();
    const us = (ns / 1000) | 0;
    return `,"time":"${prefixMs}${DIGITS3[us]}${DIGITS3[ns - us * 1000]}"`;
  }

  /** `,"time":"2024-11-27T09:33:20.123456789Z"`: ISO-8601 UTC with nine fraction digits. */
  function isoTime(): string {
    const ns = read();
    const us = (ns / 1000) | 0;
    return `${isoPrefix}${DIGITS3[prefixMs % 1000]}${DIGITS3[us]}${DIGITS3[ns - us * 1000]}Z"`;
  }

  /** pino `timestamp` functions (the counterparts of `pino.stdTimeFunctions`) from CLOCK_REALTIME. */
  const pinoTime: Readonly<PinoTimeFunctions> = Object.freeze({ epochTime, epochTimeNs, epochTimeNsString, isoTime });

  /**
   * A pino `mixin` that adds how far the line's time may be off:
   *
   *   pino({ timestamp: pinoTime.isoTime, mixin: pinoClockMixin() })
   *   -> {"time":"...","clock":{"synchronized":true,"maxErrorUs":1234},...}
   *
   * The kernel is asked at most once a second (a system call), not per line.
   * A reading reused within that second is widened by one second of the
   * kernel's tolerance (500 us: the most the kernel adds to maxerror at a
   * second boundary), so the figure never understates the kernel's bound. A
   * change to `synchronized` shows up within a second.
   */
  function pinoClockMixin(): () => PinoClockFields {
    let readAt = 0n;
    let last: TimeStatus | null = null;
    let error: string | undefined;
    return function clockMixin(): PinoClockFields {
      const now = clockGettimeNs(CLOCK_MONOTONIC);
      const fresh = last === null && error === undefined || now - readAt >= 1_000_000_000n;
      if (fresh) {
        readAt = now;
        try {
          last = timeStatus();
          error = undefined;
        } catch (e) {
          last = null;
          error = (e as { code?: string }).code ?? 'ERROR';
        }
      }
      if (last === null) return { clock: { synchronized: false, maxErrorUs: null, error } };
      return { clock: { synchronized: last.synchronized, maxErrorUs: fresh ? last.maxErrorUs : last.maxErrorUs + last.tolerancePpm } };
    };
  }

  return { pinoTime, pinoClockMixin };
}
