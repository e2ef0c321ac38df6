/**
 * OpenTelemetry's HrTime from CLOCK_REALTIME. @opentelemetry/core's own
 * hrTime() is performance.timeOrigin plus performance.now(), which drifts away
 * from the wall clock as the process runs; this reads the wall clock itself.
 */
import { CLOCK_REALTIME } from './clock-id';
import { vdsoApi } from './vdso-api';

/** `[epochSeconds, nanoseconds]`, the shape of `@opentelemetry/api`'s HrTime. */
export type OtelHrTime = [number, number];

const { clockGettime } = vdsoApi;

/** The current time as an OpenTelemetry HrTime, for span start/end times and `hrTimeTo*()`. */
export function otelHrTime(): OtelHrTime {
  return clockGettime(CLOCK_REALTIME);
}
