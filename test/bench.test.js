'use strict';
// The benchmark runs end to end in quick mode and produces its files in the
// documented shape. No timing is asserted: speed is what `npm run bench` shows.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..');
const { allTasks, memoryForms, CLOCKS } = require('../bench/tasks');
const { ROWS } = require('../bench/chart');

const TARGET_IDS = [
  'into-vs-hrtime-bigint',
  'ns-vs-hrtime-bigint',
  'bigint-vs-hrtime-bigint',
  'timespec-vs-hrtime',
  'hrtime-vs-hrtime',
  'now-vs-performance-now',
  'coarse-ms-vs-date-now',
  'into-heap-bytes',
  'into-gc-runs',
  'require-vs-empty-addon',
  'elf-walk',
];

// Every tracked file of the benchmark's output: README tables, per-Node results and charts.
function trackedOutputs() {
  const dir = path.join(ROOT, 'bench', 'results');
  const files = [path.join(ROOT, 'bench', 'README.md'), ...(fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [])];
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
}

test('a run without --update changes no tracked file, and says where its files went', { timeout: 180_000 }, () => {
  const before = trackedOutputs();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'run.js'), '--quick'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `bench failed:\n${r.stderr}`);
  assert.deepEqual(trackedOutputs(), before);
  const dir = /wrote the results and charts to (\S+)/.exec(r.stderr)?.[1];
  assert.ok(dir && fs.existsSync(path.join(dir, 'results.json')) && fs.existsSync(path.join(dir, 'results.svg')), r.stderr);
  fs.rmSync(dir, { recursive: true, force: true });
  const refused = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'run.js'), '--quick', '--update'], { encoding: 'utf8' });
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /--update takes a full run/);
});

test('npm run bench -- --quick produces the table, results.json and results.svg', { timeout: 180_000 }, () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-bench-'));
  const committed = trackedOutputs();
  try {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'run.js'), '--quick', '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, `bench failed:\n${r.stderr}`);
    assert.match(r.stdout, /^vdso benchmark \(QUICK MODE/);
    assert.match(r.stdout, /task\s+ns\/call\s+cost \/ hrtime\.bigint\s+cost \/ floor/);
    assert.match(r.stdout, /lower is better/);
    assert.match(r.stdout, /target\s+measured\s+limit\s+met/);
    // A quick run never overwrites the figures committed from a full run.
    assert.deepEqual(trackedOutputs(), committed);

    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    const { machine, plan, rows, targets, memory, load } = results;
    assert.equal(plan.quick, true);
    assert.equal(machine.node, process.version);
    assert.equal(machine.kernel, `${os.type()} ${os.release()}`);
    assert.equal(typeof machine.cpuModel, 'string');
    assert.ok(machine.clocksource === null || typeof machine.clocksource === 'string');

    // Every task measured, each with a positive time and its ratios.
    const expected = allTasks().map((t) => t.key);
    assert.deepEqual(rows.map((x) => x.key), expected);
    for (const row of rows) {
      assert.ok(Number.isFinite(row.ns) && row.ns > 0, `${row.key}: ${row.ns}`);
      assert.ok(Number.isFinite(row.vsHrtimeBigint), row.key);
      assert.ok(row.vsFloor === null || Number.isFinite(row.vsFloor), row.key);
    }
    for (const clock of CLOCKS) {
      for (const form of ['clockGettime', 'clockGettimeNs', 'clockGettimeMs', 'clockGettimeInto']) {
        for (const p of ['vdso', 'syscall']) {
          const row = rows.find((x) => x.key === `${p}:${form}:${clock}`);
          // A zero-call read makes no Node-API call: no floor to compare with.
          assert.ok(row && (row.zeroCall ? row.vsFloor === null : Number.isFinite(row.vsFloor)), `${p}:${form}:${clock} has a floor ratio`);
          assert.equal(row.zeroCall, p === 'vdso' && clock.endsWith('_COARSE') && require('..').backend.clock_gettime_coarse.path === 'data-page');
        }
      }
    }
    for (const key of ['node:process.hrtime:MONOTONIC', 'node:process.hrtime.bigint:MONOTONIC', 'node:performance.now:MONOTONIC', 'node:Date.now:REALTIME', 'floor:empty']) {
      assert.ok(rows.some((x) => x.key === key), key);
    }

    assert.deepEqual(targets.map((t) => t.id), TARGET_IDS);
    for (const t of targets) {
      assert.ok(Number.isFinite(t.value), t.id);
      assert.equal(typeof t.met, 'boolean', t.id);
    }

    // The memory check covers every form and can see an allocation when there is one.
    assert.deepEqual(memory.forms.map((f) => f.key), memoryForms().map((t) => t.key));
    for (const f of memory.forms) {
      assert.ok(Number.isInteger(f.heapBytes) && f.heapBytes >= 0, f.key);
      assert.ok(Number.isInteger(f.gcCount) && f.gcCount >= 0, f.key);
      assert.equal(f.bytesPerCall, f.heapBytes / f.calls, f.key);
    }
    const arrays = memory.forms.find((f) => f.key === 'vdso:clockGettime:MONOTONIC');
    assert.ok(arrays.bytesPerCall >= 16, `clockGettime returns a new array per call: ${arrays.bytesPerCall} B/call`);

    for (const kind of ['empty', 'addon', 'onefile', 'vdso']) {
      assert.ok(load[kind].require.medianNs > 0 && load[kind].process.medianNs > 0, kind);
    }
    assert.ok(load.elfWalk.medianNs > 0 && load.elfWalkBindNow.medianNs > 0);

    const svg = fs.readFileSync(path.join(out, 'results.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<\/svg>\n$/);
    const bars = ROWS.filter(Boolean);
    assert.ok((svg.match(/<rect /g) ?? []).length >= bars.length + 1, 'one bar per row');
    for (const [key] of bars) {
      const row = rows.find((x) => x.key === key);
      assert.ok(svg.includes(`>${row.name}${row.zeroCall ? ' (zero-call)' : ''}</text>`), `chart labels ${row.name}`);
    }
    assert.match(svg, />ns per call \(lower is better\)</, 'a labelled axis');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('the floor addon (bench/floor-addon) times the package\'s own calls and checks its arguments', () => {
  const { benchAddon } = require('../bench/addons');
  const floor = require(benchAddon('floor'));
  const vdso = require('..');
  assert.ok(floor.cLoopClockGettime(vdso.CLOCK_MONOTONIC, 10) > 0);
  assert.ok(floor.cLoopSysClockGettime(vdso.CLOCK_MONOTONIC, 10) > 0);
  assert.throws(() => floor.cLoopClockGettime(vdso.CLOCK_MONOTONIC, 0), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => floor.cLoopClockGettime('x', 10), { code: 'ERR_INVALID_ARG_TYPE' });
  assert.throws(() => floor.cLoopClockGettime(99, 10), { code: 'ERR_VDSO_CALL_FAILED' });
  assert.ok(floor.elfWalkNs > 0 && floor.elfWalkRepeatNs() > 0);
});
