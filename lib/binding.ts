import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';

/** The names of the functions the package can serve from the vDSO. */
export type FunctionName = 'clock_gettime' | 'gettimeofday' | 'clock_getres' | 'time' | 'getcpu' | 'getrandom';

/** Which path serves a function, and why. */
export interface FunctionBackend {
  /** 'js' when the native addon is not loaded: see `loaded.reason`. */
  path: 'vdso' | 'syscall' | 'js';
  reason: string;
  /** The vDSO symbol for this ABI, or null when the ABI has none. */
  symbol: string | null;
  version: string | null;
  /** Where the symbol lives in this process (hex), or null when not found. */
  address: string | null;
}

export type Backend = Readonly<Record<FunctionName, Readonly<FunctionBackend>>>;

export interface SymbolInfo {
  name: string;
  /** The version name, or null for an unversioned symbol. */
  version: string | null;
  /** st_value as linked; a hex string only if above 2**53. */
  value: number | string;
  size: number | string;
  type: 'FUNC' | 'NOTYPE' | 'OBJECT' | 'SECTION' | 'FILE' | 'COMMON' | 'TLS' | 'GNU_IFUNC' | 'UNKNOWN';
  binding: 'GLOBAL' | 'WEAK' | 'LOCAL' | 'UNIQUE' | 'UNKNOWN';
  /** A non-default version (readelf's single "@"). */
  hidden: boolean;
  /** Index in the dynamic symbol table. */
  index: number;
  /** In info() only: the symbol's address in this process (hex). */
  address?: string;
}

export interface AbiFunction {
  function: FunctionName;
  symbol: string;
  version: string;
  present: boolean;
  value: number | string | null;
}

/** What inspect() says about an image. */
export interface ImageDescription {
  elfClass: 32 | 64;
  endianness: 'little' | 'big';
  /** e_machine */
  machine: number;
  /** e_flags */
  flags: number;
  /** The vDSO ABI this image belongs to ("x86_64", "aarch64", ...), or null. */
  abi: string | null;
  soname: string | null;
  /** From the image's "Linux" note, e.g. "6.1.0", or null. */
  kernelVersion: string | null;
  /** Bytes described (the PT_LOAD extent for the live image). */
  size: number;
  hashStyles: Array<'sysv' | 'gnu'>;
  versions: string[];
  symbols: SymbolInfo[];
  /** The ABI's known vDSO entry points and whether this image has them at the expected version. */
  functions: AbiFunction[];
}

/** What info() says about this process's vDSO. Image fields are absent when there is no usable vDSO. */
export interface VdsoInfo extends Partial<ImageDescription> {
  present: boolean;
  /** AT_SYSINFO_EHDR in hex, or null when the process has no vDSO. */
  base: string | null;
  /** Why a present image was not used. */
  problem?: string;
  /** VDSO_DISABLE=1 was set at load. */
  disabled: boolean;
  /** The ABI this addon was built for. */
  hostAbi: string | null;
  backend: Backend;
}

/** getrandomInfo(): this thread's vDSO state and the process-wide pool of states. */
export interface GetrandomState {
  /** The vDSO getrandom parameters were read and states can be mapped. */
  enabled: boolean;
  /** This thread's state (hex), or null before its first call or when the system call serves it. */
  state: string | null;
  /** How this thread's calls are served; 'unused' before the first call. */
  path: 'vdso' | 'syscall' | 'unused';
  /** From the vDSO's parameter query (0 when not enabled). */
  stateSize: number;
  mmapProt: number;
  mmapFlags: number;
  pageSize: number;
  /** Bytes between two states in a page (the size rounded up to a cache line). */
  stride: number;
  statesPerPage: number;
  /** Across all threads of the process. */
  statesInUse: number;
  pagesMapped: number;
}

/**
 * The addon. The clock functions take their clock id from `clockIdSlot[0]`
 * (written by the caller, already validated as an int32) and return undefined
 * on success, with the result in `slots` (or `nanosecondsSlot` for the *Ns
 * functions), or a positive errno: no argument reading, no allocation per call.
 *
 * The slots are one buffer per environment, shared by every call: a caller
 * reads them into locals right after its native call, before anything that
 * can run user code (a getter, a valueOf), which could make another call and
 * overwrite them.
 */
