/**
 * vdso: the Linux kernel's vDSO clocks, called directly from Node.js.
 *
 * Every clock function goes through the vDSO entry point found by our own
 * version-checked ELF lookup, and falls back to the real system call where
 * the vDSO is missing, lacks the symbol, or declines the call.
 */
import { binding, calls, loaded as loadedBackend } from './binding';
import type { Backend, ImageDescription, VdsoInfo } from './types';
import { lazyBackend } from './backend';
import { makeClockApi, makeHrtime, makePerformanceNow } from './clock-api';
import { coarseClocks, vdsoApi } from './vdso-api';
import type { ClockApi } from './clock-api';
import { isDetached } from './detached';
import { detachedBuffer } from './errors';

import * as clockIds from './clock-id';
export type { ClockName } from './clock-id';
export type { Cpu, ClockApi, Hrtime, PerformanceNow, Timespec, Timeval } from './clock-api';
export type { AbiFunction, Backend, BackendName, FunctionBackend, FunctionName, ImageDescription, SymbolInfo, VdsoInfo, VdsoInfoAbsent, VdsoInfoRead, VdsoInfoUnread } from './types';
export type { VdsoSystemError } from './errors';
import type { GetrandomState } from './types';
export type { GetrandomState } from './types';
export type { PinoClockFields, PinoTimeFunctions } from './pino';
export type { OtelClockAttributes, OtelHrTime, OtelSpanLike, OtelTracerLike, VdsoTracerOptions } from './otel';
export type { CpuReportOptions, ThreadCpu } from './cpu';
export type { ClockBound, TimeState, TimeStatus, TimeStatusBit } from './time-status';
export type { LoadedBackend } from './types';
import * as randomFlags from './random-flags';
import type * as Extras from './extras';
import type * as PinoModule from './pino';
import type * as OtelModule from './otel';
import type * as CpuModule from './cpu';
import type * as TimeStatusModule from './time-status';
export type { VdsoUnavailableError } from './fallback';

// Plain data properties, each named here: CommonJS consumers read them at
// full speed, and an ES module import finds every name (Node's loader reads
// `exports.NAME =` in this file; an `export *` would hide them).
export const {
  ClockId,
  CLOCK_REALTIME,
  CLOCK_MONOTONIC,
  CLOCK_PROCESS_CPUTIME_ID,
  CLOCK_THREAD_CPUTIME_ID,
  CLOCK_MONOTONIC_RAW,
  CLOCK_REALTIME_COARSE,
  CLOCK_MONOTONIC_COARSE,
  CLOCK_BOOTTIME,
  CLOCK_REALTIME_ALARM,
  CLOCK_BOOTTIME_ALARM,
  CLOCK_TAI,
  clockName,
} = clockIds;

/**
 * Which backend serves this process: the native addon (and which file) or the pure-JS fallback, and why.
 * A plain property, not a re-export: TypeScript turns `export { x } from` into an accessor that
 * redefines a data property, which drops this module object into slow (dictionary) mode and costs
 * every `vdso.clockGettime(...)` call through it a few ns.
 */
export const loaded = loadedBackend;

export const {
  clockGettime,
  clockGettimeNs,
  clockGettimeMs,
  clockGettimeInto,
  clockGetres,
  gettimeofday,
  time,
  getcpu,
} = vdsoApi;

/** `process.hrtime` over CLOCK_MONOTONIC, through the vDSO. */
export const hrtime = Object.freeze(makeHrtime(calls));

/**
 * `performance.now()` through the vDSO: milliseconds of CLOCK_MONOTONIC since
 * performance.timeOrigin, so its readings mix with Node's own (to within
 * `performanceNow.originErrorNs`).
 */
export const performanceNow = makePerformanceNow(calls);

/** The same function as `performanceNow`. */
export const now = performanceNow;

