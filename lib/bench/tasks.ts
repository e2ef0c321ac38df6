/**
 * What the benchmark times: each of the package's calls next to what a
 * program would call instead. `vdso bench` runs the short list, `npm run
 * bench` every task (and the C floor of bench/floor-addon beside them).
 */
import * as vdso from '../index';
import type { FieldRounding, Measured, ResultKind, Timed } from './harness';
import { callTask, pairedRatio } from './harness';

/** Which part of the story a task tells. */
export type Section = 'fine' | 'coarse' | 'lacks' | 'random' | 'syscall' | 'floor' | 'forms';

export const SECTIONS: Record<Section, string> = {
  fine: "fine clocks: the package's and the runtime's own",
  coarse: 'coarse clocks: a tick old, read from the vDSO data page with no call',
  lacks: 'clocks and calls the runtime lacks, against what a program would do instead',
  random: 'getrandom through the vDSO, against crypto',
  syscall: 'the same through the real system call',
  floor: 'the floor: an empty call into the addon',
  forms: 'every other form',
};

export interface BenchTask {
  /** The call as a program writes it; also the task's key. */
  name: string;
  /** The expression timed, over the names of taskScope() (the name itself unless the two differ). */
  expr: string;
  result: ResultKind;
  section: Section;
  /** Who provides it: the package, or the runtime (the references, and the runtime's calls with their object hoisted). */
  by: 'vdso' | 'runtime';
  /** The name of the task a program would call instead, which its cost ratio is against; null for the references. */
  against: string | null;
  /**
   * The same runtime call with its object hoisted into a constant (`const processHrtime =
   * process.hrtime`): without the lookup of the `process` or `performance` global on every call,
   * which costs Node more than the call itself saves. A second ratio, against it.
   */
  hoisted?: string;
  /** In the short run (`vdso bench`) as well as the full one. */
  short: boolean;
  /** What differs beyond the cost, for the tables (resolution, semantics). */
  note?: string;
}

const HRTIME_BIGINT = 'process.hrtime.bigint()';
const HRTIME = 'process.hrtime()';
const PERFORMANCE_NOW = 'performance.now()';
const HOISTED_BIGINT = 'processHrtime.bigint()';
const HOISTED_HRTIME = 'processHrtime()';
const HOISTED_NOW = 'perf.now()';
const DATE_NOW = 'Date.now()';
const DATE_NS = 'BigInt(Date.now()) * 1000000n';
const UPTIME = 'os.uptime()';
const CPU_USAGE = 'process.cpuUsage()';
const THREAD_CPU_USAGE = 'process.threadCpuUsage()';
const PROC_CPU = "CPU from /proc/thread-self/stat";
const RANDOM16 = 'crypto.getRandomValues(buf16)';
const RANDOM4096 = 'crypto.getRandomValues(buf4096)';
const RANDOM_BYTES = 'crypto.randomBytes(16)';

function task(name: string, result: ResultKind, section: Section, against: string | null, short: boolean, extra: Partial<BenchTask> = {}): BenchTask {
  return { name, expr: name, result, section, by: against === null ? 'runtime' : 'vdso', against, short, ...extra };
}

// The clocks every clock form is timed on in the full run.
const CLOCKS = ['MONOTONIC', 'REALTIME', 'BOOTTIME', 'MONOTONIC_RAW', 'TAI', 'REALTIME_COARSE', 'MONOTONIC_COARSE'] as const;

// What each form is timed against in the full run: the runtime's call with the same kind of result.
function formReference(form: string, clock: string): string {
  if (form === 'clockGettime') return HRTIME;
  if (form === 'clockGettimeMs') return clock.startsWith('REALTIME') || clock === 'TAI' ? DATE_NOW : PERFORMANCE_NOW;
  return HRTIME_BIGINT;
}

