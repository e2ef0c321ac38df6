import { release } from 'node:os';
import { backend, clockGetres, clockGettime, clockGettimeInto, info, loaded, nativeNoop, syscalls } from '../index';
import { clockName } from '../clock-id';
import type { FunctionBackend } from '../types';
import type { Command } from './command';
import { badValue, CommandFailure } from './failure';
import { readClocksource } from './clocksource';
import type { Clocksource } from './clocksource';
import { kernelRule } from './clock-rule';
import type { RuleContext, RuleVerdict } from './clock-rule';
import { median, sideBySide } from './measure';
import type { Style } from './style';
import { renderTable } from './table';
import { renderWallClock, wallClockReport } from './wall-clock';
import type { WallClockReport } from './wall-clock';

/** REALTIME (0) ... TAI (11); 10 was CLOCK_SGI_CYCLE, removed from Linux, and is always EINVAL. */
const DEFAULT_IDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** With --all: unassigned ids, the first auxiliary clock (6.17+), an id past them, and dynamic ids. */
const EXTRA_IDS = [12, 13, 14, 15, 16, 24, -2, -6];

// A net vDSO cost below this share of the system call's means no kernel entry:
// a served call is several times cheaper, a passed-through one costs at least as much.
const VDSO_RATIO = 0.65;

function nameOf(id: number): string {
  const known = clockName(id);
  if (known) return known;
  if (id === 10) return 'SGI_CYCLE (removed)';
  if (id >= 16 && id <= 23) return `AUX${id - 16}`;
  if (id === -2) return 'THREAD_CPU (tid 0)';  // MAKE_THREAD_CPUCLOCK(0, CPUCLOCK_SCHED)
  if (id === -6) return 'PROCESS_CPU (pid 0)';  // MAKE_PROCESS_CPUCLOCK(0, CPUCLOCK_SCHED)
  return `(id ${id})`;
}

interface Time {
  sec: number;
  nsec: number;
}

export interface ClockRow {
  id: number;
  name: string;
  /** false when clock_gettime says EINVAL (through the system call). */
  supported: boolean;
  error: string | null;
  /** Set when the vDSO path fails where the system call works (the kernel's selftests forbid that). */
  vdsoPathError: string | null;
  resolution: Time | null;
  resolutionNs: number | null;
  /** clock_getres through the vDSO path equals the system call's. */
  resolutionMatchesSyscall: boolean | null;
  value: Time | null;
  /** Median ns per call from JS of an empty addon call, measured in the same rounds. */
  floorNs: number | null;
  /** Median ns per call from JS through the package's vDSO path and through the system call. */
  vdsoNs: number | null;
  syscallNs: number | null;
  /** What the costs say: 'vdso' when the vDSO path is clearly cheaper than the system call. */
  measured: 'vdso' | 'kernel' | null;
  rule: RuleVerdict;
  /** The verdict: the kernel's rule where it leaves no choice, else the measurement. */
  servedBy: 'vdso' | 'kernel' | null;
  /** Read from the vDSO data page in JS, no call at all (the coarse clocks, where proven). */
  zeroCall: boolean;
  /** The measurement agrees with the rule (null when the rule cannot say). */
  confirmed: boolean | null;
}

export interface ClocksReport {
  kernel: string;
  clocksource: Clocksource;
  clockGettime: { path: FunctionBackend['path']; reason: string };
  /** How the coarse clocks are served: 'data-page' when read with no call at all (zero-call), and the proof. */
  coarse: { path: FunctionBackend['path']; reason: string };
  batches: number;
  /** Whether CLOCK_REALTIME is synchronized, its bound, the TAI offset, a pending leap second. */
  wallClock: WallClockReport;
  clocks: ClockRow[];
}

function errnoName(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? 'ERROR';
  }
}

function kernelVersion(): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(release());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

