#!/usr/bin/env node
'use strict';
// Do the short run and the full run agree? `vdso bench --json` (the CLI,
// as shipped) and `node bench/run.js --only time`, alternating, `--runs`
// each (default 3), on one runtime; per call form present in both, the
// median over the runs of each, and how far the short run's is from the
// full run's (ns per call and cost ratio).
//   node bench/agreement.js [--node 20|24|PATH] [--runs N] [--json] [--save]
// --save also writes the table to bench/results/agreement-<runtime>.txt.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');
const { median } = require('../dist/bench/harness');
const { resolveRuntime, scriptArgs } = require('./runtimes');

const ROOT = path.join(__dirname, '..');
const { values } = parseArgs({ options: { node: { type: 'string' }, runs: { type: 'string', default: '3' }, json: { type: 'boolean', default: false }, save: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  process.stdout.write('Usage: node bench/agreement.js [--node 20|22|24|26|bun|deno|PATH] [--runs N] [--json] [--save]\n');
  process.exit(0);
}
const exe = resolveRuntime(values.node ?? process.execPath);
const runs = Number(values.runs);
const log = (m) => process.stderr.write(`agreement: ${m}\n`);

function run(script, args) {
  const r = spawnSync(exe, scriptArgs(exe, script, args), { encoding: 'utf8', cwd: ROOT, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return r.stdout;
}

function cliRun() {
  return JSON.parse(run(path.join(ROOT, 'dist', 'cli.js'), ['bench', '--json'])).results;
}

let slug = null;
function fullRun() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-agreement-'));
  try {
    run(path.join(__dirname, 'run.js'), ['--only', 'time', '--out', dir]);
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
    slug = results.runtime.slug;
    return results.time.rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const cli = [];
const full = [];
for (let i = 0; i < runs; i++) {
  log(`run ${i + 1}/${runs}: vdso bench --json`);
  cli.push(cliRun());
  log(`run ${i + 1}/${runs}: bench/run.js --only time`);
  full.push(fullRun());
}
const pick = (sets, name, field) => sets.map((rows) => rows.find((r) => r.name === name)?.[field]).filter((v) => typeof v === 'number');
const rows = cli[0]
  .filter((r) => r.nsPerCall !== null)
  .map((r) => {
    const nsCli = median(pick(cli, r.name, 'nsPerCall'));
    const nsFull = median(pick(full, r.name, 'nsPerCall'));
    const rc = pick(cli, r.name, 'costRatio');
    const rf = pick(full, r.name, 'costRatio');
    const ratioCli = rc.length ? median(rc) : null;
    const ratioFull = rf.length ? median(rf) : null;
    return { name: r.name, nsCli, nsFull, nsDiff: nsCli / nsFull - 1, ratioCli, ratioFull, ratioDiff: ratioCli === null ? null : ratioCli / ratioFull - 1 };
  });
const worst = (field) => Math.max(...rows.map((r) => Math.abs(r[field] ?? 0)));
const within = (r) => Math.abs(r.nsDiff) <= 0.1 && (r.ratioDiff === null || Math.abs(r.ratioDiff) <= 0.1);
const summary = { runtime: exe, runs, rows, maxNsDiff: worst('nsDiff'), maxRatioDiff: worst('ratioDiff'), within10: rows.filter(within).length };
if (values.json) {
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
} else {
  const pct = (v) => (v === null ? '-' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`);
  const f = (v, d) => (v === null ? '-' : v.toFixed(d));
  const g = (v) => (v === null ? '-' : v.toPrecision(3));
  const w = Math.max(...rows.map((r) => r.name.length));
  const lines = rows.map((r) => `${r.name.padEnd(w)}  ${f(r.nsCli, 1).padStart(9)} ${f(r.nsFull, 1).padStart(9)} ${pct(r.nsDiff).padStart(7)}   ${g(r.ratioCli).padStart(7)} ${g(r.ratioFull).padStart(7)} ${pct(r.ratioDiff).padStart(7)}`);
  const text = [`${slug} (${exe}): median of ${runs} runs each, vdso bench --json (cli) against bench/run.js --only time (full)`, `${'call'.padEnd(w)}  ${'cli ns'.padStart(9)} ${'full ns'.padStart(9)} ${'diff'.padStart(7)}   ${'cli x'.padStart(7)} ${'full x'.padStart(7)} ${'diff'.padStart(7)}`, ...lines, `${summary.within10} of ${rows.length} calls within 10 % in both; largest difference: ns/call ${pct(summary.maxNsDiff)}, cost ratio ${pct(summary.maxRatioDiff)}`, `beyond 10 %: ${rows.filter((r) => !within(r)).map((r) => r.name).join(', ') || 'none'}`].join('\n') + '\n';
  process.stdout.write(text);
  if (values.save) fs.writeFileSync(path.join(__dirname, 'results', `agreement-${slug}.txt`), `${new Date().toISOString()}\n${text}`);
}
