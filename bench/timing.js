'use strict';
// Runs the tasks with tinybench: each sample is one batch of calls whose
// per-call time is handed to tinybench as the sample (overriddenDuration),
// with the whole batch as the iteration cost so the time budget stays real.
// Several rounds, each a full tinybench run of every task in turn, so slow
// drift on a shared machine spreads over all tasks; per task the median of
// the round medians is reported.
const { compileLoop } = require('./loop');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function taskFunction(task, scale) {
  const n = Math.max(1, Math.round(task.batch * scale));
  if (task.kind === 'c') {
    const { loop, clockId } = task;
    return () => {
      const t0 = performance.now();
      const ns = loop(clockId, n);
      return { overriddenDuration: ns / 1e6, overriddenIterationCost: performance.now() - t0 };
    };
  }
  const loop = compileLoop(task.call, task.result);
  const { api, clockId } = task;
  const out = new Float64Array(2);
  return () => {
    const t0 = performance.now();
    loop(api, clockId, out, n);
    const ms = performance.now() - t0;
    return { overriddenDuration: ms / n, overriddenIterationCost: ms };
  };
}

/**
 * @param {object[]} tasks from tasks.js
 * @param {{rounds: number, time: number, warmupTime: number, iterations: number, batchScale: number}} plan
 * @returns {Promise<Map<string, {ns: number, rounds: number[], samples: number}>>} per task key
 */
async function measureTimes(tasks, plan, log = () => {}) {
  const { Bench } = await import('tinybench');
  const fns = tasks.map((t) => taskFunction(t, plan.batchScale));
  const perRound = new Map(tasks.map((t) => [t.key, []]));
  const samples = new Map(tasks.map((t) => [t.key, 0]));
  for (let round = 0; round < plan.rounds; round++) {
    const bench = new Bench({
      time: plan.time,
      iterations: plan.iterations,
      warmup: true,
      warmupTime: plan.warmupTime,
      warmupIterations: Math.max(1, plan.iterations >> 1),
      throws: true,
    });
    tasks.forEach((t, i) => bench.add(t.key, fns[i]));
    bench.runSync();
    for (const task of bench.tasks) {
      const r = task.result;
      if (r.state !== 'completed') throw new Error(`task ${task.name} ended ${r.state}: ${r.error?.message ?? ''}`);
      perRound.get(task.name).push(r.latency.p50 * 1e6);
      samples.set(task.name, samples.get(task.name) + r.latency.samplesCount);
    }
    log(`round ${round + 1}/${plan.rounds} done`);
  }
  const out = new Map();
  for (const t of tasks) {
    const rounds = perRound.get(t.key);
    out.set(t.key, { ns: median(rounds), rounds, samples: samples.get(t.key) });
  }
  return out;
}

module.exports = { measureTimes, median };