// Everything but the costs: the kernel's answers and the rule. Null costs
// where the clock cannot be timed (unsupported, or the vDSO path fails).
function describeClock(id: number, ctx: RuleContext): ClockRow {
  const rule = kernelRule(id, ctx);
  const row: ClockRow = {
    id,
    name: nameOf(id),
    supported: true,
    error: errnoName(() => syscalls.clockGettime(id)),
    vdsoPathError: null,
    resolution: null,
    resolutionNs: null,
    resolutionMatchesSyscall: null,
    value: null,
    floorNs: null,
    vdsoNs: null,
    syscallNs: null,
    measured: null,
    rule,
    servedBy: null,
    confirmed: null,
    zeroCall: (id === 5 || id === 6) && backend.clock_gettime_coarse.path === 'data-page',
  };
  if (row.error !== null) {
    row.supported = false;
    return row;
  }
  row.vdsoPathError = errnoName(() => clockGettime(id));
  if (row.vdsoPathError !== null) return row;
  if (errnoName(() => clockGetres(id)) === null) {
    const [sec, nsec] = clockGetres(id);
    row.resolution = { sec, nsec };
    row.resolutionNs = sec * 1e9 + nsec;
    const [ssec, snsec] = syscalls.clockGetres(id);
    row.resolutionMatchesSyscall = ssec === sec && snsec === nsec;
  }
  const [sec, nsec] = clockGettime(id);
  row.value = { sec, nsec };
  return row;
}

// Every timed clock in the same interleaved rounds, after warm-up rounds of
// all of them: the first row is measured as warm as the last, and a burst of
// noise hits every clock alike. The empty addon call rides along, once: it is
// the share of both costs that is only JS-to-addon overhead.
function measureClocks(rows: ClockRow[], batches: number): void {
  const timed = rows.filter((r) => r.value !== null);
  // clockGettimeInto allocates nothing, so garbage collection stays out of the numbers.
  const a = new Float64Array(2);
  const b = new Float64Array(2);
  const sysInto = syscalls.clockGettimeInto;
  const empty = nativeNoop;
  const fns = [() => empty(), ...timed.flatMap((r) => [() => clockGettimeInto(r.id, a), () => sysInto(r.id, b)])];
  const [floorNs, ...costs] = sideBySide(fns, { batches, batchNs: 400_000 });
  timed.forEach((row, i) => {
    const vdsoNs = costs[2 * i];
    const syscallNs = costs[2 * i + 1];
    row.floorNs = Math.round(floorNs * 10) / 10;
    row.vdsoNs = Math.round(vdsoNs * 10) / 10;
    row.syscallNs = Math.round(syscallNs * 10) / 10;
    const net = syscallNs - floorNs > 0 ? (vdsoNs - floorNs) / (syscallNs - floorNs) : vdsoNs / syscallNs;
    row.measured = net < VDSO_RATIO ? 'vdso' : 'kernel';
    row.servedBy = row.rule.verdict === 'kernel' ? 'kernel' : row.measured;
    row.confirmed = row.rule.verdict === 'unknown' ? null : row.measured === row.rule.verdict;
  });
}

export function clocksReport(ids: number[], batches: number): ClocksReport {
  // The comparison needs both paths, and the JS backend has neither.
  if (loaded.backend === 'js') throw new CommandFailure(`needs the native addon, and the JS backend is in use: ${loaded.reason} (ERR_VDSO_UNAVAILABLE)`, 'ERR_VDSO_UNAVAILABLE');
  const clocksource = readClocksource();
  const cg = backend.clock_gettime;
  const ctx: RuleContext = {
    vdsoClockGettime: cg.path === 'vdso',
    backendReason: cg.reason,
    clocksource,
    kernel: kernelVersion(),
  };
  const clocks = ids.map((id) => describeClock(id, ctx));
  measureClocks(clocks, batches);
  return {
    kernel: info().kernelVersion ?? release(),
    clocksource,
    clockGettime: { path: cg.path, reason: cg.reason },
    coarse: { path: backend.clock_gettime_coarse.path, reason: backend.clock_gettime_coarse.reason },
    batches,
    wallClock: wallClockReport(),
    clocks,
  };
}

function formatNs(ns: number): string {
  if (ns >= 1e9) return `${ns / 1e9} s`;
  if (ns >= 1e6) return `${ns / 1e6} ms`;
  if (ns >= 1e3) return `${ns / 1e3} us`;
  return `${ns} ns`;
}

function verdictCell(r: ClockRow, style: Style): string {
  if (!r.supported) return style.dim('unsupported');
  if (r.vdsoPathError) return style.red(`vDSO path: ${r.vdsoPathError}`);
  const colored = r.zeroCall ? style.green('vdso, zero-call') : r.servedBy === 'vdso' ? style.green('vdso') : style.yellow('kernel');
  if (r.confirmed === true) return `${colored} ✓`;
  if (r.confirmed === false) return `${colored} ${style.red(`✗ rule says ${r.rule.verdict}`)}`;
  return `${colored} ?`;
}

