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

export * from './clock-id';
import { CLOCK_MONOTONIC } from './clock-id';
export type { Cpu, ClockApi, Hrtime, PerformanceNow, Timespec, Timeval } from './clock-api';
export type { AbiFunction, Backend, BackendName, FunctionBackend, FunctionName, ImageDescription, SymbolInfo, VdsoInfo, VdsoInfoAbsent, VdsoInfoRead, VdsoInfoUnread } from './types';
export type { VdsoSystemError } from './errors';
export * from './random';
export * from './pino';
export * from './otel';
export * from './cpu';
export * from './time-status';
export type { LoadedBackend } from './types';
export type { VdsoUnavailableError } from './fallback';

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
const sinceLoad = calls.nowIsPerformanceNow ? performance.now() : null;
const loadMs = ((): number => {
  try {
    return sinceLoad === null ? clockGettimeMs(CLOCK_MONOTONIC) : 0;
  } catch {
    return 0;  // msSinceLoad() will say why
  }
})();

/** Milliseconds of CLOCK_MONOTONIC since this module was loaded. */
export function msSinceLoad(): number {
  if (sinceLoad !== null) return performance.now() - sinceLoad;
  return clockGettimeMs(CLOCK_MONOTONIC) - loadMs;
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
