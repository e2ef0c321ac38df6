/**
 * OpenTelemetry on CLOCK_REALTIME. @opentelemetry/core's own hrTime() is
 * performance.timeOrigin plus performance.now(): whole milliseconds of
 * Date.now() at the origin and a monotonic offset, which drifts from the wall
 * clock as the process runs and lets spans under a millisecond collapse or
 * reorder. otelHrTime() reads the wall clock itself, to the nanosecond; and
 * vdsoTracer() makes a tracer stamp both ends of every span with it (a start
 * time passed alone is not enough: the SDK ends the span on its own clock,
 * and a start from another clock gives a duration of [0, 0]).
 */
import { CLOCK_REALTIME } from './clock-id';
import type { Timespec } from './clock-api';
import type { ClockBound } from './types';

/** `[epochSeconds, nanoseconds]`, the shape of `@opentelemetry/api`'s HrTime. */
export type OtelHrTime = [number, number];

/** What vdsoTracer() needs of a span: `@opentelemetry/api`'s Span has it. */
export interface OtelSpanLike {
  end(endTime?: unknown): void;
}

/** What vdsoTracer() needs of a tracer: `@opentelemetry/api`'s Tracer has it. */
export interface OtelTracerLike {
  startSpan(name: string, options?: { startTime?: unknown; attributes?: unknown }, context?: unknown): OtelSpanLike;
  startActiveSpan(name: string, ...args: unknown[]): unknown;
}

/** Span attributes saying how far CLOCK_REALTIME may be off (see otelClockAttributes). */
export interface OtelClockAttributes {
  /** The kernel says an NTP daemon disciplines the clock (STA_UNSYNC clear). */
  'vdso.clock.synchronized': boolean;
  /** The kernel's maximum error of the wall clock, in ns: the span's times are within this of UTC. */
  'vdso.clock.max_error_ns': number;
}

/** vdsoTracer()'s options. */
export interface VdsoTracerOptions {
  /**
   * Also stamp each span with how far the wall clock may be off
   * (`vdso.clock.synchronized`, `vdso.clock.max_error_ns`, from boundedNow()).
   * Off by default: it adds a system call to every span start.
   */
  clockBound?: boolean;
}

/** The OpenTelemetry fits over the package's clockGettime and boundedNow. */
export function makeOtel(clockGettime: (id: number) => Timespec, boundedNow: () => ClockBound) {
  /** The current time as an OpenTelemetry HrTime, for span start/end times and `hrTimeTo*()`. */
  function otelHrTime(): OtelHrTime {
    return clockGettime(CLOCK_REALTIME);
  }

  function ended<S extends OtelSpanLike>(span: S): S {
    const end = span.end;
    span.end = function (endTime?: unknown) {
      return end.call(span, endTime ?? otelHrTime());
    };
    return span;
  }

  function started<O extends { startTime?: unknown }>(options: O | undefined): O {
    return { ...options, startTime: options?.startTime ?? otelHrTime() } as O;
  }

  /**
   * How far the wall clock may be off right now, as span attributes (or
   * resource attributes). One system call (boundedNow()): call it per span only
   * where the bound matters, or per export batch.
   */
  function otelClockAttributes(): OtelClockAttributes {
    const b = boundedNow();
    return { 'vdso.clock.synchronized': b.synchronized, 'vdso.clock.max_error_ns': Number((b.latest - b.earliest) / 2n) };
  }

  // The start time from boundedNow()'s reading, so the attributes are the error of that very time.
  function startedWithBound<O extends { startTime?: unknown; attributes?: unknown }>(options: O | undefined): O {
    const b = boundedNow();
    const half = (b.latest - b.earliest) / 2n;
    const mid = b.earliest + half;
    const attributes = { ...(options?.attributes as object | undefined), 'vdso.clock.synchronized': b.synchronized, 'vdso.clock.max_error_ns': Number(half) };
    return { ...options, startTime: options?.startTime ?? [Number(mid / 1_000_000_000n), Number(mid % 1_000_000_000n)], attributes } as O;
  }

  /**
   * The tracer, with every span started and ended on CLOCK_REALTIME in
   * nanoseconds (where the caller gives no time of its own):
   *
   *   const tracer = vdsoTracer(trace.getTracer('app'));
   *   const span = tracer.startSpan('work');  ...  span.end();
   *
   * Everything else is the tracer's own. Works with the SDK's 2.x and 3.x.
   * `{ clockBound: true }` also records how far the wall clock may be off on
   * every span (a system call per span: see docs/clock-truth.md).
   */
  function vdsoTracer<T extends OtelTracerLike>(tracer: T, options: VdsoTracerOptions = {}): T {
    const start = options.clockBound === true ? startedWithBound : started;
    const wrapped = Object.create(tracer) as T;
    wrapped.startSpan = (name, options, context) => ended(tracer.startSpan(name, start(options), context));
    // startActiveSpan(name, fn), (name, options, fn), (name, options, context, fn)
    wrapped.startActiveSpan = (name: string, ...args: unknown[]) => {
      const fn = args[args.length - 1] as (span: OtelSpanLike) => unknown;
      if (typeof fn !== 'function') return tracer.startActiveSpan(name, ...args);
      const options = args.length >= 2 ? (args[0] as { startTime?: unknown }) : undefined;
      const rest = args.length >= 3 ? [args[1]] : [];
      return tracer.startActiveSpan(name, start(options), ...rest, (span: OtelSpanLike) => fn(ended(span)));
    };
    return wrapped;
  }

  return { otelHrTime, vdsoTracer, otelClockAttributes };
}
