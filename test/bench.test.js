'use strict';
// The benchmark (bench/run.js) runs end to end in quick mode on the shared
// harness and produces its files in the documented shape; the tables of
// bench/README.md and the Speed section are what bench/results/ says. No
// timing is asserted: speed is what `npm run bench` shows.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..');
const RUN = path.join(ROOT, 'bench', 'run.js');
const { benchTasks } = require('../dist/bench/tasks');
const { memoryForms } = require('../bench/memory');
const { chartRows, comparisons } = require('../bench/chart');

const bench = (args) => spawnSync(process.execPath, [RUN, ...args], { encoding: 'utf8' });

// Every tracked file of the benchmark's output.
function trackedOutputs() {
  const dir = path.join(ROOT, 'bench', 'results');
  const files = [path.join(ROOT, 'bench', 'README.md'), path.join(ROOT, 'bench', 'README-speed-section.md'), ...fs.readdirSync(dir).map((f) => path.join(dir, f))];
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
}

test('--help prints the usage; a wrong option is a usage error, not a crash', () => {
  const help = bench(['--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: node bench\/run\.js \[options\]/);
  for (const option of ['--node RUNTIME', '--all', '--only PARTS', '--update', '--quick']) assert.ok(help.stdout.includes(option), option);
  const wrong = bench(['--frobnicate']);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /^bench: .*--frobnicate/);
  assert.doesNotMatch(wrong.stderr, /\n\s+at /, 'no stack trace');
  for (const args of [['--quick', '--update'], ['--only', 'load', '--update'], ['--only', 'speed']]) {
    const refused = bench(args);
    assert.equal(refused.status, 2, args.join(' '));
    assert.match(refused.stderr, /--update takes a full run|is not one of time, memory, load/, args.join(' '));
  }
});

test('a quick run: the report, and results in the documented shape, changing no tracked file', { timeout: 180_000 }, () => {
  const before = trackedOutputs();
  const r = bench(['--quick']);
  assert.equal(r.status, 0, `bench failed:\n${r.stderr}`);
  assert.deepEqual(trackedOutputs(), before);
  const dir = /wrote the results to (\S+)/.exec(r.stderr)?.[1];
  assert.ok(dir, r.stderr);
  try {
    assert.match(r.stdout, /^vdso benchmark \(QUICK MODE/);
    assert.match(r.stdout, /^call\s+ns\/call\s+cost ratio\s+quartiles\s+x floor\s+x hoisted\s+against$/m);
    assert.match(r.stdout, /^require\('vdso'\) \/ require\('microtime'\): \d+\.\d\dx/m);
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
    const { runtime, machine, plan, time, memory, load } = results;
    assert.deepEqual(runtime, { runtime: 'node', version: process.versions.node, title: `Node ${process.versions.node.split('.')[0]}`, slug: `node-${process.versions.node.split('.')[0]}` });
    assert.equal(plan.quick, true);
    assert.equal(machine.kernel, `${os.type()} ${os.release()}`);

    // Every task of the shared list, as the CLI reports them, with the floor beside the clock calls.
    const tasks = benchTasks('all');
    assert.deepEqual(time.rows.map((x) => x.name), tasks.map((t) => t.name));
    const dataPage = require('..').backend.clock_gettime_coarse.path === 'data-page';
    for (const row of time.rows) {
      if (row.unavailable) continue;
      assert.ok(row.nsPerCall > 0, row.name);
      if (row.costRatio !== null) assert.ok(row.costRatioLow <= row.costRatio && row.costRatio <= row.costRatioHigh, row.name);
      // A floor where the same clock_gettime has its C loop: vdso.hrtime() and now() read MONOTONIC.
      const call = /^vdso\.(syscalls\.)?(?:clockGettime(?:Ns|Ms|Into)?\(CLOCK_(\w+)|hrtime|now\()/.exec(row.name);
      const loop = call && `C loop: ${call[1] ? 'syscall' : 'vDSO'} clock_gettime(${call[2] ?? 'MONOTONIC'})`;
      const coarse = /^vdso\.clockGettime(Ns|Ms|Into)?\(CLOCK_\w+_COARSE/.test(row.name);
      assert.equal(row.zeroCall, coarse && dataPage, row.name);
      assert.equal(row.floorNs !== null, loop !== null && time.floor.some((f) => f.name === loop) && !row.zeroCall, `${row.name} has a floor`);
    }
    assert.deepEqual(time.floor.map((f) => f.name).slice(0, 2), ['C loop: vDSO clock_gettime(MONOTONIC)', 'C loop: vDSO clock_gettime(REALTIME)']);

    // The memory check sees an allocation when there is one, and none where the package promises none.
    assert.deepEqual(memory.forms.map((f) => f.name), memoryForms().map((t) => t.name));
    const perCall = (name) => memory.forms.find((f) => f.name === name).bytesPerCall;
    assert.ok(perCall('vdso.clockGettime(CLOCK_MONOTONIC)') >= 16, 'clockGettime returns a new array per call');
    assert.ok(perCall('vdso.clockGettimeInto(CLOCK_MONOTONIC, out)') < 1, `clockGettimeInto allocates nothing per call (${perCall('vdso.clockGettimeInto(CLOCK_MONOTONIC, out)')} bytes)`);

    for (const kind of ['vdso', 'microtime', 'addon', 'empty']) assert.ok(load.kinds[kind].require.medianNs > 0 && load.kinds[kind].process.medianNs > 0, kind);
    assert.equal(load.vdsoOverMicrotime, load.kinds.vdso.require.medianNs / load.kinds.microtime.require.medianNs);

    const svg = fs.readFileSync(path.join(dir, 'results.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const shown = chartRows(time.rows);
    assert.equal((svg.match(/<rect x="\d/g) ?? []).length, comparisons(time.rows).filter((c) => c.ratio !== null).length + 3, 'one bar per ratio, three legend keys');
    for (const row of shown) assert.ok(svg.includes(`>${row.name}</text>`), row.name);
    assert.match(fs.readFileSync(path.join(dir, 'results.md'), 'utf8'), /^# vdso benchmark: Node \d+\n\n!\[cost ratios on Node \d+\]\(results\.svg\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("bench/README.md's tables and the Speed section are what bench/results/ holds", () => {
  const { readResults, summaryTable, loadTable, speedSection } = require('../bench/readme');
  const all = readResults(path.join(ROOT, 'bench', 'results'));
  assert.deepEqual(all.map((r) => r.runtime.slug), ['node-20', 'node-22', 'node-24', 'node-26', 'bun-1', 'deno-2']);
  for (const r of all) {
    assert.equal(r.plan.quick, false, `${r.runtime.slug}: a full run`);
    for (const ext of ['md', 'svg']) assert.ok(fs.existsSync(path.join(ROOT, 'bench', 'results', `${r.runtime.slug}.${ext}`)), `${r.runtime.slug}.${ext}`);
  }
  const readme = fs.readFileSync(path.join(ROOT, 'bench', 'README.md'), 'utf8');
  assert.ok(Buffer.byteLength(readme) <= 20 * 1024, `bench/README.md is ${Buffer.byteLength(readme)} bytes`);
  assert.ok(readme.includes(`<!-- summary:start -->\n${summaryTable(all)}\n<!-- summary:end -->`), 'the summary table is current');
  assert.ok(readme.includes(`<!-- load:start -->\n${loadTable(all)}\n<!-- load:end -->`), 'the load table is current');
  const speed = fs.readFileSync(path.join(ROOT, 'bench', 'README-speed-section.md'), 'utf8');
  assert.equal(speed, speedSection(all));
  const main = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.ok(main.includes(`<!-- speed:start -->\n${speed.trimEnd()}\n<!-- speed:end -->`), "README.md's Speed section is the current one");
  const lines = speed.trimEnd().split('\n').length;
  assert.ok(lines >= 10 && lines <= 25, `the Speed section is ${lines} lines`);
});
