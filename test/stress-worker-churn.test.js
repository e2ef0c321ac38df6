'use strict';
// 200 workers started and stopped one after another, each loading the addon
// and calling it: the process's RSS grows by less than 10 MB across them
// (per-environment addon data is freed when a worker exits).
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

// Node's own RSS rises over the first hundred or so workers (with or without
// the addon) and then levels off; the baseline is taken after some of that.
const WARMUP = 50;
const WORKERS = 200;
const LIMIT = 10 * 1024 * 1024;

// Runs in a fresh process with --expose-gc, so nothing else in the test
// runner's process moves its RSS.
function churn(root, warmup, workers) {
  const { Worker } = require('node:worker_threads');
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const vdso = require(workerData);
    let sum = 0;
    for (let i = 0; i < 1000; i++) sum += vdso.clockGettimeMs(vdso.CLOCK_MONOTONIC);
    parentPort.postMessage({ ok: sum > 0, present: vdso.info().present, slots: vdso.clockGettime(1).length });
  `;
  const one = () =>
    new Promise((resolve, reject) => {
      const w = new Worker(source, { eval: true, workerData: root });
      let msg = null;
      w.on('message', (m) => (msg = m));
      w.on('error', reject);
      w.on('exit', (code) => resolve({ code, msg }));
    });
  const settle = () => {
    for (let i = 0; i < 4; i++) global.gc();
    return process.memoryUsage().rss;
  };
  return (async () => {
    const results = [];
    for (let i = 0; i < warmup; i++) results.push(await one());
    const before = settle();
    for (let i = 0; i < workers; i++) results.push(await one());
    const after = settle();
    const failed = results.filter((r) => r.code !== 0 || !r.msg || !r.msg.ok || r.msg.slots !== 2);
    return { before, after, count: results.length, failed: failed.slice(0, 3) };
  })();
}

test(`${WORKERS} workers in sequence: RSS grows by less than 10 MB`, { timeout: 300_000 }, () => {
  const root = path.join(__dirname, '..');
  const code = `(${churn})(${JSON.stringify(root)}, ${WARMUP}, ${WORKERS}).then((r) => process.stdout.write(JSON.stringify(r)))`;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', code], { encoding: 'utf8', timeout: 280_000 });
  assert.equal(r.status, 0, r.stderr);
  const { before, after, count, failed } = JSON.parse(r.stdout);
  assert.equal(count, WARMUP + WORKERS);
  assert.deepEqual(failed, []);
  const growth = after - before;
  console.log(`# RSS ${(before / 1048576).toFixed(1)} MB -> ${(after / 1048576).toFixed(1)} MB over ${WORKERS} workers`);
  assert.ok(growth < LIMIT, `RSS grew by ${(growth / 1048576).toFixed(1)} MB`);
});
