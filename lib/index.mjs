// The ES module entry: the CommonJS build re-exported by name, so `import` and
// `require` share one module instance (one backend, one set of result slots).
// The names are listed, not `export *`-ed, so the ESM surface does not depend on
// Node's guess at the CommonJS exports; test/package-exports.test.js checks
// that this list and the CommonJS exports are the same set.
import vdso from '../dist/index.js';

export default vdso;
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
  clockGettime,
  clockGettimeNs,
  clockGettimeMs,
  clockGettimeInto,
  clockGetres,
  gettimeofday,
  time,
  getcpu,
  hrtime,
  now,
  performanceNow,
  msSinceLoad,
  syscalls,
  nativeNoop,
  backend,
  info,
  inspect,
  dump,
  lookup,
  loaded,
  GRND_NONBLOCK,
  GRND_RANDOM,
  GRND_INSECURE,
  getrandom,
  getrandomSyscall,
  randomBytes,
  getrandomInfo,
  pinoTime,
  otelHrTime,
  currentThreadCpu,
  cpuReport,
} = vdso;
