// Loads the native addon, or the pure-JS backend where it cannot load, and
// says which; and the addon's interface (the public types are in types.ts).
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { FunctionBackend, FunctionName, GetrandomState, ImageDescription, LoadedBackend, OmitEach, VdsoInfo } from './types';

/**
 * A reader of the vDSO data page, compiled by the addon around a view of the
 * page that nothing else holds (native/data_page_reader.cc): it reads the
 * coarse clocks (ids 5 and 6; any other id is a miss) and writes nothing.
 */
export interface DataPageReader {
  /** One consistent reading of the clock into seconds()/nanoseconds(); false if the page cannot answer. */
  load(id: number): boolean;
  seconds(): number;
  nanoseconds(): number;
  /** The page's sequence counter now. */
  sequence(): number;
  /** Whether a read found a time namespace's page: the reader must not be used again. */
  timens(): boolean;
  /** Milliseconds, computed exactly as the addon computes them; NaN on a miss. */
  ms(id: number): number;
  /** Nanoseconds; undefined on a miss. */
  ns(id: number): bigint | undefined;
  /** [seconds, nanoseconds]; null on a miss. */
  pair(id: number): [number, number] | null;
  /** [seconds, nanoseconds] into `out[0]`, `out[1]`; false on a miss. */
  into(id: number, out: Float64Array): boolean;
}

/** The addon's offer of the vDSO data page, or why there is none. */
export interface DataPageOffer {
  reader: DataPageReader | null;
  reason: string;
  /** KERNEL_VERSION(a, b, c) of the layout's kernel, or null. */
  kernelVersion: number | null;
  /** The page's address in hex, when there is a reader. */
  address: string | null;
}

/**
 * One set of the hot clock calls and the memory they share with JS
 * (native/clock_calls.cc): a new, unshared set for each clockCalls() call.
 * The clock functions take their clock id from `clockIdSlot[0]` (written by
 * the caller, already validated as an int32) and return undefined on success,
 * with the result in `slots` (or `nanosecondsSlot` for the *Ns functions), or
 * a positive errno: no argument reading, no allocation per call.
 *
 * A set's slots are shared by all its calls: a caller reads them into locals
 * right after its native call, before anything that can run user code (a
 * getter, a valueOf), which could make another call and overwrite them.
 */
export interface ClockCalls {
  /** [0] seconds (or sec, cpu), [1] nanoseconds (or usec, node). */
  slots: Float64Array;
  /** [0] the clock as one integer of nanoseconds, written by the *Ns functions; [1] timeBound()'s maximum error in ns. */
  nanosecondsSlot: BigInt64Array;
  /** The clock id argument of the clock functions. */
  clockIdSlot: Int32Array;
  clockGettime(): number | undefined;
  clockGettimeNs(): number | undefined;
  /** Milliseconds (fraction kept) into `slots[0]`. */
  clockGettimeMs(): number | undefined;
  /** CLOCK_MONOTONIC in milliseconds since the origin set by setNowOrigin (at first: the set's making), into `slots[0]`. */
  now(): number | undefined;
  /** now()'s origin becomes `nanosecondsSlot[0]` (CLOCK_MONOTONIC ns) minus `slots[0]` (performance.now() ms), read at one instant. */
  setNowOrigin(): number | undefined;
  /** The JS backend: now() is performance.now() itself, nothing to align. */
  nowIsPerformanceNow?: boolean;
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
  /**
   * boundedNow()'s reading: CLOCK_REALTIME into `nanosecondsSlot[0]`, then the kernel's maxerror
   * in ns into `nanosecondsSlot[1]` and 1 (synchronized) or 0 into `slots[0]`; undefined or an errno.
   */
  timeBound(): number | undefined;
}

