/**
 * The pure-JS backend: the NativeBinding interface over what Node itself can
 * read, for processes where the addon cannot load (another OS, no fitting
 * build, a broken binary) or where VDSO_BACKEND=js asks for it.
 *
 * It serves only the clocks JS can read honestly, each at the resolution of
 * its source; everything else (getcpu, other clock ids, the system-call path,
 * ELF parsing) throws ERR_VDSO_UNAVAILABLE rather than answering with a
 * different clock.
 */
import { randomFillSync } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import type { ClockCalls, NativeBinding } from './binding';
import type { FunctionBackend, FunctionName, ImageDescription, OmitEach, VdsoInfo } from './types';
import { ClockId, clockName } from './clock-id';

/** Thrown for anything the JS backend cannot provide. */
export interface VdsoUnavailableError extends Error {
  code: 'ERR_VDSO_UNAVAILABLE';
  syscall: string;
  clockId?: number;
}

/** A clock JS can read. */
interface ClockSource {
  /** Where the value comes from, for `backend` and messages. */
  from: string;
  /** The unit the source counts in: what clock_getres reports for it. */
  resolutionNs: number;
  /** Writes [seconds, nanoseconds] into slots. */
  read(slots: Float64Array): void;
  nanoseconds(): bigint;
}

interface CpuUsage {
  user: number;
  system: number;
}

// Taken at load: a caller replacing Date.now or Math.floor later does not change the clocks.
const dateNow = Date.now;
const { floor } = Math;

function splitMicroseconds(slots: Float64Array, us: number): void {
  const sec = floor(us / 1e6);
  slots[0] = sec;
  slots[1] = (us - sec * 1e6) * 1e3;
}

const realtime: ClockSource = {
  from: 'Date.now()',
  resolutionNs: 1e6,
  read(slots) {
    const ms = dateNow();
    const sec = floor(ms / 1e3);
    slots[0] = sec;
    slots[1] = (ms - sec * 1e3) * 1e6;
  },
  nanoseconds: () => BigInt(dateNow()) * 1_000_000n,
};

// libuv reads CLOCK_MONOTONIC for process.hrtime on Linux; elsewhere it is the
// platform's monotonic clock, the closest thing to CLOCK_MONOTONIC there is.
// Bun's and Deno's process.hrtime count from the process's start instead (Bun:
// 18 ms against a system CLOCK_MONOTONIC of 5924 s): not CLOCK_MONOTONIC, so
// on them the JS backend has no source for it.
const otherRuntime = (): string | null =>
  (process.versions as Record<string, string | undefined>).bun !== undefined ? 'Bun'
    : (globalThis as { Deno?: unknown }).Deno !== undefined ? 'Deno' : null;

const monotonic: ClockSource = {
  from: 'process.hrtime()',
  resolutionNs: 1,
  read(slots) {
    const t = process.hrtime();
    slots[0] = t[0];
    slots[1] = t[1];
  },
  nanoseconds: () => process.hrtime.bigint(),
};

// getrusage() user + system time: the same CPU time the kernel reports for the
// CPU-time clocks, in microseconds.
function cpuTime(from: string, usage: () => CpuUsage): ClockSource {
  return {
    from,
    resolutionNs: 1e3,
    read(slots) {
      const u = usage();
      splitMicroseconds(slots, u.user + u.system);
    },
    nanoseconds() {
      const u = usage();
      return BigInt(u.user + u.system) * 1000n;
    },
  };
}

// /proc/uptime is CLOCK_BOOTTIME (time-namespace adjusted) truncated to 10 ms.
function readUptimeCentiseconds(): number {
  const m = /^(\d+)\.(\d\d)\s/.exec(readFileSync('/proc/uptime', 'latin1'));
  if (!m) throw new Error('/proc/uptime has an unexpected format');
  return Number(m[1]) * 100 + Number(m[2]);
}

