'use strict';
// Four workers use the addon at once: each gets its own result slots, and
// every thread's CLOCK_MONOTONIC readings only move forward.
const test = require('node:test');
const assert = require('node:assert/strict');
const { Worker } = require('node:worker_threads');

const root = require('node:path').join(__dirname, '..');
const body = `
const { parentPort, workerData } = require('node:worker_threads');
const v = require(${JSON.stringify(root)});
const out = new Float64Array(2);
let prev = 0n, backwards = 0, bad = 0;
for (let i = 0; i < workerData.n; i++) {
  const ns = v.clockGettimeNs(v.CLOCK_MONOTONIC);
  if (ns < prev) backwards++;
  prev = ns;
  v.clockGettimeInto(v.CLOCK_MONOTONIC, out);
  const fromInto = BigInt(out[0]) * 1000000000n + BigInt(out[1]);
  if (fromInto < prev) backwards++;
  prev = fromInto;
  const [s, n] = v.clockGettime(v.CLOCK_REALTIME);
  if (!(n >= 0 && n < 1e9 && s > 1.6e9)) bad++;
}
parentPort.postMessage({ backwards, bad, path: v.backend.clock_gettime.path });
`;

test('four workers at once: monotonic, well-formed, served by the vDSO', async () => {
  const n = 200000;
  const results = await Promise.all(Array.from({ length: 4 }, () => new Promise((resolve, reject) => {
    const w = new Worker(body, { eval: true, workerData: { n } });
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => { if (code !== 0) reject(new Error(`worker exit ${code}`)); });
  })));
  for (const r of results) {
    assert.deepEqual(r, { backwards: 0, bad: 0, path: 'vdso' });
  }
});