function allTasks(): BenchTask[] {
  const list: BenchTask[] = [
    // The runtime's own, which the package's calls are compared with.
    task(HRTIME_BIGINT, 'value', 'fine', null, true),
    task(HRTIME, 'value', 'fine', null, true),
    task(PERFORMANCE_NOW, 'number', 'fine', null, true),
    task(DATE_NOW, 'number', 'fine', null, true),
    // The same with the object in a constant: against the usual form, the lookup of the global.
    task(HOISTED_BIGINT, 'value', 'fine', HRTIME_BIGINT, true, { by: 'runtime', note: 'const processHrtime = process.hrtime' }),
    task(HOISTED_HRTIME, 'value', 'fine', HRTIME, true, { by: 'runtime', note: 'const processHrtime = process.hrtime' }),
    task(HOISTED_NOW, 'number', 'fine', PERFORMANCE_NOW, true, { by: 'runtime', note: 'const perf = performance' }),
    task(DATE_NS, 'value', 'lacks', null, true, { note: 'UTC, in ms steps' }),
    task(UPTIME, 'number', 'lacks', null, true, { note: 'seconds since boot, in 10 ms steps (/proc/uptime)' }),
    task(CPU_USAGE, 'value', 'lacks', null, true, { note: 'process CPU time in us (getrusage)' }),
    task(THREAD_CPU_USAGE, 'value', 'lacks', null, true, { note: 'thread CPU time in us (Node >= 23.9)' }),
    task(PROC_CPU, 'number', 'lacks', null, true, { expr: 'cpuFromProc()', note: "field 39 of the thread's stat file" }),
    task(RANDOM16, 'value', 'random', null, true),
    task(RANDOM4096, 'value', 'random', null, true),
    task(RANDOM_BYTES, 'value', 'random', null, false),

    // Fine clocks: level with the runtime's own on Node.
    task('vdso.hrtime.bigint()', 'value', 'fine', HRTIME_BIGINT, true, { hoisted: HOISTED_BIGINT }),
    task('vdso.clockGettimeNs(CLOCK_MONOTONIC)', 'value', 'fine', HRTIME_BIGINT, true, { hoisted: HOISTED_BIGINT }),
    task('vdso.clockGettimeInto(CLOCK_MONOTONIC, out)', 'value', 'fine', HRTIME_BIGINT, true, { note: 'into a Float64Array: no allocation', hoisted: HOISTED_BIGINT }),
    task('vdso.hrtime()', 'value', 'fine', HRTIME, true, { hoisted: HOISTED_HRTIME }),
    task('vdso.clockGettime(CLOCK_MONOTONIC)', 'value', 'fine', HRTIME, true, { hoisted: HOISTED_HRTIME }),
    task('vdso.now()', 'number', 'fine', PERFORMANCE_NOW, true, { hoisted: HOISTED_NOW }),
    task('vdso.clockGettimeMs(CLOCK_REALTIME)', 'number', 'fine', DATE_NOW, true),

    // Coarse clocks.
    task('vdso.clockGettimeMs(CLOCK_REALTIME_COARSE)', 'number', 'coarse', DATE_NOW, true, { note: 'ms of the last tick' }),
    task('vdso.clockGettimeMs(CLOCK_MONOTONIC_COARSE)', 'number', 'coarse', PERFORMANCE_NOW, true, { note: 'ms of the last tick', hoisted: HOISTED_NOW }),

    // What the runtime lacks.
    task('vdso.clockGettimeNs(CLOCK_REALTIME)', 'value', 'lacks', DATE_NS, true, { note: 'UTC in ns' }),
    task('vdso.clockGettimeNs(CLOCK_TAI)', 'value', 'lacks', DATE_NS, true, { note: 'TAI in ns: no TAI in Node' }),
    task('vdso.clockGettimeNs(CLOCK_BOOTTIME)', 'value', 'lacks', UPTIME, true, { note: 'ns since boot, suspend included' }),
    task('vdso.clockGettimeNs(CLOCK_MONOTONIC_RAW)', 'value', 'lacks', HRTIME_BIGINT, true, { note: 'not slewed by NTP', hoisted: HOISTED_BIGINT }),
    task('vdso.clockGettimeNs(CLOCK_PROCESS_CPUTIME_ID)', 'value', 'lacks', CPU_USAGE, true, { note: 'process CPU time in ns (a system call)' }),
    task('vdso.clockGettimeNs(CLOCK_THREAD_CPUTIME_ID)', 'value', 'lacks', THREAD_CPU_USAGE, true, { note: 'thread CPU time in ns (a system call)' }),
    task('vdso.getcpu()', 'value', 'lacks', PROC_CPU, true, { note: 'CPU and NUMA node' }),
    task('vdso.getrandom(buf16)', 'value', 'random', RANDOM16, true, { note: '16 bytes' }),
    task('vdso.getrandom(buf4096)', 'value', 'random', RANDOM4096, true, { note: '4096 bytes' }),
    task('vdso.randomBytes(16)', 'value', 'random', RANDOM_BYTES, false, { note: 'a new Buffer' }),

    // The system call, and the floor.
    task('vdso.syscalls.clockGettimeNs(CLOCK_MONOTONIC)', 'value', 'syscall', HRTIME_BIGINT, true),
    task('vdso.nativeNoop()', 'value', 'floor', HRTIME_BIGINT, true, { note: 'an empty Node-API call' }),
  ];
  // The full run: every clock form on every clock the vDSO serves, the other calls, the system-call path.
  const named = new Set(list.map((t) => t.name));
  const add = (t: BenchTask) => {
    if (!named.has(t.name)) list.push(t), named.add(t.name);
  };
  for (const clock of CLOCKS) {
    for (const form of ['clockGettime', 'clockGettimeNs', 'clockGettimeMs', 'clockGettimeInto'] as const) {
      const args = form === 'clockGettimeInto' ? `CLOCK_${clock}, out` : `CLOCK_${clock}`;
      add(task(`vdso.${form}(${args})`, form === 'clockGettimeMs' ? 'number' : 'value', 'forms', formReference(form, clock), false));
    }
  }
  add(task('vdso.clockGetres(CLOCK_MONOTONIC)', 'value', 'forms', HRTIME, false));
  add(task('vdso.gettimeofday()', 'value', 'forms', DATE_NOW, false));
  add(task('vdso.time()', 'number', 'forms', DATE_NOW, false));
  for (const form of ['clockGettime', 'clockGettimeNs', 'clockGettimeMs', 'clockGettimeInto'] as const) {
    const args = form === 'clockGettimeInto' ? 'CLOCK_MONOTONIC, out' : 'CLOCK_MONOTONIC';
    add(task(`vdso.syscalls.${form}(${args})`, form === 'clockGettimeMs' ? 'number' : 'value', 'syscall', formReference(form, 'MONOTONIC'), false));
  }
  // CLOCK_REALTIME through the vDSO and the kernel's maxerror through clock_adjtime: a system call every time.
  add(task('vdso.boundedNow()', 'value', 'syscall', 'vdso.clockGettimeNs(CLOCK_REALTIME)', false, { note: "the clock and the kernel's maximum error (a system call)" }));
  for (const call of ['clockGetres(CLOCK_MONOTONIC)', 'gettimeofday()', 'time()', 'getcpu()']) {
    add(task(`vdso.syscalls.${call}`, call === 'time()' ? 'number' : 'value', 'syscall', call === 'getcpu()' ? 'vdso.getcpu()' : DATE_NOW, false));
  }
  return list;
}

