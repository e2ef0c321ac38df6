import { invalidClockId } from './errors';

/**
 * Linux clock ids (include/uapi/linux/time.h). Any int32 is accepted where a
 * clock id is expected: dynamic clocks (from a POSIX clock fd) are negative.
 */
export const ClockId = Object.freeze({
  REALTIME: 0,
  MONOTONIC: 1,
  PROCESS_CPUTIME_ID: 2,
  THREAD_CPUTIME_ID: 3,
  MONOTONIC_RAW: 4,
  REALTIME_COARSE: 5,
  MONOTONIC_COARSE: 6,
  BOOTTIME: 7,
  REALTIME_ALARM: 8,
  BOOTTIME_ALARM: 9,
  TAI: 11,
} as const);

export type ClockName = keyof typeof ClockId;

export const CLOCK_REALTIME = ClockId.REALTIME;
export const CLOCK_MONOTONIC = ClockId.MONOTONIC;
export const CLOCK_PROCESS_CPUTIME_ID = ClockId.PROCESS_CPUTIME_ID;
export const CLOCK_THREAD_CPUTIME_ID = ClockId.THREAD_CPUTIME_ID;
export const CLOCK_MONOTONIC_RAW = ClockId.MONOTONIC_RAW;
export const CLOCK_REALTIME_COARSE = ClockId.REALTIME_COARSE;
export const CLOCK_MONOTONIC_COARSE = ClockId.MONOTONIC_COARSE;
export const CLOCK_BOOTTIME = ClockId.BOOTTIME;
export const CLOCK_REALTIME_ALARM = ClockId.REALTIME_ALARM;
export const CLOCK_BOOTTIME_ALARM = ClockId.BOOTTIME_ALARM;
export const CLOCK_TAI = ClockId.TAI;

/** The name of a known clock id, or undefined. */
export function clockName(id: number): ClockName | undefined {
  if (typeof id !== 'number' || (id | 0) !== id) throw invalidClockId(id);
  for (const name of Object.keys(ClockId) as ClockName[]) if (ClockId[name] === id) return name;
  return undefined;
}