/** The addon: its exports (what anyone can require), none of which hands out memory it writes or the data page. */
export interface NativeBinding {
  /** A new set of the hot clock calls (native memory, its own). Throws ERR_VDSO_UNAVAILABLE where the runtime allows no external ArrayBuffer. */
  clockCalls(): ClockCalls;
  /** Environments (main thread, workers) holding addon data now: a worker's is freed when it exits. */
  liveEnvironments(): number;
  /** An empty Node-API call: the floor of any call into the addon. */
  empty(): void;
  /** info() without `backend`, which index.ts adds (with the coarse clocks' entry). */
  info(): OmitEach<VdsoInfo, 'backend'>;
  /** Each function's backend, built when called (index.ts calls it on the first read of `backend`). */
  backend(): Record<FunctionName, FunctionBackend>;
  /** A reader of the vDSO data page, a new one each call; `setting` is VDSO_DATA_PAGE as read at load. */
  dataPageReader(setting: string | undefined): DataPageOffer;
  dump(): Buffer | null;
  inspect(bytes: Uint8Array): ImageDescription;
  lookup(name: string, version: string | null, image?: Uint8Array): string | number | null;
  /** Fill a view: returns the view, a positive errno, or -1 (not a view) / -2 (bad flags) / -3 (a typed-array kind the addon does not know). */
  getrandom(view: unknown, flags: unknown): unknown;
  sysGetrandom(view: unknown, flags: unknown): unknown;
  getrandomState(): GetrandomState;
  /**
   * clock_adjtime(CLOCK_REALTIME) with modes 0: struct timex's fields, widened, in the kernel's units,
   * into `out` (21 doubles, in lib/time-status.ts's order); undefined, a positive errno, or -1 when
   * `out` is not such an array.
   */
  timeStatus(out: Float64Array): number | undefined;
  /** The system call timeStatus() and timeBound() make: 'clock_adjtime', or 'clock_adjtime64' on a 32-bit ABI with a 64-bit time_t. */
  timeStatusSyscall: string;
}

interface NodeGypBuild {
  /** The best build for this process: build/Release first, then prebuilds/<platform>-<arch>/. Throws when none fits. */
  path(dir: string): string;
}

const packageRoot = join(__dirname, '..');

// The C library of this process. node-gyp-build's rule is LIBC, else musl on
// Alpine (/etc/alpine-release); other musl systems (Void, Chimera, a musl
// runtime on a glibc distribution) are told by the program interpreter of the
// running executable, /lib/ld-musl-<arch>.so.1, read where one can be. A glibc
// addon in a musl process must never be loaded: read once, at load.
function libcOfThisProcess(): { libc: 'glibc' | 'musl'; nodeGypBuildAgrees: boolean } {
  const byRule = environment('LIBC') || (existsSync('/etc/alpine-release') ? 'musl' : 'glibc');
  if (byRule !== 'glibc') return { libc: byRule === 'musl' ? 'musl' : 'glibc', nodeGypBuildAgrees: true };
  const musl = mayBeMusl() && (interpreterOfThisProcess()?.includes('/ld-musl-') ?? false);
  return { libc: musl ? 'musl' : 'glibc', nodeGypBuildAgrees: !musl };
}

// musl's loader for each Node architecture, at the path musl installs it.
const MUSL_LOADER_ARCH: Readonly<Record<string, string>> = {
  x64: 'x86_64', arm64: 'aarch64', arm: 'armhf', ia32: 'i386', ppc64: 'powerpc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loongarch64',
};

// Whether this can be a musl process at all: only where a musl loader sits at
// its standard path, or for an executable from a store (Nix, Guix), whose
// loader lives in the store. A stat of a missing file costs a few
// microseconds; reading the executable's program headers, a few hundred (the
// first calls of fs.openSync and readSync).
function mayBeMusl(): boolean {
  const arch = MUSL_LOADER_ARCH[process.arch];
  return arch === undefined || existsSync(`/lib/ld-musl-${arch}.so.1`) || /^\/(nix|gnu)\/store\//.test(process.execPath);
}

