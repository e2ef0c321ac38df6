import { join } from 'node:path';

/** The names of the functions the package can serve from the vDSO. */
export type FunctionName = 'clock_gettime' | 'gettimeofday' | 'clock_getres' | 'time' | 'getcpu' | 'getrandom';

/** Which path serves a function, and why. */
export interface FunctionBackend {
  path: 'vdso' | 'syscall';
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

/**
 * The addon. The clock functions take their clock id from `clockIdSlot[0]`
 * (written by the caller, already validated as an int32) and return undefined
 * on success, with the result in `slots` (or `nanosecondsSlot` for the *Ns
 * functions), or a positive errno: no argument reading, no allocation per call.
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
  /** An empty Node-API call: the floor of any call into the addon. */
  empty(): void;
  /** For the benchmark: ns per call of `calls` back-to-back C calls of clock_gettime(id) (vDSO with fallback). */
  cLoopClockGettime(id: number, calls: number): number;
  /** The same over the real system call. */
  cLoopSysClockGettime(id: number, calls: number): number;
  /** Nanoseconds the process's first vDSO lookup (the ELF walk) took, at load. */
  elfWalkNs: number;
  info(): VdsoInfo;
  backend: Backend;
  dump(): Buffer | null;
  inspect(bytes: Uint8Array): ImageDescription;
  lookup(name: string, version: string | null, image?: Uint8Array): string | number | null;
  strerror(errno: number): string;
}

export const binding: NativeBinding = require(join(__dirname, '..', 'build', 'Release', 'vdso.node'));
