#!/usr/bin/env node
'use strict';
// npm run bench                     full run on this Node: prints the report; changes no tracked file
//                                   (results.json and results.svg go to a temporary directory, named at the end)
// npm run bench -- --node PATH      the same on another Node, Bun or Deno executable (repeatable: one report each)
// npm run bench -- --update         also writes bench/results/<runtime>-<major>.{json,svg} and the tables in bench/README.md
// npm run bench -- --quick          a few seconds, figures not meaningful (what npm test runs)
// other options: --out DIR (where results.json and results.svg go), --rounds N; VDSO_BENCH_QUICK=1 is --quick
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');

const RESULTS_DIR = path.join(__dirname, 'results');
const README = path.join(__dirname, 'README.md');

const PLANS = {
  full: { rounds: 5, time: 60, warmupTime: 30, iterations: 16, batchScale: 1, memoryCalls: 10_000_000, loadRuns: 21 },
  quick: { rounds: 1, time: 1, warmupTime: 1, iterations: 4, batchScale: 1 / 16, memoryCalls: 20_000, loadRuns: 2 },
};

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      update: { type: 'boolean', default: false },
      out: { type: 'string' },
      rounds: { type: 'string' },
      node: { type: 'string', multiple: true },
      // Internal: a child run (--node) writes its results here.
      'results-to': { type: 'string' },
    },
  });
  const quick = values.quick || process.env.VDSO_BENCH_QUICK === '1';
  const plan = { ...PLANS[quick ? 'quick' : 'full'], quick };
  if (values.rounds !== undefined) {
    plan.rounds = Number(values.rounds);
    if (!Number.isInteger(plan.rounds) || plan.rounds < 1) throw new RangeError(`--rounds must be a positive integer, got ${values.rounds}`);
  }
  if (values.update && quick) throw new RangeError('--update takes a full run: quick figures are not meaningful');
  return { plan, values };
}

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

/** One full measurement in this process, on this Node. */
async function measure(plan) {
  const { allTasks } = require('./tasks');
  const { measureTimes } = require('./timing');
  const { measureMemory } = require('./memory');
  const { measureLoad } = require('./load');
  const { describeMachine } = require('./machine');
  const { rows, evaluateTargets } = require('./targets');
  const machine = describeMachine();
  const tasks = allTasks();
  log(`Node ${process.version}: ${tasks.length} tasks, ${plan.rounds} round(s)`);
  const times = await measureTimes(tasks, plan, log);
  log(`memory check, ${plan.memoryCalls} calls per form`);
  const memory = measureMemory(plan.memoryCalls);
  log(`load check, ${plan.loadRuns} fresh processes per kind`);
  const load = measureLoad(plan.loadRuns);
  const rowList = rows(tasks, times);
  machine.loadAverageAtEnd = os.loadavg();
  return { machine, plan, rows: rowList, targets: evaluateTargets(rowList, memory, load), memory, load };
}

/** The same measurement in a child process on another Node executable. */
function measureOn(node, argv) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-bench-node-')), 'results.json');
  const forwarded = argv.filter((a, i) => !a.startsWith('--node') && argv[i - 1] !== '--node' && a !== '--update' && !a.startsWith('--out') && argv[i - 1] !== '--out');
  // Deno runs a script with `deno run -A`; Node and Bun take it as the first argument.
  const run = path.basename(node) === 'deno' ? ['run', '-A', __filename] : [__filename];
  const r = spawnSync(node, [...run, ...forwarded, '--results-to', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`the run on ${node} failed (${r.status ?? r.signal ?? r.error})`);
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return results;
}

function writeFiles(dir, results, base) {
  const { renderChart } = require('./chart');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${base}.json`), JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, `${base}.svg`), renderChart(results));
}

const major = (version) => version.replace(/^v/, '').split('.')[0];
// node-24, bun-1, deno-2: one results file and one README section per runtime and major version.
const runName = (m) => `${m.runtime ?? 'node'}-${major(m.runtimeVersion ?? m.node)}`;
const RUNTIME_TITLES = { node: 'Node', bun: 'Bun', deno: 'Deno' };
const RUNTIME_ORDER = { node: 0, bun: 1, deno: 2 };

// bench/README.md shows the latest full run on each Node version in
// bench/results/, newest major first: the reports go between its markers.
function updateReadme() {
  const { formatReport } = require('./report');
  const runs = fs
    .readdirSync(RESULTS_DIR)
    .filter((f) => /^(node|bun|deno)-\d+\.json$/.test(f))
    .map((f) => JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), 'utf8')))
    .sort((a, b) => RUNTIME_ORDER[a.machine.runtime] - RUNTIME_ORDER[b.machine.runtime] || Number(major(b.machine.runtimeVersion)) - Number(major(a.machine.runtimeVersion)));
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const text = fs.readFileSync(README, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${README} has no ${start} ... ${end} markers`);
  const sections = runs.map((r) => {
    const title = `${RUNTIME_TITLES[r.machine.runtime]} ${major(r.machine.runtimeVersion)}`;
    return `### ${title} (${r.machine.runtimeVersion})\n\n![ns per call on ${title}](results/${runName(r.machine)}.svg)\n\n\`\`\`text\n${formatReport(r).trimEnd()}\n\`\`\`\n`;
  });
  fs.writeFileSync(README, `${text.slice(0, a + start.length)}\n${sections.join('\n')}${text.slice(b)}`);
}

async function main() {
  const argv = process.argv.slice(2);
  const { plan, values } = options();
  if (values['results-to']) {
    fs.writeFileSync(values['results-to'], JSON.stringify(await measure(plan)));
    return;
  }
  const { formatReport } = require('./report');
  const nodes = values.node ?? [process.execPath];
  const all = [];
  for (const node of nodes) {
    const results = node === process.execPath ? await measure(plan) : measureOn(node, argv);
    all.push(results);
    process.stdout.write(formatReport(results) + '\n');
  }
  const outDir = values.out ? path.resolve(values.out) : fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-bench-'));
  for (const results of all) {
    const base = all.length === 1 ? 'results' : `results-${runName(results.machine)}`;
    writeFiles(outDir, results, base);
  }
  log(`wrote the results and charts to ${outDir}`);
  if (values.update) {
    for (const results of all) writeFiles(RESULTS_DIR, results, runName(results.machine));
    updateReadme();
    log(`updated bench/results/ and the tables in bench/README.md for ${all.map((r) => runName(r.machine)).join(', ')}`);
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
