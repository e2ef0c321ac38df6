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
import { binding } from './binding';
import { CLOCK_REALTIME } from './clock-id';
import { systemError } from './errors';

const { slots, clockIdSlot, clockGettime } = binding;

const DIGITS3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

// The last reading, split: whole milliseconds since the epoch, the
// millisecond within its second, and the nanoseconds within that millisecond.
let epochMs = 0;
let msOfSecond = 0;
let nsOfMs = 0;
// Formatted when the millisecond (or the second) changes.
let prefixMs = NaN;
let prefix = '';  // ,"time":<epoch ms>
let prefixDot = '';  // the same and the decimal point: one join less per call
let isoSecond = NaN;
let isoPrefix = '';  // ,"time":"<date>T<time of day>.

// Each function formats only its own digits, inline (pino calls one of them
// per log line): the table lookups and joins are most of its cost after the call.
function read(): void {
  clockIdSlot[0] = CLOCK_REALTIME;
  const e = clockGettime();
  const sec = slots[0];
  const nsec = slots[1] | 0;
  if (e !== undefined) throw systemError(e, 'clock_gettime', CLOCK_REALTIME);
  const ms = (nsec / 1000000) | 0;
  msOfSecond = ms;
  nsOfMs = nsec - ms * 1000000;
  epochMs = sec * 1000 + ms;
  if (epochMs !== prefixMs) {
    prefixMs = epochMs;
    prefix = `,"time":${epochMs}`;
    prefixDot = prefix + '.';
  }
  // Apart from the test above: epochTime moves prefixMs on its own.
  if (sec !== isoSecond) {
    isoSecond = sec;
    isoPrefix = `,"time":"${new Date(sec * 1000).toISOString().slice(0, 19)}.`;
  }
}

/** `,"time":1732700000123.456789`: epoch milliseconds, like pino's default, with the nanoseconds as the fraction. */
function epochTime(): string {
  // read() inlined by hand, in locals: the replacement for pino's default
  // must cost no more than it (module-level stores cost a few ns here).
  clockIdSlot[0] = CLOCK_REALTIME;
  const e = clockGettime();
  const sec = slots[0];
  const nsec = slots[1] | 0;
  if (e !== undefined) throw systemError(e, 'clock_gettime', CLOCK_REALTIME);
  const ms = (nsec / 1000000) | 0;
  const rest = nsec - ms * 1000000;
  const now = sec * 1000 + ms;
  if (now !== prefixMs) {
    prefixMs = now;
    prefix = `,"time":${now}`;
    prefixDot = prefix + '.';
  }
  const us = (rest / 1000) | 0;
  return prefixDot + DIGITS3[us] + DIGITS3[rest - us * 1000];
}

/**
 * `,"time":1732700000123456789`: epoch nanoseconds as an integer. Exact in the
 * text, but 19 digits are beyond a double: JSON.parse in JS rounds it (read
 * the text with a BigInt-aware parser, or use epochTimeNsString).
 */
function epochTimeNs(): string {
  read();
  const us = (nsOfMs / 1000) | 0;
  return prefix + DIGITS3[us] + DIGITS3[nsOfMs - us * 1000];
}

/** `,"time":"1732700000123456789"`: epoch nanoseconds as a string, which JSON.parse keeps to the digit (BigInt(time)). */
function epochTimeNsString(): string {
  read();
  const us = (nsOfMs / 1000) | 0;
  return `,"time":"${epochMs}${DIGITS3[us]}${DIGITS3[nsOfMs - us * 1000]}"`;
}

/** `,"time":"2024-11-27T09:33:20.123456789Z"`: ISO-8601 UTC with nine fraction digits. */
function isoTime(): string {
  read();
  const us = (nsOfMs / 1000) | 0;
  return `${isoPrefix}${DIGITS3[msOfSecond]}${DIGITS3[us]}${DIGITS3[nsOfMs - us * 1000]}Z"`;
}

export interface PinoTimeFunctions {
  epochTime(): string;
  epochTimeNs(): string;
  epochTimeNsString(): string;
  isoTime(): string;
}

/** pino `timestamp` functions (the counterparts of `pino.stdTimeFunctions`) from CLOCK_REALTIME. */
export const pinoTime: Readonly<PinoTimeFunctions> = Object.freeze({ epochTime, epochTimeNs, epochTimeNsString, isoTime });