/** Every task (`npm run bench`), or the short list (`vdso bench`), in the order they run. */
export function benchTasks(which: 'all' | 'short'): BenchTask[] {
  const all = allTasks();
  return which === 'all' ? all : all.filter((t) => t.short);
}

// The CPU this thread last ran on, as a program without getcpu() reads it.
function cpuFromProc(): number {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const stat = readFileSync('/proc/thread-self/stat', 'latin1');
  // Field 39; the fields after the command name, which ends at the last ')', start at field 3.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[36]);
}

/**
 * The names the tasks' expressions use, bound as a program binds what it
 * requires. Made on use: `crypto` and `os` cost nothing to a `vdso` command
 * that does not time anything.
 */
export function taskScope(): Record<string, unknown> {
  // The coarse clocks' data page proven and in use before any loop runs, as in
  // a program past its first tick: otherwise the first batches take the
  // native call and feed the JIT a path a hot program no longer takes.
  void vdso.backend.clock_gettime_coarse.path;
  const scope: Record<string, unknown> = {
    vdso,
    out: new Float64Array(2),
    buf16: new Uint8Array(16),
    buf4096: new Uint8Array(4096),
    crypto: require('node:crypto'),
    os: require('node:os'),
    cpuFromProc,
    processHrtime: process.hrtime,
    perf: performance,
  };
  for (const [name, id] of Object.entries(vdso.ClockId)) scope[`CLOCK_${name}`] = id;
  return scope;
}