const boottime: ClockSource = {
  from: '/proc/uptime',
  resolutionNs: 1e7,
  read(slots) {
    const cs = readUptimeCentiseconds();
    const sec = floor(cs / 100);
    slots[0] = sec;
    slots[1] = (cs - sec * 100) * 1e7;
  },
  nanoseconds: () => BigInt(readUptimeCentiseconds()) * 10_000_000n,
};

function canRead(read: () => unknown): boolean {
  try {
    read();
    return true;
  } catch {
    return false;
  }
}

// The coarse clocks are the same timelines as their fine clocks at a lower
// resolution, so the fine source answers them without changing their meaning.
function clockSources(): Map<number, ClockSource> {
  const sources = new Map<number, ClockSource>([
    [ClockId.REALTIME, realtime],
    [ClockId.REALTIME_COARSE, realtime],
    ...(otherRuntime() === null ? ([[ClockId.MONOTONIC, monotonic], [ClockId.MONOTONIC_COARSE, monotonic]] as const) : []),
    [ClockId.PROCESS_CPUTIME_ID, cpuTime('process.cpuUsage()', () => process.cpuUsage())],
  ]);
  // Node >= 23.9 has getrusage(RUSAGE_THREAD); older Node has no per-thread CPU time.
  const threadCpuUsage = (process as { threadCpuUsage?: () => CpuUsage }).threadCpuUsage;
  if (typeof threadCpuUsage === 'function') {
    sources.set(ClockId.THREAD_CPUTIME_ID, cpuTime('process.threadCpuUsage()', () => threadCpuUsage.call(process)));
  }
  if (process.platform === 'linux' && canRead(readUptimeCentiseconds)) sources.set(ClockId.BOOTTIME, boottime);
  return sources;
}

// Why a known clock has no JS source; anything else is "no JS source".
const processRelative = () => `${otherRuntime()}'s process.hrtime counts from the process's start, not the system's CLOCK_MONOTONIC`;

const missingClock: Readonly<Record<number, string>> = {
  [ClockId.THREAD_CPUTIME_ID]: 'per-thread CPU time needs process.threadCpuUsage() (Node >= 23.9)',
  [ClockId.MONOTONIC_RAW]: 'JS has no reading of the clock without NTP adjustment',
  [ClockId.BOOTTIME]: 'there is no /proc/uptime to read it from',
  [ClockId.TAI]: 'JS does not know the kernel\'s TAI offset',
  [ClockId.REALTIME_ALARM]: 'the kernel answers it only where an RTC exists, which JS cannot tell',
  [ClockId.BOOTTIME_ALARM]: 'the kernel answers it only where an RTC exists, which JS cannot tell',
};

