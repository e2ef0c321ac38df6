'use strict';
// Eight workers and the main thread call every API form at once: each
// thread's CLOCK_MONOTONIC readings never go backwards, nothing crashes, and
// every worker exits with code 0.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { hammer } = require('./helpers/monotonic-hammer');
const vdso = require('..');

const WORKERS = 8;
// A round calls each of the 12 vDSO-path forms once, and each of the 8
// system-call forms every 16th round (they cost ~10x more): 5 million calls
// of every vDSO-path form per thread, 60 million calls per thread in all.
const ROUNDS = 5_000_000;

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { hammer } = require(workerData.hammer);
parentPort.postMessage(hammer(require(workerData.root), workerData.rounds));
`;

test(`${WORKERS} workers and the main thread, 5M calls of every form each, monotonic per thread`, { timeout: 300_000 }, async () => {
  const data = { root: path.join(__dirname, '..'), hammer: path.join(__dirname, 'helpers', 'monotonic-hammer.js'), rounds: ROUNDS };
  const workers = [];
  for (let i = 0; i < WORKERS; i++) {
    const w = new Worker(workerSource, { eval: true, workerData: data });
    workers.push(
      new Promise((resolve, reject) => {
        let result = null;
        w.on('message', (m) => (result = m));
        w.on('error', reject);
        w.on('exit', (code) => resolve({ code, result }));
      }),
    );
  }
  // The main thread works while the workers do.
  const main = hammer(vdso, ROUNDS);
  const done = await Promise.all(workers);

  for (const [i, { code, result }] of done.entries()) {
    assert.equal(code, 0, `worker ${i} exit code`);
    assert.ok(result, `worker ${i} reported nothing`);
    assert.equal(result.backwards, 0, `worker ${i}: ${JSON.stringify(result.first)}`);
    assert.equal(result.bad, 0, `worker ${i}: ${JSON.stringify(result.first)}`);
    assert.ok(result.calls >= 12 * ROUNDS, `worker ${i} made ${result.calls} calls`);
  }
  assert.equal(main.backwards, 0, JSON.stringify(main.first));
  assert.equal(main.bad, 0, JSON.stringify(main.first));
  assert.ok(main.calls >= 12 * ROUNDS);
});
