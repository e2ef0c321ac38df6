'use strict';
// 200 workers started and stopped one after another, each loading the addon,
// calling its clocks and taking a getrandom state: every worker's addon data
// and its getrandom state must be gone once it has exited. Counted exactly by
// the addon, not judged by RSS, which Node itself moves by megabytes
// (printed as a diagnostic only).
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const WORKERS = 200;

// Runs in a fresh process, so the test runner's own workers are not counted.
function churn(root, workers) {
  const { Worker } = require('node:worker_threads');
  const vdso = require(root);
  const binding = require(vdso.loaded.path);
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const vdso = require(workerData);
    let sum = 0;
    for (let i = 0; i < 1000; i++) sum += vdso.clockGettimeMs(vdso.CLOCK_MONOTONIC);
    vdso.getrandom(Buffer.alloc(32));
    parentPort.postMessage({ ok: sum > 0, slots: vdso.clockGettime(1).length });
  `;
  const one = () =>
    new Promise((resolve, reject) => {
      const w = new Worker(source, { eval: true, workerData: root });
      let msg = null;
      w.on('message', (m) => (msg = m));
      w.on('error', reject);
      w.on('exit', (code) => resolve({ code, msg, environments: binding.liveEnvironments(), states: vdso.getrandomInfo().statesInUse }));
    });
  return (async () => {
    vdso.getrandom(Buffer.alloc(32));
    const baseline = { environments: binding.liveEnvironments(), ...vdso.getrandomInfo(), rss: process.memoryUsage().rss };
    const results = [];
    for (let i = 0; i < workers; i++) results.push(await one());
    const end = { environments: binding.liveEnvironments(), ...vdso.getrandomInfo(), rss: process.memoryUsage().rss };
    const failed = results.filter((r) => r.code !== 0 || !r.msg || !r.msg.ok || r.msg.slots !== 2);
    const leaked = results.filter((r) => r.environments !== baseline.environments || r.states !== baseline.statesInUse);
    return { baseline, end, count: results.length, failed: failed.slice(0, 3), leaked: leaked.slice(0, 3) };
  })();
}

test(`${WORKERS} workers in sequence: each one's addon data and getrandom state freed when it exits`, { timeout: 300_000 }, () => {
  const root = path.join(__dirname, '..');
  const code = `(${churn})(${JSON.stringify(root)}, ${WORKERS}).then((r) => process.stdout.write(JSON.stringify(r)))`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 280_000 });
  assert.equal(r.status, 0, r.stderr);
  const { baseline, end, count, failed, leaked } = JSON.parse(r.stdout);
  assert.equal(count, WORKERS);
  assert.deepEqual(failed, []);
  assert.equal(baseline.environments, 1, 'the main thread alone');
  assert.deepEqual(leaked, [], 'a worker\'s data outlived it');
  assert.equal(end.environments, baseline.environments);
  assert.equal(end.statesInUse, baseline.statesInUse);
  assert.equal(end.pagesMapped, baseline.pagesMapped);
  console.log(`# RSS ${(baseline.rss / 1048576).toFixed(1)} MB -> ${(end.rss / 1048576).toFixed(1)} MB over ${WORKERS} workers (not judged)`);
});
