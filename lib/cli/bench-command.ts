import {
  CLOCK_MONOTONIC,
  CLOCK_MONOTONIC_COARSE,
  CLOCK_REALTIME,
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
import { UsageError } from './failure';
import type { Call } from './measure';
import { sideBySide } from './measure';
import type { Style } from './style';
import { renderTable } from './table';

interface Case {
  name: string;
  /** What the case stands in for, to read the ratio against. */
  group: string;
  fn: Call;
}

const out = new Float64Array(2);
const { clockGettime: sysGettime, clockGettimeNs: sysGettimeNs } = syscalls;

/** The package's clock paths next to Node's own clocks and the system call. */
const CASES: Case[] = [
  { group: 'ns bigint', name: 'process.hrtime.bigint()', fn: () => process.hrtime.bigint() },
  { group: 'ns bigint', name: 'vdso.hrtime.bigint()', fn: () => hrtime.bigint() },
  { group: 'ns bigint', name: 'vdso.clockGettimeNs(MONOTONIC)', fn: () => clockGettimeNs(CLOCK_MONOTONIC) },
  { group: 'ns bigint', name: 'vdso.syscalls.clockGettimeNs(MONOTONIC)', fn: () => sysGettimeNs(CLOCK_MONOTONIC) },
  { group: '[s, ns]', name: 'process.hrtime()', fn: () => process.hrtime() },
  { group: '[s, ns]', name: 'vdso.hrtime()', fn: () => hrtime() },
  { group: '[s, ns]', name: 'vdso.clockGettime(MONOTONIC)', fn: () => clockGettime(CLOCK_MONOTONIC) },
  { group: '[s, ns]', name: 'vdso.clockGettimeInto(MONOTONIC, out)', fn: () => clockGettimeInto(CLOCK_MONOTONIC, out) },
  { group: '[s, ns]', name: 'vdso.clockGettimeInto(MONOTONIC_COARSE, out)', fn: () => clockGettimeInto(CLOCK_MONOTONIC_COARSE, out) },
  { group: '[s, ns]', name: 'vdso.syscalls.clockGettime(MONOTONIC)', fn: () => sysGettime(CLOCK_MONOTONIC) },
  { group: 'ms number', name: 'performance.now()', fn: () => performance.now() },
  { group: 'ms number', name: 'vdso.now()', fn: () => now() },
  { group: 'ms number', name: 'Date.now()', fn: () => Date.now() },
  { group: 'ms number', name: 'vdso.clockGettimeMs(REALTIME)', fn: () => clockGettimeMs(CLOCK_REALTIME) },
];

const BASELINE = 'process.hrtime.bigint()';

export interface BenchRow {
  name: string;
  group: string;
  nsPerCall: number;
  /** nsPerCall of process.hrtime.bigint() divided by this one: above 1 is faster. */
  speedupVsHrtimeBigint: number;
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
  const body = rows.map((r) => [r.group, r.name, r.nsPerCall.toFixed(1), `${r.speedupVsHrtimeBigint.toFixed(2)}x`]);
  return [
    renderTable(['returns', 'call', 'ns/call', `vs ${BASELINE}`], body, ['left', 'left', 'right', 'right'], style.bold),
    '',
    style.dim(`ns per call from JS, median of ${batches} interleaved batches; the full benchmark is npm run bench in the repository`),
  ].join('\n');
}

export const benchCommand: Command = {
  name: 'bench',
  summary: "a short side-by-side of the package's clock paths and Node's clocks",
  description: [
    "Times each of the package's clock paths next to process.hrtime.bigint(), process.hrtime(),",
    'performance.now(), Date.now() and the system call, as ns per call from JS (median of',
    'interleaved batches) and the speed relative to process.hrtime.bigint(). Progress goes to',
    'stderr while it runs, only when stderr is a terminal.',
  ].join('\n'),
  options: { time: { type: 'string', valueName: 'MS', description: 'time spent per call form, in ms (default 150)' } },
  positionals: { name: '', min: 0, max: 0 },
  examples: ['vdso bench', 'vdso bench --time 500 --json'],
  run(args, io) {
    const text = args.options.time as string | undefined;
    const ms = text === undefined ? 150 : Number(text);
    if (!Number.isFinite(ms) || ms < 1 || ms > 60_000) throw new UsageError(`bench: --time must be a number of ms from 1 to 60000, not '${text}'`);
    const batches = 15;
    const batchNs = (ms * 1e6) / (batches + 3);  // +3: calibration and warm-up
    // All forms in the same interleaved rounds, so the ratios share the machine's noise.
    const costs = sideBySide(
      CASES.map((c) => c.fn),
      { batches, batchNs },
      progress(io, batches),
    );
    const base = costs[CASES.findIndex((c) => c.name === BASELINE)];
    const rows: BenchRow[] = CASES.map((c, i) => ({
      name: c.name,
      group: c.group,
      nsPerCall: Math.round(costs[i] * 10) / 10,
      speedupVsHrtimeBigint: Math.round((base / costs[i]) * 100) / 100,
    }));
    if (args.json) io.printJson({ msPerCase: ms, baseline: BASELINE, results: rows });
    else io.print(renderBench(rows, batches, io.style));
    return 0;
  },
};
