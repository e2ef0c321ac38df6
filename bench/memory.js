'use strict';
// The memory check: heap bytes allocated and garbage collections during N
// calls of each clock form, in the very loop the timing runs
// (dist/bench/harness.js callTask). Runs in a child process with --expose-gc
// so every form starts from a collected heap; prints JSON on stdout.
//
// Allocated bytes = heap used after - before + what each GC in between freed
// (v8.GCProfiler), minus the same figure for a loop over a trivial expression
// with the same kind of result (the timer reads and the statistics allocate
// too). A form that allocates nothing per call reads 0.
const v8 = require('node:v8');
const { spawnSync } = require('node:child_process');
const { callTask } = require('../dist/bench/harness');
const { benchTasks, taskScope } = require('../dist/bench/tasks');
const { selfArgs } = require('./runtimes');

/** The forms checked: the clocks of the short run, fine and coarse (the calls a hot path makes). */
function memoryForms() {
  return benchTasks('short').filter((t) => t.section === 'fine' || t.section === 'coarse');
}

function measureOnce(task, calls) {
  globalThis.gc();
  globalThis.gc();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const before = v8.getHeapStatistics().used_heap_size;
  task.batch(calls);
  const after = v8.getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  let freed = 0;
  for (const gc of statistics) freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
  return { bytes: after - before + freed, gcs: statistics.length };
}

// Compiling and re-tiering the loop allocates too: warm up until two short
// runs allocate the same, then keep the least of three measured runs. A
// compile the warm-up did not finish can still land in one run (in CI, 20 KB
// in a run of 20,000 calls), never in what the calls themselves allocate.
function measureForm(task, calls) {
  const warm = Math.min(calls, 200_000);
  let last = measureOnce(task, warm);
  for (let i = 0; i < 10; i++) {
    const next = measureOnce(task, warm);
    if (next.bytes === last.bytes) break;
    last = next;
  }
  let least = measureOnce(task, calls);
  for (let i = 0; i < 2; i++) {
    const next = measureOnce(task, calls);
    if (next.bytes < least.bytes) least = next;
  }
  return least;
}

function runChild(calls) {
  const scope = taskScope();
  const baselines = {
    number: measureForm(callTask('baseline number', 'i * 0.5', 'number', scope), calls),
    value: measureForm(callTask('baseline value', 'out', 'value', scope), calls),
  };
  const forms = memoryForms().map((t) => {
    const m = measureForm(callTask(t.name, t.expr, t.result, scope), calls);
    const bytes = Math.max(0, m.bytes - baselines[t.result].bytes);
    return { name: t.name, calls, heapBytes: bytes, bytesPerCall: bytes / calls, gcCount: m.gcs };
  });
  process.stdout.write(JSON.stringify({ calls, forms }));
}

/** Runs the check in a fresh process; `calls` per form. */
function measureMemory(calls) {
  const r = spawnSync(process.execPath, selfArgs(__filename, [String(calls)], { v8Flags: ['--expose-gc'] }), { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`memory check failed (${r.status ?? r.signal}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

if (require.main === module) runChild(Number(process.argv[2]));

module.exports = { measureMemory, memoryForms };
