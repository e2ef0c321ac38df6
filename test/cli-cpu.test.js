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

test('--workers is capped by what this machine holds: 16 per CPU, refused above with the limit named', async () => {
  const vdso = require('..');
  const limit = vdso.cpuReportLimit();
  assert.ok(Number.isInteger(limit) && limit >= 1 && limit <= 16 * require('node:os').availableParallelism(), String(limit));
  const over = runCli(['cpu', '--workers', String(limit + 1)]);
  assert.equal(over.status, 2);
  assert.match(over.stderr, new RegExp(`^vdso cpu: --workers '${limit + 1}': not a whole number from 0 to ${limit} `));
  await assert.rejects(vdso.cpuReport({ workers: limit + 1 }), { code: 'ERR_OUT_OF_RANGE' });
  // The limit itself runs, every worker alive at once.
  const rows = runJson(['cpu', '--workers', String(Math.min(limit, 8)), '--json']);
  assert.equal(rows.length, Math.min(limit, 8) + 1);
});

test('inspect says so when a file is an ELF shared object but not a vDSO', () => {
  // The package's own addon: an ELF shared object of this machine's ABI, and no vDSO.
  const addon = require('..').loaded.path;
  const r = runCli(['inspect', addon]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^not a vDSO image: .*none of the \w+ vDSO entry points/m);
  const doc = runJson(['inspect', '--json', addon]);
  assert.equal(doc.isVdso, false);
  assert.match(doc.notVdso, /entry points/);
  const fixture = runJson(['inspect', '--json', require('node:path').join(__dirname, 'fixtures', 'x86_64-linux-6.1-vdso64.so')]);
  assert.equal(fixture.isVdso, true);
  assert.equal(fixture.notVdso, undefined);
});
