import {
  CLOCK_MONOTONIC,
  CLOCK_MONOTONIC_COARSE,
  CLOCK_REALTIME,
  CLOCK_REALTIME_COARSE,
  clockGettime,
  clockGettimeInto,
  clockGettimeMs,
  clockGettimeNs,
  hrtime,
  now,
  syscalls,
} from '../index';
import type { Command } from './command';
import type { Io } from './io';
import { badValue } from './failure';
import type { Call } from './measure';
import { sideBySide } from './measure';
import type { Style } from './style';
import { renderTable } from './table';

interface Case {
  name: string;
  /** What the case returns, to group the table by. */
  group: string;
  /** The Node built-in it replaces: its cost ratio is against that one. Null for the built-ins. */
  against: string | null;
  fn: Call;
}

const out = new Float64Array(2);
const { clockGettime: sysGettime, clockGettimeNs: sysGettimeNs } = syscalls;
const HRTIME_BIGINT = 'process.hrtime.bigint()';
const HRTIME = 'process.hrtime()';
const PERFORMANCE_NOW = 'performance.now()';
const DATE_NOW = 'Date.now()';

/** The package's clock paths next to Node's own clocks and the system call. */
const CASES: Case[] = [
  { group: 'ns bigint', name: HRTIME_BIGINT, against: null, fn: () => process.hrtime.bigint() },
  { group: 'ns bigint', name: 'vdso.hrtime.bigint()', against: HRTIME_BIGINT, fn: () => hrtime.bigint() },
  { group: 'ns bigint', name: 'vdso.clockGettimeNs(MONOTONIC)', against: HRTIME_BIGINT, fn: () => clockGettimeNs(CLOCK_MONOTONIC) },
  { group: 'ns bigint', name: 'vdso.syscalls.clockGettimeNs(MONOTONIC)', against: HRTIME_BIGINT, fn: () => sysGettimeNs(CLOCK_MONOTONIC) },
  { group: '[s, ns]', name: HRTIME, against: null, fn: () => process.hrtime() },
  { group: '[s, ns]', name: 'vdso.hrtime()', against: HRTIME, fn: () => hrtime() },
  { group: '[s, ns]', name: 'vdso.clockGettime(MONOTONIC)', against: HRTIME, fn: () => clockGettime(CLOCK_MONOTONIC) },
  { group: '[s, ns]', name: 'vdso.clockGettimeInto(MONOTONIC, out)', against: HRTIME_BIGINT, fn: () => clockGettimeInto(CLOCK_MONOTONIC, out) },
  { group: '[s, ns]', name: 'vdso.clockGettimeInto(MONOTONIC_COARSE, out)', against: HRTIME_BIGINT, fn: () => clockGettimeInto(CLOCK_MONOTONIC_COARSE, out) },
  { group: '[s, ns]', name: 'vdso.syscalls.clockGettime(MONOTONIC)', against: HRTIME, fn: () => sysGettime(CLOCK_MONOTONIC) },
  { group: 'ms number', name: PERFORMANCE_NOW, against: null, fn: () => performance.now() },
  { group: 'ms number', name: 'vdso.now()', against: PERFORMANCE_NOW, fn: () => now() },
  { group: 'ms number', name: DATE_NOW, against: null, fn: () => Date.now() },
  { group: 'ms number', name: 'vdso.clockGettimeMs(REALTIME)', against: DATE_NOW, fn: () => clockGettimeMs(CLOCK_REALTIME) },
  { group: 'ms number', name: 'vdso.clockGettimeMs(REALTIME_COARSE)', against: DATE_NOW, fn: () => clockGettimeMs(CLOCK_REALTIME_COARSE) },
];

const CONVENTION = 'cost ratio: ns per call divided by that of the Node built-in it replaces; lower is better';

export interface BenchRow {
  name: string;
  group: string;
  nsPerCall: number;
  /** The built-in this call replaces, or null for a built-in. */
  against: string | null;
  /** nsPerCall / the built-in's nsPerCall: below 1 costs less. Null for a built-in. */
  costRatio: number | null;
}

// One line on stderr, rewritten in place; nothing at all when stderr is not a terminal.
function progress(io: Io, rounds: number): (round: number) => void {
  if (!io.stderr.isTTY) return () => {};
  return (round) => {
    io.stderr.write(`\r\x1b[2K${io.errStyle.dim(`bench: round ${round + 1}/${rounds} of ${CASES.length} call forms`)}`);
    if (round + 1 === rounds) io.stderr.write('\r\x1b[2K');
  };
}

function renderBench(rows: BenchRow[], batches: number, style: Style): string {
  const body = rows.map((r) => [r.group, r.name, r.nsPerCall.toFixed(1), r.costRatio === null ? '-' : `${r.costRatio.toFixed(2)}x`, r.against ?? '']);
  return [
    renderTable(['returns', 'call', 'ns/call', 'cost ratio', 'against'], body, ['left', 'left', 'right', 'right', 'left'], style.bold),
    '',
    style.dim(`${CONVENTION}. ns per call from JS, median of ${batches} interleaved batches; the full benchmark is npm run bench in the repository`),
  ].join('\n');
}

export const benchCommand: Command = {
  name: 'bench',
  summary: "a short side-by-side of the package's clock paths and Node's clocks",
  description: [
    "Times each of the package's clock paths next to process.hrtime.bigint(), process.hrtime(),",
    'performance.now(), Date.now() and the system call, as ns per call from JS (median of',
    'interleaved batches) and the cost ratio against the built-in each one replaces (lower is',
    'better). Progress goes to stderr while it runs, only when stderr is a terminal.',
  ].join('\n'),
  options: { time: { type: 'string', valueName: 'MS', description: 'time spent per call form, in ms (default 150)' } },
  positionals: { name: '', min: 0, max: 0 },
  examples: ['vdso bench', 'vdso bench --time 500 --json'],
  run(args, io) {
    const text = args.options.time as string | undefined;
    const ms = text === undefined ? 150 : Number(text);
    if (!Number.isFinite(ms) || ms < 1 || ms > 60_000) throw badValue('time', String(text), 'a number of ms from 1 to 60000');
    const batches = 15;
    const batchNs = (ms * 1e6) / (batches + 3);  // +3: calibration and warm-up
    // All forms in the same interleaved rounds, so the ratios share the machine's noise.
    const costs = sideBySide(
      CASES.map((c) => c.fn),
      { batches, batchNs },
      progress(io, batches),
    );
    const cost = (name: string) => costs[CASES.findIndex((c) => c.name === name)];
    const rows: BenchRow[] = CASES.map((c, i) => ({
      name: c.name,
      group: c.group,
      nsPerCall: Math.round(costs[i] * 10) / 10,
      against: c.against,
      costRatio: c.against === null ? null : Math.round((costs[i] / cost(c.against)) * 100) / 100,
    }));
    if (args.json) io.printJson({ msPerCase: ms, convention: CONVENTION, results: rows });
    else io.print(renderBench(rows, batches, io.style));
    return 0;
  },
};
