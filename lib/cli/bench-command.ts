import { measure, medianOfProcesses, PROCESSES, shortPlan } from '../bench/harness';
import type { Plan } from '../bench/harness';
import { jsonFromProcess } from '../bench/processes';
import { runtimeId } from '../bench/runtime';
import { benchRows, benchTasks, ROW_FIELDS, SECTIONS, timedTasks } from '../bench/tasks';
import type { BenchRow } from '../bench/tasks';
import type { Command } from './command';
import type { Io } from './io';
import { badValue } from './failure';
import type { Style } from './style';
import { renderTable } from './table';

const CONVENTION = 'cost ratio: ns per call over that of the call a program would make instead (the against column), median of the per-round ratios; below 1 costs less';


// One line on stderr, rewritten in place; nothing at all when stderr is not a terminal.
function progress(io: Io, tasks: number): (round: number, of: number) => void {
  if (!io.stderr.isTTY) return () => {};
  return (round, of) => {
    if (round % 10 === 0) io.stderr.write(`\r\x1b[2K${io.errStyle.dim(`bench: round ${round + 1}/${of} of ${tasks} tasks`)}`);
    if (round + 1 === of) io.stderr.write('\r\x1b[2K');
  };
}

function ratioCell(r: BenchRow): string {
  if (r.unavailable !== null) return 'n/a';
  return r.costRatio === null ? '-' : `${r.costRatio.toFixed(2)}x`;
}

/** The plan as reported: rounds in all, over how many processes. */
interface RunPlan extends Plan {
  processes: number;
}

function renderBench(rows: BenchRow[], plan: RunPlan, style: Style): string {
  const body: string[][] = [];
  for (const [section, title] of Object.entries(SECTIONS)) {
    const inSection = rows.filter((r) => r.section === section);
    if (inSection.length === 0) continue;
    body.push([style.bold(`[${title}]`), '', '', '', '']);
    for (const r of inSection) {
      const ns = r.nsPerCall === null ? style.dim('not here') : r.nsPerCall.toFixed(1);
      body.push([`  ${r.name}`, ns, ratioCell(r), r.vsHoisted === null ? '' : `${r.vsHoisted.toFixed(2)}x`, r.against ?? '']);
    }
  }
  const missing = rows.filter((r) => r.unavailable !== null).map((r) => `${r.name}: ${r.unavailable}`);
  return [
    renderTable(['call', 'ns/call', 'cost ratio', 'x hoisted', 'against'], body, ['left', 'right', 'right', 'right', 'left'], style.bold),
    '',
    style.dim(`${CONVENTION}.`),
    style.dim("x hoisted: the same against the runtime's call with its object in a constant (processHrtime = process.hrtime, perf = performance)."),
    style.dim(
      `${plan.rounds} interleaved rounds of ${plan.batchNs / 1e6} ms batches per call` +
        (plan.processes > 1 ? ` over ${plan.processes} fresh processes, per call the median of theirs` : '') +
        '; npm run bench in the repository runs the same harness on every task.',
    ),
    ...missing.map((m) => style.dim(`not in this runtime: ${m}`)),
  ].join('\n');
}

export const benchCommand: Command = {
  name: 'bench',
  summary: "the package's calls against what a program would call instead, as ns per call and cost ratios",
  description: [
    "Times the package's clocks, getcpu and getrandom next to the runtime's own calls (process.hrtime.bigint(),",
    'performance.now(), Date.now(), os.uptime(), process.cpuUsage(), crypto.getRandomValues(), ...): each call',
    'compiled into a loop of its own and inlined as in a hot program, its result kept, timed in batches of',
    'about 0.2 ms in interleaved rounds after warm-up rounds. Prints the median ns per call and the cost ratio',
    'against the call it replaces (the median of the per-round ratios; lower is better). This is the short run',
    "of the repository's benchmark (npm run bench): the same tasks, timed by the same code. Progress goes to",
    'stderr, only when stderr is a terminal.',
  ].join('\n'),
  options: {
    time: { type: 'string', valueName: 'MS', description: 'timed ms per call in all (default 60; the full benchmark takes 200)' },
    processes: { type: 'string', valueName: 'N', description: `fresh processes the rounds are split over, per call the median of theirs (default ${PROCESSES}; 1: this process)` },
  },
  positionals: { name: '', min: 0, max: 0 },
  examples: ['vdso bench', 'vdso bench --time 200 --json'],
  run(args, io) {
    const text = args.options.time as string | undefined;
    const ms = text === undefined ? 60 : Number(text);
    if (!Number.isFinite(ms) || ms < 1 || ms > 60_000) throw badValue('time', String(text), 'a number of ms from 1 to 60000');
    const count = args.options.processes as string | undefined;
    const processes = count === undefined ? PROCESSES : Number(count);
    if (!Number.isInteger(processes) || processes < 1 || processes > 16) throw badValue('processes', String(count), 'a whole number from 1 to 16');
    const tasks = benchTasks('short');
    let rows: BenchRow[];
    let plan: RunPlan;
    if (processes === 1) {
      plan = { ...shortPlan(ms), processes };
      rows = benchRows(tasks, measure(timedTasks(tasks), plan, progress(io, tasks.length)));
    } else {
      // Each process runs this command on its share of the time, in one process.
      const share = Math.max(1, ms / processes);
      const runs: BenchRow[][] = [];
      for (let i = 0; i < processes; i++) {
        if (io.stderr.isTTY) io.stderr.write(`\r\x1b[2K${io.errStyle.dim(`bench: process ${i + 1}/${processes}, ${tasks.length} tasks`)}`);
        const doc = jsonFromProcess(process.argv[1], ['bench', '--json', '--processes', '1', '--time', String(share)]) as { results: BenchRow[] };
        runs.push(doc.results);
      }
      if (io.stderr.isTTY) io.stderr.write('\r\x1b[2K');
      plan = { ...shortPlan(share), processes };
      plan.rounds *= processes;
      rows = medianOfProcesses(runs, ROW_FIELDS);
    }
    const { runtime, version } = runtimeId();
    if (args.json) io.printJson({ runtime, version, plan, convention: CONVENTION, results: rows });
    else io.print(renderBench(rows, plan, io.style));
    return 0;
  },
};
