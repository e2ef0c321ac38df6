/**
 * OpenTelemetry's HrTime from CLOCK_REALTIME. @opentelemetry/core's own
 * hrTime() is performance.timeOrigin plus performance.now(), which drifts away
 * from the wall clock as the process runs; this reads the wall clock itself.
 */
import { binding } from './binding';
import { CLOCK_REALTIME } from './clock-id';
import { systemError } from './errors';

/** `[epochSeconds, nanoseconds]`, the shape of `@opentelemetry/api`'s HrTime. */
export type OtelHrTime = [number, number];

const { slots, clockGettime } = binding;

/** The current time as an OpenTelemetry HrTime, for span start/end times and `hrTimeTo*()`. */
export function otelHrTime(): OtelHrTime {
  const e = clockGettime(CLOCK_REALTIME);
  if (e !== undefined) throw systemError(e, 'clock_gettime', CLOCK_REALTIME);
  return [slots[0], slots[1]];
}
