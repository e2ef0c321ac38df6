#!/usr/bin/env node
'use strict';
// The benchmark's full run. Its tasks and measuring code are the package's own
// (lib/bench/, compiled into dist/bench/), the same ones `vdso bench` runs in
// short: see HELP.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');

const RESULTS_DIR = path.join(__dirname, 'results');

const HELP = `Usage: node bench/run.js [options]        (or: npm run bench -- [options])

Times every task of lib/bench/tasks.ts with lib/bench/harness.ts (both from dist/bench/:
run npm run build first), the harness \`vdso bench\` runs in short, with the C floor of
bench/floor-addon in the same rounds; then the memory check (heap bytes per call) and the load
check (require('vdso') against require('microtime') and vdso.node alone, fresh processes).
Prints a report per runtime; the results (.json, .md, .svg) go to a temporary directory, named
at the end. Only --update changes tracked files.

Options:
  --node RUNTIME  run on this runtime (repeatable): an executable path, or 20, 22, 24, 26,
                  bun, deno (fetched once and cached by scripts/fetch-node.sh and
                  scripts/fetch-runtime.sh). Default: the node running this script
  --all           Node 20, 22, 24 and 26, Bun and Deno: the set bench/results/ holds
  --only PARTS    comma-separated, of time, memory, load (default: all three)
  --update        also write bench/results/<runtime>.{json,md,svg} and regenerate the tables of
                  bench/README.md and bench/README-speed-section.md from every results file
                  (a full run: not with --quick or --only)
  --out DIR       where the results files go (default: a new temporary directory)
  --rounds N      timed rounds (default 1000, over --processes fresh processes)
  --processes N   processes the timed rounds are split over, per-task medians of theirs (default 3)
  --load-runs N   fresh processes per kind in the load check (default 21)
  --quick         a few seconds, figures not meaningful (what npm test runs);
                  VDSO_BENCH_QUICK=1 is the same
  -h, --help      this text

Examples:
  npm run bench -- --all --update                  refresh everything (about 6 minutes here)
  node bench/run.js --only load --node 20 --node 24
                                                   the load medians and ratios on Node 20 and 24
  node bench/run.js --node deno --only time        one runtime, timing only
  node bench/agreement.js                          vdso bench --json against this, 3 runs each
`;

// The timing's constants are the harness's own (dist/bench/harness.js), as `vdso bench` uses them,
// the rounds split over PROCESSES fresh processes as there.
function plans() {
  const { BATCH_NS, WARMUP_ROUNDS, FULL_ROUNDS, PROCESSES } = loadDist().harness;
  return {
    full: { rounds: FULL_ROUNDS, processes: PROCESSES, warmupRounds: WARMUP_ROUNDS, batchNs: BATCH_NS, memoryCalls: 2_000_000, loadRuns: 21 },
    quick: { rounds: 5, processes: 1, warmupRounds: 2, batchNs: 20_000, memoryCalls: 20_000, loadRuns: 2 },
  };
}
const PARTS = ['time', 'memory', 'load'];

function positiveInt(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`--${name} must be a positive integer, got ${text}`);
  return n;
}

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      quick: { type: 'boolean', default: false },
      update: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      rounds: { type: 'string' },
      'load-runs': { type: 'string' },
      node: { type: 'string', multiple: true },
      processes: { type: 'string' },
      // Internal: a child run (--node) writes its results here; a timing child (one of `processes`) its timings.
      'results-to': { type: 'string' },
      'timing-to': { type: 'string' },
      'data-page': { type: 'boolean', default: false },
      'timing-group': { type: 'string' },
    },
  });
  const quick = values.quick || process.env.VDSO_BENCH_QUICK === '1';
  const plan = { ...plans()[quick ? 'quick' : 'full'], quick };
  if (values.rounds !== undefined) plan.rounds = positiveInt('rounds', values.rounds);
  if (values.processes !== undefined) plan.processes = positiveInt('processes', values.processes);
  if (values['load-runs'] !== undefined) plan.loadRuns = positiveInt('load-runs', values['load-runs']);
  plan.parts = values.only === undefined ? PARTS : values.only.split(',').map((p) => p.trim());
  for (const p of plan.parts) if (!PARTS.includes(p)) throw new RangeError(`--only: '${p}' is not one of ${PARTS.join(', ')}`);
  if (values.update && quick) throw new RangeError('--update takes a full run: quick figures are not meaningful');
  if (values.update && plan.parts.length !== PARTS.length) throw new RangeError('--update takes a full run: not with --only');
  if (values.all && values.node) throw new RangeError('--all or --node, not both');
  return { plan, values };
}

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

function loadDist() {
  try {
    return { harness: require('../dist/bench/harness'), tasks: require('../dist/bench/tasks'), runtime: require('../dist/bench/runtime') };
  } catch (err) {
    throw new Error(`dist/bench/ is missing or stale (${err.message}): run npm run build first`);
  }
}

