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
import { calls } from './binding';
import { CLOCK_REALTIME } from './clock-id';
import { systemError } from './errors';

const { slots, clockIdSlot, clockGettime } = calls;

const DIGITS3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

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

export interface PinoTimeFunctions {
  epochTime(): string;
  epochTimeNs(): string;
  epochTimeNsString(): string;
  isoTime(): string;
}

/** pino `timestamp` functions (the counterparts of `pino.stdTimeFunctions`) from CLOCK_REALTIME. */
export const pinoTime: Readonly<PinoTimeFunctions> = Object.freeze({ epochTime, epochTimeNs, epochTimeNsString, isoTime });