export interface NativeBinding {
  /** [0] seconds (or sec, cpu), [1] nanoseconds (or usec, node). */
  slots: Float64Array;
  /** The clock as one integer of nanoseconds, written by the *Ns functions. */
  nanosecondsSlot: BigInt64Array;
  /** The clock id argument of the clock functions. */
  clockIdSlot: Int32Array;
  clockGettime(): number | undefined;
  clockGettimeNs(): number | undefined;
  /** Milliseconds (fraction kept) into `slots[0]`. */
  clockGettimeMs(): number | undefined;
  /** CLOCK_MONOTONIC in milliseconds since this environment loaded the addon, into `slots[0]`. */
  now(): number | undefined;
  clockGetres(): number | undefined;
  gettimeofday(): number | undefined;
  time(): number | undefined;
  getcpu(): number | undefined;
  sysClockGettime(): number | undefined;
  sysClockGettimeNs(): number | undefined;
  sysClockGettimeMs(): number | undefined;
  sysClockGetres(): number | undefined;
  sysGettimeofday(): number | undefined;
  sysTime(): number | undefined;
  sysGetcpu(): number | undefined;
  /** Environments (main thread, workers) holding addon data now: a worker's is freed when it exits. */
  liveEnvironments(): number;
  /** An empty Node-API call: the floor of any call into the addon. */
  empty(): void;
  /** For the benchmark: ns per call of `calls` back-to-back C calls of clock_gettime(id) (vDSO with fallback). */
  cLoopClockGettime(id: number, calls: number): number;
  /** The same over the real system call. */
  cLoopSysClockGettime(id: number, calls: number): number;
  /** Nanoseconds the process's first vDSO lookup (the ELF walk) took, at load. */
  elfWalkNs: number;
  /** For the benchmark: the same walk repeated now (best of 5): its own cost, without first-touch page faults and symbol binding. */
  elfWalkRepeatNs(): number;
  info(): VdsoInfo;
  /** Each function's backend, built when called (index.ts calls it on the first read of `backend`). */
  backend(): Backend;
  dump(): Buffer | null;
  inspect(bytes: Uint8Array): ImageDescription;
  lookup(name: string, version: string | null, image?: Uint8Array): string | number | null;
  /** Fill a view: returns the view, a positive errno, or -1 (not a view) / -2 (bad flags) / -3 (a typed-array kind the addon does not know). */
  getrandom(view: unknown, flags: unknown): unknown;
  sysGetrandom(view: unknown, flags: unknown): unknown;
  getrandomState(): GetrandomState;
}

/** Which backend this process loaded, from where, and why. */
export interface LoadedBackend {
  backend: 'native' | 'js';
  /** The .node file in use, or null for the JS backend. */
  path: string | null;
  reason: string;
}

interface NodeGypBuild {
  /** The best build for this process: build/Release first, then prebuilds/<platform>-<arch>/. Throws when none fits. */
  path(dir: string): string;
}

const packageRoot = join(__dirname, '..');

function backendError(message: string, cause: unknown): Error {
  const err = new Error(message, { cause }) as Error & { code: string };
  err.code = 'ERR_VDSO_UNAVAILABLE';
  return err;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n', 1)[0].trim();
}

// VDSO_BACKEND: unset or 'auto' loads the addon and falls back to JS when it
// cannot; 'js' forces the JS backend (the same tests run against it);
// 'native' makes a missing or broken addon an error instead of a fallback.
function load(): { binding: NativeBinding; loaded: LoadedBackend } {
  let mode = process.env.VDSO_BACKEND ?? '';
  if (mode !== '' && mode !== 'auto' && mode !== 'js' && mode !== 'native') {
    process.emitWarning(`VDSO_BACKEND=${mode} is not one of auto, native, js; using auto`, { code: 'VDSO_BACKEND_INVALID' });
    mode = 'auto';
  }
  // Required only when used: the fallback pulls in node:crypto, a few ms of load time.
  const js = (reason: string) => {
    const { createFallback } = require('./fallback') as typeof import('./fallback');
    return { binding: createFallback(reason), loaded: { backend: 'js' as const, path: null, reason } };
  };
  if (mode === 'js') return js('VDSO_BACKEND=js');
  if (process.platform !== 'linux') {
    const reason = `the vDSO is Linux-only and this is ${process.platform}`;
    if (mode === 'native') throw backendError(`VDSO_BACKEND=native, but ${reason}`, undefined);
    return js(reason);
  }
  let path: string | null = null;
  try {
    // A local build wins (node-gyp-build's own order); checking for it first
    // skips loading node-gyp-build and its directory scans, most of a
    // require('vdso') in a source checkout.
    const local = join(packageRoot, 'build', 'Release', 'vdso.node');
    path = existsSync(local) ? local : (require('node-gyp-build') as NodeGypBuild).path(packageRoot);
    const binding: NativeBinding = require(path);
    const from = path.startsWith(join(packageRoot, 'build') + sep) ? 'built from source' : 'prebuilt binary';
    return { binding, loaded: { backend: 'native', path, reason: `${from}: ${path}` } };
  } catch (err) {
    const reason = path === null
      ? `no native addon fits this process (${firstLine(err)})`
      : `the native addon ${path} did not load (${firstLine(err)})`;
    if (mode === 'native') throw backendError(`VDSO_BACKEND=native, but ${reason}`, err);
    return js(reason);
  }
}

const chosen = load();

/** The addon, or the pure-JS backend with the same interface. */
export const binding: NativeBinding = chosen.binding;

/** Which backend is in use, from which file, and why. Fixed at load. */
export const loaded: Readonly<LoadedBackend> = Object.freeze(chosen.loaded);