/** Each task ready to time, over one scope. */
export function timedTasks(tasks: readonly BenchTask[], scope: Record<string, unknown> = taskScope()): Timed[] {
  return tasks.map((t) => callTask(t.name, t.expr, t.result, scope));
}

/** One task's figures, as both the CLI and bench/run.js report them. */
export interface BenchRow {
  name: string;
  section: Section;
  by: 'vdso' | 'runtime';
  against: string | null;
  note: string | null;
  /** In the short run (`vdso bench`) too. */
  short: boolean;
  /** Median ns per call; null when the task could not run here. */
  nsPerCall: number | null;
  /** Median of the per-round ratios to `against` (below 1 costs less); null for a reference or when either could not run. */
  costRatio: number | null;
  /** The quartiles of those per-round ratios. */
  costRatioLow: number | null;
  costRatioHigh: number | null;
  /** The runtime's call with its object hoisted (BenchTask.hoisted), and the cost ratio against it; null without one. */
  hoisted: string | null;
  vsHoisted: number | null;
  /** Calls per timed batch. */
  calls: number | null;
  /** Why the task could not run here (its first call threw), else null. */
  unavailable: string | null;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
// Ratios run from 1e-4 (getcpu against a /proc read) to 10: three significant digits.
const significant = (v: number) => Number(v.toPrecision(3));

/** How benchRows' figures combine over processes (medianOfProcesses). */
export const ROW_FIELDS: FieldRounding = {
  nsPerCall: (v) => round(v, 1),
  costRatio: significant,
  costRatioLow: significant,
  costRatioHigh: significant,
  vsHoisted: significant,
  calls: Math.round,
};

export function benchRows(tasks: readonly BenchTask[], { timings, unavailable }: Measured): BenchRow[] {
  return tasks.map((t) => {
    const timing = timings.get(t.name);
    const reference = t.against === null ? undefined : timings.get(t.against);
    const r = timing && reference ? pairedRatio(timing, reference) : null;
    const hoisted = t.hoisted === undefined ? undefined : timings.get(t.hoisted);
    const h = timing && hoisted ? pairedRatio(timing, hoisted) : null;
    return {
      name: t.name,
      section: t.section,
      by: t.by,
      against: t.against,
      note: t.note ?? null,
      short: t.short,
      nsPerCall: timing ? round(timing.nsPerCall, 1) : null,
      costRatio: r && significant(r.ratio),
      costRatioLow: r && significant(r.low),
      costRatioHigh: r && significant(r.high),
      hoisted: t.hoisted ?? null,
      vsHoisted: h && significant(h.ratio),
      calls: timing ? timing.calls : null,
      unavailable: unavailable.get(t.name) ?? null,
    };
  });
}