const WORD64_ARCHES = new Set(['x64', 'arm64', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el']);
const AT_SYSINFO_EHDR = 33n;

/** AT_SYSINFO_EHDR from /proc/self/auxv, in hex like the addon prints it; null when 0 or absent. */
function auxvVdsoBase(): string | null {
  const auxv = readFileSync('/proc/self/auxv');
  const word = WORD64_ARCHES.has(process.arch) ? 8 : 4;
  const le = endianness() === 'LE';
  const read = (at: number): bigint =>
    word === 8
      ? le ? auxv.readBigUInt64LE(at) : auxv.readBigUInt64BE(at)
      : BigInt(le ? auxv.readUInt32LE(at) : auxv.readUInt32BE(at));
  for (let at = 0; at + 2 * word <= auxv.length; at += 2 * word) {
    const type = read(at);
    if (type === 0n) break; // AT_NULL
    if (type === AT_SYSINFO_EHDR) {
      const value = read(at + word);
      return value === 0n ? null : '0x' + value.toString(16);
    }
  }
  return null;
}

/** The pure-JS backend; `why` says why it is in use and appears in `backend` and every error. */
export function createFallback(why: string): NativeBinding {
  const sources = clockSources();

  function unavailable(syscall: string, detail: string, clockId?: number): VdsoUnavailableError {
    const what = clockId === undefined ? syscall : `${syscall}(${clockName(clockId) ?? `clock id ${clockId}`})`;
    const err = new Error(`${what} is not available from the JS backend: ${detail} (JS backend in use: ${why})`) as VdsoUnavailableError;
    err.code = 'ERR_VDSO_UNAVAILABLE';
    err.syscall = syscall;
    if (clockId !== undefined) err.clockId = clockId;
    Error.captureStackTrace(err, unavailable);
    return err;
  }

  function source(syscall: string, id: number): ClockSource {
    const s = sources.get(id);
    if (s === undefined) {
      const monotonicId = id === ClockId.MONOTONIC || id === ClockId.MONOTONIC_COARSE;
      throw unavailable(syscall, monotonicId ? processRelative() : (missingClock[id] ?? 'no JS source for this clock id'), id);
    }
    return s;
  }

  const noSyscalls = (syscall: string) => (): never => {
    throw unavailable(syscall, 'the JS backend cannot issue system calls');
  };

  const noDiscipline = (): never => {
    throw unavailable('clock_adjtime', "the kernel's clock discipline (synchronized, maximum error, TAI offset) is read with the clock_adjtime system call, which JS cannot make");
  };

  const served = [...sources].map(([id, s]) => `${clockName(id)} from ${s.from}`).join(', ');
  const entry = (reason: string): Readonly<FunctionBackend> =>
    Object.freeze({ path: 'js', reason: `${reason} (JS backend: ${why})`, symbol: null, version: null, address: null });
  const backend: Record<FunctionName, FunctionBackend> = Object.freeze({
    clock_gettime: entry(`${served}; other clock ids throw ERR_VDSO_UNAVAILABLE`),
    gettimeofday: entry('Date.now(), 1 ms resolution'),
    clock_getres: entry('the unit of each clock\'s JS source'),
    time: entry('Date.now()'),
    getcpu: entry('unavailable: JS cannot ask which CPU it runs on'),
    getrandom: entry('crypto.randomFillSync (OpenSSL\'s CSPRNG, seeded by the kernel)'),
  });

  // The addon's calling convention: the clock id comes in through clockIdSlot,
  // results go out through slots / nanosecondsSlot, errors come back as
  // values; and, as the addon's, every set of calls has slots of its own.
  function clockCalls(): ClockCalls {
    const slots = new Float64Array(2);
    const nanosecondsSlot = new BigInt64Array(1);
    const clockIdSlot = new Int32Array(1);
    const getcpu = () => {
      throw unavailable('getcpu', 'JS cannot ask which CPU it runs on');
    };
    return {
      slots,
      nanosecondsSlot,
      clockIdSlot,
      clockGettime() {
        source('clock_gettime', clockIdSlot[0]).read(slots);
        return undefined;
      },
      clockGettimeNs() {
        nanosecondsSlot[0] = source('clock_gettime', clockIdSlot[0]).nanoseconds();
        return undefined;
      },
      // The addon's formulas (clock_calls.cc), so both backends round the same way.
      clockGettimeMs() {
        source('clock_gettime', clockIdSlot[0]).read(slots);
        slots[0] = slots[0] * 1e3 + slots[1] * 1e-6;
        return undefined;
      },
      // performance.now() itself: the JS backend's now() already counts from its zero.
      now() {
        slots[0] = performance.now();
        return undefined;
      },
      setNowOrigin: () => undefined,
      nowIsPerformanceNow: true,
      clockGetres() {
        const ns = source('clock_getres', clockIdSlot[0]).resolutionNs;
        slots[0] = floor(ns / 1e9);
        slots[1] = ns % 1e9;
        return undefined;
      },
      gettimeofday() {
        const ms = dateNow();
        const sec = floor(ms / 1e3);
        slots[0] = sec;
        slots[1] = (ms - sec * 1e3) * 1e3;
        return undefined;
      },
      time() {
        slots[0] = floor(dateNow() / 1e3);
        return undefined;
      },
      getcpu,
      sysClockGettime: noSyscalls('clock_gettime'),
      sysClockGettimeNs: noSyscalls('clock_gettime'),
      sysClockGettimeMs: noSyscalls('clock_gettime'),
      sysClockGetres: noSyscalls('clock_getres'),
      sysGettimeofday: noSyscalls('gettimeofday'),
      sysTime: noSyscalls('time'),
      sysGetcpu: noSyscalls('getcpu'),
      timeBound: noDiscipline,
    };
  }

  return {
    clockCalls,
    // Same argument rules as the addon's: -1 not a view, -2 bad flags, else an errno.
    getrandom(view, flags) {
      if (!ArrayBuffer.isView(view)) return -1;
      if (typeof flags !== 'number' || !Number.isInteger(flags) || flags < 0 || flags > 0xffffffff) return -2;
      if (flags & ~0x7 || (flags & 0x6) === 0x6) return 22;  // EINVAL: unknown bits, or GRND_INSECURE with GRND_RANDOM
      randomFillSync(view as NodeJS.ArrayBufferView);
      return view;
    },
    sysGetrandom: noSyscalls('getrandom'),
    getrandomState() {
      return { enabled: false, state: null, path: 'unused', stateSize: 0, mmapProt: 0, mmapFlags: 0, pageSize: 0, stride: 0, statesPerPage: 0, statesInUse: 0, pagesMapped: 0 };
    },
    empty() {},
    liveEnvironments: () => NaN,  // no addon data
    backend: () => backend,
    dataPageReader: () => ({ reader: null, reason: `the JS backend reads no memory of the kernel's (JS backend: ${why})`, kernelVersion: null, address: null }),
    info(): OmitEach<VdsoInfo, 'backend'> {
      let base: string | null;
      try {
        base = auxvVdsoBase();
      } catch (err) {
        return { present: false, base: null, problem: `unknown: /proc/self/auxv is not readable (${(err as Error).message})`, disabled: false, hostAbi: null };
      }
      if (base === null) return { present: false, base, disabled: false, hostAbi: null };
      const problem = `the JS backend cannot parse it: there is no ELF reader in JS (JS backend in use: ${why})`;
      return { present: true, base, disabled: false, hostAbi: null, problem };
    },
    // The whole [vdso] mapping, read through /proc/self/mem: the addon's dump()
    // stops at the end of the PT_LOAD segment, which only an ELF reader knows.
    dump(): Buffer | null {
      let maps: string;
      try {
        maps = readFileSync('/proc/self/maps', 'latin1');
      } catch (err) {
        throw unavailable('dump', `/proc/self/maps is not readable (${(err as Error).message})`);
      }
      const m = /^([0-9a-f]+)-([0-9a-f]+) .*\[vdso\]$/m.exec(maps);
      if (!m) return null;
      // User-space addresses are below 2**53 on every 64-bit Linux ABI, so numbers are exact.
      const start = parseInt(m[1], 16);
      const image = Buffer.alloc(parseInt(m[2], 16) - start);
      let fd: number | undefined;
      try {
        fd = openSync('/proc/self/mem', 'r');
        for (let done = 0; done < image.length; ) {
          const n = readSync(fd, image, done, image.length - done, start + done);
          if (n === 0) throw new Error('short read');
          done += n;
        }
      } catch (err) {
        throw unavailable('dump', `reading the [vdso] mapping from /proc/self/mem failed (${(err as Error).message})`);
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
      return image;
    },
    // No made-up discipline: only the kernel knows it, through a system call.
    timeStatus: noDiscipline,
    timeStatusSyscall: 'clock_adjtime',
    inspect(): ImageDescription {
      throw unavailable('inspect', 'reading ELF images needs the native addon');
    },
    lookup(): never {
      throw unavailable('lookup', 'symbol lookup needs the native addon');
    },
  };
}
