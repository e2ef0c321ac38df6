'use strict';
// `vdso bench`: the short run of the benchmark's harness, on the same tasks
// as `npm run bench`. The numbers themselves are for people; nothing here
// judges them.
const test = require('node:test');
const assert = require('node:assert/strict');
const { runCli } = require('./helpers/cli');
const { benchTasks } = require('../dist/bench/tasks');

test('bench --json: every task of the short run, its cost, and its cost ratio against the call it replaces', () => {
  const r = runCli(['bench', '--json', '--time', '5']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'progress only on a terminal');
  const doc = JSON.parse(r.stdout);
  assert.match(doc.convention, /below 1 costs less/);
  assert.equal(doc.runtime, 'node');
  assert.equal(doc.version, process.versions.node);
  // 5 ms split over 3 processes: 8 rounds of 0.2 ms batches each.
  assert.deepEqual(doc.plan, { rounds: 24, warmupRounds: 50, batchNs: 200_000, processes: 3 });
  const short = benchTasks('short');
  assert.deepEqual(doc.results.map((x) => x.name), short.map((t) => t.name));
  const byName = new Map(doc.results.map((x) => [x.name, x]));
  for (const x of doc.results) {
    const task = short.find((t) => t.name === x.name);
    assert.equal(x.against, task.against, x.name);
    if (x.unavailable !== null) {
      // Only what this Node lacks: process.threadCpuUsage() came in Node 23.9.
      assert.equal(x.name, 'process.threadCpuUsage()');
      assert.equal(typeof process.threadCpuUsage, 'undefined');
      assert.equal(x.nsPerCall, null);
      continue;
    }
    assert.ok(Number.isFinite(x.nsPerCall) && x.nsPerCall > 0, x.name);
    const reference = x.against === null ? null : byName.get(x.against);
    if (x.against === null || reference.unavailable !== null) {
      assert.equal(x.costRatio, null, x.name);
      continue;
    }
    // The median of the per-round ratios lies within their quartiles.
    assert.ok(x.costRatioLow <= x.costRatio && x.costRatio <= x.costRatioHigh, `${x.name}: ${x.costRatioLow} ${x.costRatio} ${x.costRatioHigh}`);
    assert.ok(x.calls >= 1, x.name);
    // A second ratio where the runtime's call has a hoisted form: against that one.
    assert.equal(x.hoisted, task.hoisted ?? null, x.name);
    if (x.hoisted !== null) assert.ok(x.vsHoisted > 0 && byName.get(x.hoisted).by === 'runtime', x.name);
  }
});

test('bench --processes 1 measures in this process; a wrong count is a usage error', () => {
  const doc = JSON.parse(runCli(['bench', '--json', '--time', '5', '--processes', '1']).stdout);
  assert.deepEqual(doc.plan, { rounds: 25, warmupRounds: 50, batchNs: 200_000, processes: 1 });
  assert.deepEqual(doc.results.map((x) => x.name), benchTasks('short').map((t) => t.name));
  for (const bad of ['0', '17', '1.5', 'x']) {
    const r = runCli(['bench', '--processes', bad]);
    assert.equal(r.status, 2, bad);
    assert.match(r.stderr, /--processes .*not a whole number from 1 to 16/, bad);
  }
});

test('bench prints a table by section, and says it is the short run of npm run bench', () => {
  const r = runCli(['bench', '--time', '5']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^call\s+ns\/call\s+cost ratio\s+x hoisted\s+against$/m);
  assert.match(r.stdout, /^\[fine clocks: the package's and the runtime's own\]$/m);
  assert.match(r.stdout, /^ {2}vdso\.hrtime\.bigint\(\)\s+\d+\.\d\s+\d+\.\d\dx\s+\d+\.\d\dx\s+process\.hrtime\.bigint\(\)$/m);
  assert.match(r.stdout, /below 1 costs less/);
  assert.match(r.stdout, /over 3 fresh processes, per call the median of theirs; npm run bench in the repository runs the same harness/);
});

test('bench --help describes the harness it shares with npm run bench', () => {
  const r = runCli(['bench', '--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /short run\s+of the repository's benchmark \(npm run bench\): the same tasks, timed by the same code/);
  assert.match(r.stdout, /--time MS/);
});
