'use strict';
// The memory check: heap bytes allocated and garbage collections during N
// calls of each form. Runs in a child process started with --expose-gc so
// every form starts from a collected heap; prints JSON on stdout.
//
// Allocated bytes = heap used after - before + what each GC in between freed
// (from v8.GCProfiler), minus the same figure for a loop over a trivial
// expression with the same kind of result (reading the statistics allocates,
// and a loop returning a number boxes its last result once). A form that
// allocates nothing per call reads 0.
const v8 = require('node:v8');
const { spawnSync } = require('node:child_process');
const { compileLoop } = require('./loop');

function measureOnce(loop, api, id, out, calls) {
  globalThis.gc();
  globalThis.gc();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const before = v8.getHeapStatistics().used_heap_size;
  loop(api, id, out, calls);
  const after = v8.getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  let freed = 0;
  for (const gc of statistics) freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
  return { bytes: after - before + freed, gcs: statistics.length };
}

// Compiling and re-tiering the loop allocates on the heap too; warm up until
// two short runs allocate the same, so the measured run sees only the calls.
function measureForm(loop, api, id, calls) {
  const out = new Float64Array(2);
  const warm = Math.min(calls, 200000);
  let last = measureOnce(loop, api, id, out, warm);
  for (let i = 0; i < 10; i++) {
    const next = measureOnce(loop, api, id, out, warm);
    if (next.bytes === last.bytes) break;
    last = next;
  }
  return measureOnce(loop, api, id, out, calls);
}

function runChild(calls) {
  const { memoryForms } = require('./tasks');
  const baselines = {
    number: measureForm(compileLoop('i * 0.5', 'number'), null, 0, calls),
    value: measureForm(compileLoop('out', 'value'), null, 0, calls),
  };
  const forms = memoryForms().map((t) => {
    const m = measureForm(compileLoop(t.call, t.result), t.api, t.clockId, calls);
    const bytes = Math.max(0, m.bytes - baselines[t.result].bytes);
    return { key: t.key, name: t.name, path: t.path, calls, heapBytes: bytes, bytesPerCall: bytes / calls, gcCount: m.gcs, rawHeapBytes: m.bytes };
  });
  process.stdout.write(JSON.stringify({ calls, baselines, forms }));
}

/** Runs the check in a fresh process; `calls` per form. */
function measureMemory(calls) {
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, String(calls)], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  if (r.status !== 0) throw new Error(`memory check failed (${r.status ?? r.signal}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

if (require.main === module) runChild(Number(process.argv[2]));

module.exports = { measureMemory };