// PT_INTERP of /proc/self/exe (its program headers are in the first 4 KiB,
// where linkers put them; the string may be anywhere: patchelf moves it);
// null if there is none or it cannot be read. No Buffer: its readers are
// compiled at their first call, a require's worth of time.
function interpreterOfThisProcess(): string | null {
  let fd = -1;
  try {
    fd = openSync('/proc/self/exe', 'r');
    const head = new Uint8Array(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    if (n < 64 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return null;
    const is64 = head[4] === 2;
    const le = head[5] === 1;
    // DataView's readers are built in; a closure over the bytes costs a
    // hundred microseconds more at its first calls. The high words of 64-bit
    // offsets past 2^53 make no real executable.
    const view = new DataView(head.buffer, 0, n);
    const word = (o: number) => (is64 ? view.getUint32(o + (le ? 0 : 4), le) + view.getUint32(o + (le ? 4 : 0), le) * 2 ** 32 : view.getUint32(o, le));
    const phoff = word(is64 ? 32 : 28);
    const phentsize = view.getUint16(is64 ? 54 : 42, le);
    const phnum = view.getUint16(is64 ? 56 : 44, le);
    for (let i = 0; i < phnum; i++) {
      const ph = phoff + i * phentsize;
      if (ph + (is64 ? 40 : 24) > n) return null;
      if (view.getUint32(ph, le) !== 3) continue; // PT_INTERP
      const offset = word(ph + (is64 ? 8 : 4));
      const size = word(ph + (is64 ? 32 : 16));
      if (size < 2 || size > 4096) return null;
      const path = new Uint8Array(size);
      if (readSync(fd, path, 0, size, offset) !== size) return null;
      return String.fromCharCode(...path.subarray(0, size - 1));
    }
    return null;
  } catch {
    return null;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

// prebuilds/<platform>-<arch>/vdso[.armv<N>].<libc>.node, as prebuildify names it
// (32-bit arm builds carry the architecture version they need).
function prebuildFor(libc: string): string {
  const armv = process.arch === 'arm' ? `armv${(process.config?.variables as { arm_version?: string } | undefined)?.arm_version ?? ''}.` : '';
  return join(packageRoot, 'prebuilds', `${process.platform}-${process.arch}`, `vdso.${armv}${libc}.node`);
}

// Deno without --allow-env throws NotCapable on reading the environment: the
// package still loads, as if the variable were unset.
function environment(name: string): string | undefined {
  try {
    return process.env[name];
  } catch {
    return undefined;
  }
}

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
function load(): { binding: NativeBinding; calls: ClockCalls; loaded: LoadedBackend } {
  let mode = environment('VDSO_BACKEND') ?? '';
  if (mode !== '' && mode !== 'auto' && mode !== 'js' && mode !== 'native') {
    process.emitWarning(`VDSO_BACKEND=${mode} is not one of auto, native, js; using auto`, { code: 'VDSO_BACKEND_INVALID' });
    mode = 'auto';
  }
  // Required only when used: the fallback pulls in node:crypto, a few ms of load time.
  const js = (reason: string) => {
    const { createFallback } = require('./fallback') as typeof import('./fallback');
    const binding = createFallback(reason);
    return { binding, calls: binding.clockCalls(), loaded: { backend: 'js' as const, path: null, reason } };
  };
  if (mode === 'js') return js('VDSO_BACKEND=js');
  if (process.platform !== 'linux') {
    const reason = `the vDSO is Linux-only and this is ${process.platform}`;
    if (mode === 'native') throw backendError(`VDSO_BACKEND=native, but ${reason}`, undefined);
    return js(reason);
  }
  let path: string | null = null;
  try {
    // node-gyp-build's own order, its common cases first: a local build,
    // then the prebuild for this platform and libc as prebuildify names it
    // (the libc matters only there). Loading node-gyp-build and its directory
    // scans would be most of a require('vdso'); it decides only what these
    // two do not.
    const local = join(packageRoot, 'build', 'Release', 'vdso.node');
    if (existsSync(local)) {
      path = local;
    } else {
      const processLibc = libcOfThisProcess();
      const prebuild = prebuildFor(processLibc.libc);
      if (existsSync(prebuild)) path = prebuild;
      else if (!processLibc.nodeGypBuildAgrees)
        throw new Error(`no musl build for ${process.platform}-${process.arch} (node-gyp-build would take the glibc one)`);
    }
    path ??= (require('node-gyp-build') as NodeGypBuild).path(packageRoot);
    const binding: NativeBinding = require(path);
    // The package's own set of clock calls: nobody else holds it.
    const calls = binding.clockCalls();
    const from = path.startsWith(join(packageRoot, 'build') + sep) ? 'built from source' : 'prebuilt binary';
    return { binding, calls, loaded: { backend: 'native', path, reason: `${from}: ${path}` } };
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

/** The package's own clock calls: private to the package, never handed out. */
export const calls: ClockCalls = chosen.calls;

/** VDSO_DATA_PAGE as this environment's process.env had it at load (a Worker's own `env`). */
export const dataPageSetting: string | undefined = environment('VDSO_DATA_PAGE');

/** Which backend is in use, from which file, and why. Fixed at load. */
export const loaded: Readonly<LoadedBackend> = Object.freeze(chosen.loaded);