// On the JS backend now() is performance.now() itself, and CLOCK_MONOTONIC may
// have no source there (Bun, Deno): count from performance.now() instead.
// Milliseconds as doubles (a fraction of a nanosecond off after years of
// uptime), so that no global a caller could replace (Number) is in the way.
// The reading at load goes straight to the package's calls: an error (a
// sandbox denying the clock) is msSinceLoad()'s to report, when it is called.
const sinceLoad = calls.nowIsPerformanceNow ? performance.now() : null;
const loadMs = ((): number => {
  if (sinceLoad !== null) return 0;
  calls.clockIdSlot[0] = clockIds.CLOCK_MONOTONIC;
  return calls.clockGettimeMs() === undefined ? calls.slots[0] : 0;
})();

/** Milliseconds of CLOCK_MONOTONIC since this module was loaded. */
export function msSinceLoad(): number {
  if (sinceLoad !== null) return performance.now() - sinceLoad;
  return vdsoApi.clockGettimeMs(clockIds.CLOCK_MONOTONIC) - loadMs;
}

/**
 * An empty call into the native addon (a no-op in JS on the JS backend): the
 * least any call into the addon costs, the floor `vdso clocks` and the
 * benchmark measure against.
 */
export const nativeNoop: () => void = binding.empty;

/** The same clock functions, always through the real system call. */
export const syscalls: ClockApi = Object.freeze(makeClockApi(calls, 'syscall'));

/** Per function: 'vdso' or 'syscall', and why. Fixed at load, and frozen with every entry: it is shared by all callers. */
export const backend: Backend = lazyBackend(() => {
  const functions = binding.backend();
  return { ...functions, clock_gettime_coarse: coarseClocks.report(functions.clock_gettime) };
});

/** This process's vDSO: base, ELF facts, every defined symbol, and each function's backend. */
export function info(): VdsoInfo {
  return { ...binding.info(), backend };
}

/** The same description for any ELF image given as bytes (any architecture). Throws ERR_VDSO_INVALID_IMAGE. */
export function inspect(bytes: Uint8Array): ImageDescription {
  if (ArrayBuffer.isView(bytes) && isDetached(bytes)) throw detachedBuffer('bytes');
  return binding.inspect(bytes);
}

/** A copy of this process's vDSO image, or null without one. */
export function dump(): Buffer | null {
  return binding.dump();
}

/**
 * Looks a symbol up through the image's hash table with a version check, as
 * the package does at load: the live image (returns the address in hex) or
 * `image` (returns st_value). Null when not found.
 */
export function lookup(name: string, version: string | null, image?: Uint8Array): string | number | null {
  if (ArrayBuffer.isView(image) && isDetached(image)) throw detachedBuffer('image');
  return binding.lookup(name, version, image);
}

export const { GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE } = randomFlags;

// Inside this module, the clocks and ids come from its own objects, never from
// its exports: a caller may reassign those.
//
// What only some processes use is loaded at its first use, not at require:
// getrandom, pino's timestamps (a table of a thousand strings), OpenTelemetry,
// the getcpu reports, the clock discipline (dist/extras.js, lib/extras.ts).
// Each export below is a function or an object of getters, so an ES module
// import, which reads every export, loads nothing either.
let extrasModule: typeof Extras | undefined;
const extras = () => (extrasModule ??= require('./extras') as typeof Extras);
let randomApi: ReturnType<typeof Extras.makeRandom> | undefined;
let truthApi: ReturnType<typeof Extras.makeClockTruth> | undefined;
let pinoApi: ReturnType<typeof Extras.makePino> | undefined;
let otelApi: ReturnType<typeof Extras.makeOtel> | undefined;
let cpuApi: ReturnType<typeof Extras.makeCpu> | undefined;
const random = () => (randomApi ??= extras().makeRandom(binding));
const clockTruth = () => (truthApi ??= extras().makeClockTruth(binding, calls));
const pino = () => (pinoApi ??= extras().makePino(calls, vdsoApi.clockGettimeNs, () => clockTruth().timeStatus()));
const otel = () => (otelApi ??= extras().makeOtel(vdsoApi.clockGettime, () => clockTruth().boundedNow()));
// The workers of cpuReport() load the package from this very file.
const cpu = () => (cpuApi ??= extras().makeCpu(vdsoApi.getcpu, __filename));

