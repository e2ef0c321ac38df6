/** The public types of the package: what its functions take and return. */

// The API returns Buffers (dump(), randomBytes()), a type of Node's. A consumer's
// compiler loads @types/node only when asked (TypeScript 7 never unless asked):
// every declaration file of the package imports this one, so this reference
// loads Node's types wherever the package's are used. preserve: tsc since 5.5
// drops a reference from the emitted declarations unless told to keep it.
/// <reference types="node" preserve="true" />

/** The names of the functions the package can serve from the vDSO. */
export type FunctionName = 'clock_gettime' | 'gettimeofday' | 'clock_getres' | 'time' | 'getcpu' | 'getrandom';

/** What `backend` reports on: each function, and the coarse clocks (read from the vDSO data page where proven). */
export type BackendName = FunctionName | 'clock_gettime_coarse';

/** Which path serves a function, and why. */
export interface FunctionBackend {
  /** 'js' when the native addon is not loaded: see `loaded.reason`; 'data-page' for the zero-call coarse clocks. */
  path: 'vdso' | 'syscall' | 'js' | 'data-page';
  reason: string;
  /** The vDSO symbol for this ABI, or null when the ABI has none. */
  symbol: string | null;
  version: string | null;
  /** Where the symbol lives in this process (hex), or null when not found. */
  address: string | null;
}

export type Backend = Readonly<Record<BackendName, Readonly<FunctionBackend>>>;

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

/** What every info() reports, whatever the vDSO's state. */
interface VdsoInfoCommon {
  /** VDSO_DISABLE=1 was set at load. */
  disabled: boolean;
  /** The ABI this addon was built for. */
  hostAbi: string | null;
  backend: Backend;
}

/** The image fields, all absent: what info() has when no image was read. */
type NoImageDescription = { [K in keyof ImageDescription]?: undefined };

/** info() when this process has no vDSO (AT_SYSINFO_EHDR is 0), or whether it has one is unknown (`problem` says why). */
export interface VdsoInfoAbsent extends VdsoInfoCommon, NoImageDescription {
  present: false;
  base: null;
  problem?: string;
}

/** info() when the vDSO is mapped but its image was not read: rejected (`problem` says why), or the JS backend, which reads no ELF. */
export interface VdsoInfoUnread extends VdsoInfoCommon, NoImageDescription {
  present: true;
  /** AT_SYSINFO_EHDR in hex. */
  base: string;
  /** Why the image was not read. */
  problem: string;
}

/** info() when the vDSO's image was read and is in use: every image field is there. */
export interface VdsoInfoRead extends VdsoInfoCommon, ImageDescription {
  present: true;
  /** AT_SYSINFO_EHDR in hex. */
  base: string;
  problem?: string;
}

/**
 * What info() says about this process's vDSO. `if (i.present)` narrows `base`
 * to a string; `if (i.symbols)` (or any image field) narrows to VdsoInfoRead,
 * with every image field defined. `present` alone cannot: a vDSO that is
 * mapped may still be unread (a rejected image, the JS backend).
 */
export type VdsoInfo = VdsoInfoAbsent | VdsoInfoUnread | VdsoInfoRead;

/** A union's members, each without `K` (Omit on the union itself would merge them). */
export type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

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

/** Which backend this process loaded, from where, and why. */
export interface LoadedBackend {
  backend: 'native' | 'js';
  /** The .node file in use, or null for the JS backend. */
  path: string | null;
  reason: string;
}

/** The kernel's leap-second state machine: the name of adjtimex's return value (TIME_OK ... TIME_ERROR). */
export type TimeState = 'ok' | 'insert-leap' | 'delete-leap' | 'leap-in-progress' | 'leap-done' | 'error';

/** The kernel's STA_* status bits (include/uapi/linux/timex.h), by name. */
export type TimeStatusBit =
  | 'STA_PLL' | 'STA_PPSFREQ' | 'STA_PPSTIME' | 'STA_FLL' | 'STA_INS' | 'STA_DEL' | 'STA_UNSYNC' | 'STA_FREQHOLD'
  | 'STA_PPSSIGNAL' | 'STA_PPSJITTER' | 'STA_PPSWANDER' | 'STA_PPSERROR' | 'STA_CLOCKERR' | 'STA_NANO' | 'STA_MODE' | 'STA_CLK';

/**
 * timeStatus(): the kernel's clock discipline, as the NTP daemon (chrony,
 * ntpd; systemd-timesyncd sets fewer fields) last wrote it, read with
 * clock_adjtime(CLOCK_REALTIME) and modes 0 (nothing is changed).
 */
export interface TimeStatus {
  /** False when STA_UNSYNC is set or the state is 'error': the wall clock's error is not known. */
  synchronized: boolean;
  /** The call's return value as a name. */
  state: TimeState;
  /** The return value itself (TIME_OK 0 ... TIME_ERROR 5). */
  stateCode: number;
  /** The kernel's maximum error of CLOCK_REALTIME in microseconds; grows by `tolerancePpm` us every second until a daemon lowers it (16 s at most). */
  maxErrorUs: number;
  /** The estimated error in microseconds, as the daemon last set it. */
  estErrorUs: number;
  /** The phase offset the kernel still has to slew away, in ns (converted from us when STA_NANO is clear). */
  offsetNs: number;
  /** The frequency correction, in ppm (the kernel's 16.16 fixed point). */
  frequencyPpm: number;
  /** TAI - UTC in seconds as the kernel was told (37 since 2017), or 0 when nobody set it: CLOCK_TAI then equals CLOCK_REALTIME. */
  taiOffset: number;
  /** The STA_* bits, raw and by name. */
  status: { bits: number; names: TimeStatusBit[] };
  /** A leap second armed for the end of the UTC day (STA_INS / STA_DEL), or null. */
  leapSecond: 'insert' | 'delete' | null;
  /** How fast maxErrorUs grows, in ppm: the kernel's frequency tolerance (500). */
  tolerancePpm: number;
  /** The clock's precision in microseconds, as the kernel reports it. */
  precisionUs: number;
  /** Microseconds between clock ticks. */
  tickUs: number;
  /** The PLL time constant. */
  timeConstant: number;
}

/**
 * boundedNow(): CLOCK_REALTIME in ns with the kernel's maximum error on either
 * side: the true UTC time lies in [earliest, latest] if the daemon's error
 * estimate holds. ±16 s, and `synchronized` false, on an undisciplined clock.
 */
export interface ClockBound {
  earliest: bigint;
  latest: bigint;
  synchronized: boolean;
}
