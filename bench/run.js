#!/usr/bin/env node
'use strict';
// npm run bench                 full run: prints the table, writes bench/results.json and bench/results.svg
// npm run bench -- --quick      a few seconds, figures not meaningful (what npm test runs)
// options: --out DIR (where the two files go), --rounds N; VDSO_BENCH_QUICK=1 is the same as --quick
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { allTasks } = require('./tasks');
const { measureTimes } = require('./timing');
const { measureMemory } = require('./memory');
const { measureLoad } = require('./load');
const { describeMachine } = require('./machine');
const { rows, evaluateTargets } = require('./targets');
const { formatReport } = require('./report');
const { renderChart } = require('./chart');

const PLANS = {
  full: { rounds: 5, time: 60, warmupTime: 30, iterations: 16, batchScale: 1, memoryCalls: 10_000_000, loadRuns: 21 },
  quick: { rounds: 1, time: 1, warmupTime: 1, iterations: 4, batchScale: 1 / 16, memoryCalls: 20_000, loadRuns: 2 },
};

function options() {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, out: { type: 'string' }, rounds: { type: 'string' } },
  });
  const quick = values.quick || process.env.VDSO_BENCH_QUICK === '1';
  const plan = { ...PLANS[quick ? 'quick' : 'full'], quick };
  if (values.rounds !== undefined) {
    plan.rounds = Number(values.rounds);
    if (!Number.isInteger(plan.rounds) || plan.rounds < 1) throw new RangeError(`--rounds must be a positive integer, got ${values.rounds}`);
  }
  return { plan, outDir: path.resolve(values.out ?? __dirname) };
}

async function main() {
  const { plan, outDir } = options();
  const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
  const machine = describeMachine();
  const tasks = allTasks();
  log(`${tasks.length} tasks, ${plan.rounds} round(s)`);
  const times = await measureTimes(tasks, plan, log);
  log(`memory check, ${plan.memoryCalls} calls per form`);
  const memory = measureMemory(plan.memoryCalls);
  log(`load check, ${plan.loadRuns} fresh processes per kind`);
  const load = measureLoad(plan.loadRuns);
  const rowList = rows(tasks, times);
  machine.loadAverageAtEnd = require('node:os').loadavg();
  const results = { machine, plan, rows: rowList, targets: evaluateTargets(rowList, memory, load), memory, load };

  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(path.join(outDir, 'results.svg'), renderChart(results));
  const report = formatReport(results);
  process.stdout.write(report);
  log(`wrote ${path.join(outDir, 'results.json')} and results.svg`);
  if (!plan.quick && outDir === __dirname && updateReadme(path.join(__dirname, 'README.md'), report)) log('updated the table in bench/README.md');
}

// bench/README.md shows the latest full run: the report goes between its markers.
function updateReadme(file, report) {
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const text = fs.readFileSync(file, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return false;
  fs.writeFileSync(file, `${text.slice(0, a + start.length)}\n\`\`\`text\n${report.trimEnd()}\n\`\`\`\n${text.slice(b)}`);
  return true;
}

main().catch((err) => {
  process.stderr.write(`bench: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