/**
 * pino `timestamp` functions (the counterparts of `pino.stdTimeFunctions`) from
 * CLOCK_REALTIME. Each property is the function itself once read, as in
 * `pino({ timestamp: pinoTime.epochTime })`: nothing between pino and the clock.
 */
export const pinoTime: Readonly<PinoModule.PinoTimeFunctions> = Object.freeze(
  Object.defineProperties({} as PinoModule.PinoTimeFunctions, {
    epochTime: { enumerable: true, get: () => pino().pinoTime.epochTime },
    epochTimeNs: { enumerable: true, get: () => pino().pinoTime.epochTimeNs },
    epochTimeNsString: { enumerable: true, get: () => pino().pinoTime.epochTimeNsString },
    isoTime: { enumerable: true, get: () => pino().pinoTime.isoTime },
  }),
);

/** A pino `mixin` that adds how far the line's time may be off (see docs/clock-truth.md). */
export function pinoClockMixin(): () => PinoModule.PinoClockFields {
  return pino().pinoClockMixin();
}

/** The current time as an OpenTelemetry HrTime, for span start/end times and `hrTimeTo*()`. */
export function otelHrTime(): OtelModule.OtelHrTime {
  return vdsoApi.clockGettime(clockIds.CLOCK_REALTIME);
}

/** The tracer, with every span started and ended on CLOCK_REALTIME in nanoseconds (docs/integrations.md). */
export function vdsoTracer<T extends OtelModule.OtelTracerLike>(tracer: T, options?: OtelModule.VdsoTracerOptions): T {
  return otel().vdsoTracer(tracer, options);
}

/** Span attributes saying how far the wall clock may be off (a system call: see docs/clock-truth.md). */
export function otelClockAttributes(): OtelModule.OtelClockAttributes {
  return otel().otelClockAttributes();
}

/** getcpu() of the calling thread, with the thread's identity. */
export function currentThreadCpu(thread?: string): CpuModule.ThreadCpu {
  return cpu().currentThreadCpu(thread);
}

/** The most worker threads cpuReport() starts on this machine. */
export function cpuReportLimit(): number {
  return extras().cpuReportLimit();
}

/** getcpu() of the calling thread and of `workers` new worker threads, all alive at once. */
export function cpuReport(options?: CpuModule.CpuReportOptions): Promise<CpuModule.ThreadCpu[]> {
  return cpu().cpuReport(options);
}

/** The kernel's clock discipline: is the wall clock synchronized, and how far off may it be (docs/clock-truth.md). */
export function timeStatus(): TimeStatusModule.TimeStatus {
  return clockTruth().timeStatus();
}

/** CLOCK_REALTIME now, in ns, with the kernel's maximum error on either side (a system call). */
export function boundedNow(): TimeStatusModule.ClockBound {
  return clockTruth().boundedNow();
}

/**
 * Fills every byte of `buffer` (a Buffer, any TypedArray or a DataView, any
 * size) with random bytes from getrandom(2), through the vDSO where the kernel
 * has it (Linux 6.11+), and returns it. `flags` as for getrandom(2).
 */
export function getrandom<T extends ArrayBufferView>(buffer: T, flags?: number): T {
  return random().getrandom(buffer, flags);
}

/** The same fill, always through the getrandom system call (for comparison). */
export function getrandomSyscall<T extends ArrayBufferView>(buffer: T, flags?: number): T {
  return random().getrandomSyscall(buffer, flags);
}

/** A new Buffer of `size` random bytes (never a slice of Node's shared pool). */
export function randomBytes(size: number, flags?: number): Buffer {
  return random().randomBytes(size, flags);
}

/** This thread's vDSO getrandom state (null before its first getrandom) and the process-wide state pool. */
export function getrandomInfo(): GetrandomState {
  return random().getrandomInfo();
}