const round = (v, digits) => Math.round(v * 10 ** digits) / 10 ** digits;
const ZERO_CALL = /^vdso\.clockGettime(?:Ns|Ms|Into)?\(CLOCK_(?:REALTIME|MONOTONIC)_COARSE/;

// The tasks are timed in two groups of processes. The short list, exactly as `vdso bench` times
// it, so the two runs time the same calls beside the same others: the package's wrappers share
// feedback between clock ids, and clockGettimeMs(CLOCK_REALTIME_COARSE) costs more in a process
// that also calls clockGettimeMs on five other clocks. Then every other task, with the references
// it is compared with. The C floor runs in both (C code: it feeds no JIT).
const GROUPS = ['short', 'rest'];

function groupTasks(t, group) {
  const all = t.benchTasks('all');
  if (group === 'short') return all.filter((x) => x.short);
  const rest = all.filter((x) => !x.short);
  const needed = new Set(rest.flatMap((x) => [x.against, x.hoisted, 'vdso.nativeNoop()']));
  return all.filter((x) => !x.short || needed.has(x.name));
}

/** The timing of one group in this process: its tasks and the C loops in the same interleaved rounds. */
function timeHere(plan, dataPage, title, group) {
  const { harness, tasks: t } = loadDist();
  const { floorTasks, floorOf } = require('./floor');
  const tasks = groupTasks(t, group);
  const floor = floorTasks();
  const every = Math.max(1, Math.round(plan.rounds / 4));
  const measured = harness.measure([...t.timedTasks(tasks), ...floor], plan, (round, of) => {
    if (round > 0 && round % every === 0) log(`${title}: ${group}, round ${round}/${of}`);
  });
  const nsOf = (name) => measured.timings.get(name)?.nsPerCall ?? null;
  const rows = t.benchRows(tasks, measured).map((r) => {
    const zeroCall = dataPage && ZERO_CALL.test(r.name);
    const floorNs = floorOf(r.name, nsOf, zeroCall);
    return { ...r, zeroCall, floorNs: floorNs === null ? null : round(floorNs, 1), vsFloor: floorNs === null || r.nsPerCall === null ? null : round(r.nsPerCall / floorNs, 3) };
  });
  return { rows, floor: floor.map((f) => ({ name: f.name, nsPerCall: round(nsOf(f.name), 1) })) };
}

// Per task, the median of each figure over the processes: the harness's rule, as `vdso bench` combines its own.
function combine(parts) {
  const { harness, tasks } = loadDist();
  const fields = { ...tasks.ROW_FIELDS, floorNs: (v) => round(v, 1), vsFloor: (v) => round(v, 3) };
  return {
    rows: harness.medianOfProcesses(parts.map((p) => p.rows), fields),
    floor: harness.medianOfProcesses(parts.map((p) => p.floor), { nsPerCall: (v) => round(v, 1) }),
  };
}

/** One group: in this process, or split over `plan.processes` fresh ones. */
function timeGroup(plan, dataPage, title, group) {
  if (plan.processes === 1) return timeHere(plan, dataPage, title, group);
  const { selfArgs } = require('./runtimes');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-bench-time-'));
  try {
    const rounds = Math.ceil(plan.rounds / plan.processes);
    const parts = [];
    for (let i = 0; i < plan.processes; i++) {
      const file = path.join(dir, `${i}.json`);
      const args = ['--timing-to', file, '--timing-group', group, '--rounds', String(rounds), ...(dataPage ? ['--data-page'] : [])];
      const r = spawnSync(process.execPath, selfArgs(__filename, args), { stdio: ['ignore', 'ignore', 'inherit'] });
      if (r.status !== 0) throw new Error(`timing process ${i + 1} (${group}) failed (${r.status ?? r.signal ?? r.error})`);
      parts.push(JSON.parse(fs.readFileSync(file, 'utf8')));
      log(`${title}: ${group}, process ${i + 1}/${plan.processes} done`);
    }
    return combine(parts);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The timing: both groups, each task's row from its own group, the C floor from the short list's. */
function measureTime(plan, machine, title) {
  const dataPage = machine.backend.clock_gettime_coarse === 'data-page';
  const { tasks: t } = loadDist();
  log(`${title}: time, ${t.benchTasks('all').length} tasks and the C floor in two groups, ${plan.rounds} rounds each over ${plan.processes} process(es)`);
  const [short, rest] = GROUPS.map((g) => timeGroup(plan, dataPage, title, g));
  const rowOf = (task) => (task.short ? short : rest).rows.find((r) => r.name === task.name);
  return { rows: t.benchTasks('all').map(rowOf), floor: short.floor };
}

/** One run in this process, on this runtime. */
function measureHere(plan) {
  const { runtimeId } = loadDist().runtime;
  const { describeMachine } = require('./machine');
  const runtime = runtimeId();
  const machine = describeMachine();
  const results = { runtime, machine, plan, time: null, memory: null, load: null };
  if (plan.parts.includes('time')) results.time = measureTime(plan, machine, runtime.title);
  if (plan.parts.includes('memory')) {
    log(`${runtime.title}: memory, ${plan.memoryCalls} calls per form`);
    results.memory = require('./memory').measureMemory(plan.memoryCalls);
  }
  if (plan.parts.includes('load')) {
    log(`${runtime.title}: load, ${plan.loadRuns} fresh processes per kind`);
    results.load = require('./load').measureLoad(plan.loadRuns);
  }
  machine.loadAverageAtEnd = os.loadavg();
  return results;
}

/** The same run in a child process on another runtime. */
function measureOn(exe, plan) {
  const { scriptArgs } = require('./runtimes');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-bench-child-'));
  const file = path.join(dir, 'results.json');
  const args = ['--only', plan.parts.join(','), '--rounds', String(plan.rounds), '--processes', String(plan.processes), '--load-runs', String(plan.loadRuns), '--results-to', file];
  if (plan.quick) args.push('--quick');
  const r = spawnSync(exe, scriptArgs(exe, __filename, args), { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    if (r.status !== 0) throw new Error(`the run on ${exe} failed (${r.status ?? r.signal ?? r.error})`);
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// JSON with one row per line: small to store, easy to diff.
function resultsJson(results) {
  const time = results.time && {
    rows: results.time.rows,
    floor: results.time.floor,
  };
  const lines = (arr) => `[\n${arr.map((x) => '    ' + JSON.stringify(x)).join(',\n')}\n  ]`;
  const head = JSON.stringify({ ...results, time: undefined }, null, 2).replace(/\n}$/, '');
  if (!time) return `${head}\n}\n`;
  return `${head},\n  "time": {\n  "rows": ${lines(time.rows)},\n  "floor": ${lines(time.floor)}\n  }\n}\n`;
}

function writeFiles(dir, results, base) {
  const { formatReport } = require('./report');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${base}.json`), resultsJson(results));
  fs.writeFileSync(path.join(dir, `${base}.md`), `# vdso benchmark: ${results.runtime.title}\n\n![cost ratios on ${results.runtime.title}](${base}.svg)\n\n\`\`\`text\n${formatReport(results)}\`\`\`\n`);
  if (results.time) fs.writeFileSync(path.join(dir, `${base}.svg`), require('./chart').renderChart(results));
}

async function main() {
  const { plan, values } = options(process.argv.slice(2));
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values['timing-to']) {
    const { runtimeId } = loadDist().runtime;
    fs.writeFileSync(values['timing-to'], JSON.stringify(timeHere(plan, values['data-page'], runtimeId().title, values['timing-group'])));
    return;
  }
  if (values['results-to']) {
    fs.writeFileSync(values['results-to'], JSON.stringify(measureHere(plan)));
    return;
  }
  const { ALL, resolveRuntime } = require('./runtimes');
  const { formatReport } = require('./report');
  const specs = values.all ? ALL : values.node ?? [process.execPath];
  const exes = specs.map(resolveRuntime);
  const started = performance.now();
  const all = [];
  for (const exe of exes) {
    const results = exe === process.execPath ? measureHere(plan) : measureOn(exe, plan);
    all.push(results);
    process.stdout.write(formatReport(results) + '\n');
  }
  if (all.length > 1) process.stdout.write(require('./readme').crossRuntimeText(all) + '\n');
  const outDir = values.out ? path.resolve(values.out) : fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-bench-'));
  for (const results of all) writeFiles(outDir, results, all.length === 1 ? 'results' : results.runtime.slug);
  log(`wrote the results to ${outDir}`);
  if (values.update) {
    for (const results of all) writeFiles(RESULTS_DIR, results, results.runtime.slug);
    require('./readme').updateReadmes(RESULTS_DIR);
    log(`updated bench/results/ for ${all.map((r) => r.runtime.slug).join(', ')}, and the tables of bench/README.md and bench/README-speed-section.md`);
  }
  log(`done in ${((performance.now() - started) / 1e3).toFixed(0)} s`);
}

// Wrong usage (a bad option or value) is one line and exit status 2; anything else a failure with its stack.
const isUsage = (err) => err instanceof RangeError || /^ERR_PARSE_ARGS_/.test(err?.code ?? '');

main().catch((err) => {
  process.stderr.write(`bench: ${isUsage(err) ? `${err.message} (node bench/run.js --help)` : err.stack ?? err}\n`);
  process.exitCode = isUsage(err) ? 2 : 1;
});
