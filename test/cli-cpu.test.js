'use strict';
// `vdso cpu`: one row per thread, and the answer follows taskset's pinning.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const os = require('node:os');
const { CLI, runCli, runJson } = require('./helpers/cli');

test('cpu --json: the main thread and N workers, each with its own tid', () => {
  const rows = runJson(['cpu', '--workers', '3', '--json']);
  assert.equal(rows.length, 4);
  assert.equal(rows[0].thread, 'main');
  assert.equal(new Set(rows.map((r) => r.tid)).size, 4);
  for (const r of rows) assert.ok(r.cpu >= 0 && r.cpu < os.cpus().length && r.node >= 0, JSON.stringify(r));
});

test('pinned with taskset, every thread reports the pinned CPU', () => {
  for (let cpu = 0; cpu < Math.min(os.cpus().length, 4); cpu++) {
    const r = spawnSync('taskset', ['-c', String(cpu), process.execPath, CLI, 'cpu', '-w', '2', '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    for (const row of JSON.parse(r.stdout)) assert.equal(row.cpu, cpu, `${row.thread} pinned to ${cpu}`);
  }
});

test('a bad --workers value is wrong usage', () => {
  for (const bad of ['x', '-1', '1.5', '5000']) {
    const r = runCli(['cpu', '--workers', bad]);
    assert.equal(r.status, 2, bad);
    assert.equal(r.stdout, '');
  }
});
