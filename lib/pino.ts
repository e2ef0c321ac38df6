/**
 * Timestamp functions for pino's `timestamp` option, read straight from
 * CLOCK_REALTIME with nanosecond precision (no Date.now() anchor plus a
 * monotonic offset, which drifts from the wall clock).
 *
 *   pino({ timestamp: pinoTime.epochTime })
 */
import { CLOCK_REALTIME } from './clock-id';
import { vdsoApi } from './vdso-api';

const { clockGettimeInto } = vdsoApi;
// [seconds, nanoseconds] of the last reading: no allocation per line. Shared by
// the three functions, so each reads it into locals before formatting anything.
const slots = new Float64Array(2);

function readRealtime(): void {
  clockGettimeInto(CLOCK_REALTIME, slots);
}

const nanos9 = (ns: number): string => String(ns).padStart(9, '0');

/** `,"time":1732700000123.456789`: epoch milliseconds, like pino's default, with the nanoseconds as the fraction. */
function epochTime(): string {
  readRealtime();
  const sec = slots[0], ns = nanos9(slots[1]);
  return `,"time":${sec}${ns.slice(0, 3)}.${ns.slice(3)}`;
}

/** `,"time":1732700000123456789`: epoch nanoseconds as an integer (exact in the text; parse it as a BigInt). */
function epochTimeNs(): string {
  readRealtime();
  const sec = slots[0], nsec = slots[1];
  return `,"time":${sec}${nanos9(nsec)}`;
}

// The date and time of day change once a second: format them once a second.
let isoSecond = NaN;
let isoPrefix = '';

/** `,"time":"2024-11-27T09:33:20.123456789Z"`: ISO-8601 UTC with nine fraction digits. */
function isoTime(): string {
  readRealtime();
  const sec = slots[0], nsec = slots[1];
  if (sec !== isoSecond) {
    isoPrefix = new Date(sec * 1000).toISOString().slice(0, 19);
    isoSecond = sec;
  }
  return `,"time":"${isoPrefix}.${nanos9(nsec)}Z"`;
}

export interface PinoTimeFunctions {
  epochTime(): string;
  epochTimeNs(): string;
  isoTime(): string;
}

/** pino `timestamp` functions (the counterparts of `pino.stdTimeFunctions`) from CLOCK_REALTIME. */
export const pinoTime: Readonly<PinoTimeFunctions> = Object.freeze({ epochTime, epochTimeNs, isoTime });