function renderClocks(rep: ClocksReport, style: Style): string {
  const cs = rep.clocksource;
  const out: string[] = [];
  const mode = cs.vdsoMode === true ? style.green('has a vDSO mode') : cs.vdsoMode === false ? style.red('has NO vDSO mode') : 'vDSO mode unknown';
  out.push(`${style.bold('clocksource')} ${cs.current ?? '(unreadable)'} (available: ${cs.available.join(' ') || '-'}): ${mode}; kernel ${rep.kernel}`);
  out.push(`${style.bold('clock_gettime')} through ${rep.clockGettime.path}: ${rep.clockGettime.reason}`);
  out.push(`${style.bold('coarse clocks')} ${rep.coarse.path === 'data-page' ? 'read from the data page, no call' : `through ${rep.coarse.path}`}: ${rep.coarse.reason}`);
  const floors = rep.clocks.flatMap((r) => (r.floorNs === null ? [] : [r.floorNs]));
  const floor = floors.length ? `; an empty addon call costs ${median(floors)} ns of it` : '';
  out.push(`cost per call from JS, median of ${rep.batches} interleaved batches${floor}`);
  if (cs.warning) out.push(style.yellow(`warning: ${cs.warning}`));
  out.push(...renderWallClock(rep.wallClock, style));
  out.push('');
  const rows = rep.clocks.map((r) => [
    r.name,
    String(r.id),
    r.resolutionNs === null ? '-' : formatNs(r.resolutionNs),
    r.value === null ? (r.error ?? '-') : `${r.value.sec}.${String(r.value.nsec).padStart(9, '0')}`,
    r.vdsoNs === null ? '-' : `${r.vdsoNs.toFixed(1)} ns`,
    r.syscallNs === null ? '-' : `${r.syscallNs.toFixed(1)} ns`,
    verdictCell(r, style),
    r.supported ? r.rule.reason : style.dim(`clock_gettime says ${r.error}`),
  ]);
  out.push(renderTable(['clock', 'id', 'resolution', 'value', 'vdso path', 'syscall', 'served by', 'why (the kernel rule)'], rows, ['left', 'right', 'right', 'right', 'right', 'right'], style.bold));
  const disagree = rep.clocks.filter((r) => r.confirmed === false);
  if (disagree.length) {
    out.push('', style.yellow(`the measurement disagrees with the kernel rule for ${disagree.map((r) => r.name).join(', ')}: a noisy machine, or a clocksource whose vDSO mode is off at run time`));
  }
  return out.join('\n');
}

export const clocksCommand: Command = {
  name: 'clocks',
  summary: 'which clocks the vDSO really serves here, what each costs, and why',
  description: [
    'One row per clock id: name, id, resolution, current value, the cost per call through the',
    "package's vDSO path and through the system call (measured side by side in the same run,",
    "median of batches), and the verdict. The verdict follows the kernel's own rule where it",
    'leaves no choice (CPU-time clocks, dynamic ids, ids >= MAX_CLOCKS, clocks the vDSO does not',
    'implement, a clocksource without a vDSO mode such as hpet or acpi_pm all go to the kernel);',
    'otherwise the measurement decides, and a ✓ says it agrees with the rule. Clocks the system',
    'call rejects with EINVAL are shown as unsupported. Above the table: whether the wall clock is',
    "synchronized and its maximum error, the TAI offset (a warning when CLOCK_TAI equals REALTIME",
    "because the kernel's TAI offset is 0) and a pending leap second.",
  ].join('\n'),
  options: {
    all: { type: 'boolean', description: 'also unassigned ids (12-15), AUX0 (16), 24 and dynamic ids (-2, -6)' },
    batches: { type: 'string', valueName: 'N', description: 'timed batches per path and clock (default 11)' },
  },
  positionals: { name: '', min: 0, max: 0 },
  examples: ['vdso clocks', 'vdso clocks --all --batches 31', "vdso clocks --json | jq '.clocks[] | {name, servedBy}'"],
  run(args, io) {
    const text = args.options.batches as string | undefined;
    const batches = text === undefined ? 11 : Number(text);
    if (!Number.isInteger(batches) || batches < 1 || batches > 1000) throw badValue('batches', String(text), 'a whole number from 1 to 1000');
    const rep = clocksReport(args.options.all ? [...DEFAULT_IDS, ...EXTRA_IDS] : DEFAULT_IDS, batches);
    if (args.json) io.printJson(rep);
    else io.print(renderClocks(rep, io.style));
    return 0;
  },
};
