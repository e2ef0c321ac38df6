'use strict';
// The benchmark's harness (lib/bench/harness.ts), shared by `vdso bench` and
// `npm run bench`: what it computes and what it runs, never how fast.
const test = require('node:test');
const assert = require('node:assert/strict');
const { callTask, functionTask, lastResult, measure, median, medianOfProcesses, pairedRatio, quantile } = require('../dist/bench/harness');
const { benchTasks, taskScope, timedTasks } = require('../dist/bench/tasks');

test('median, quartiles and the paired ratio are computed round by round', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(quantile([1, 2, 3, 4, 5], 0.25), 2);
  assert.equal(quantile([10, 20], 0.75), 17.5);
  assert.ok(Number.isNaN(median([])));
  // Round 2 is slow for both: the paired ratio ignores it, a ratio of medians would not.
  const task = { perRound: [1, 10, 1, 1], nsPerCall: 1, calls: 1 };
  const reference = { perRound: [2, 20, 2, 4], nsPerCall: 3, calls: 1 };
  assert.deepEqual(pairedRatio(task, reference), { ratio: 0.5, low: 0.4375, high: 0.5 });
});

test('runs in several processes combine per task: the median of each field, nulls left out', () => {
  const run = (ns, ratio, unavailable = null) => [
    { name: 'a', nsPerCall: ns, costRatio: ratio, note: 'x', unavailable: null },
    { name: 'b', nsPerCall: null, costRatio: null, note: 'y', unavailable },
  ];
  const rows = medianOfProcesses([run(10, 0.5), run(30, 0.7, 'gone'), run(12.34, null)], { nsPerCall: (v) => Math.round(v * 10) / 10, costRatio: (v) => v });
  assert.deepEqual(rows, [
    { name: 'a', nsPerCall: 12.3, costRatio: 0.6, note: 'x', unavailable: null },
    { name: 'b', nsPerCall: null, costRatio: null, note: 'y', unavailable: 'gone' },
  ]);
  assert.throws(() => medianOfProcesses([run(1, 1), [{ name: 'c' }, { name: 'b' }]], {}), /different tasks/);
});

test('every result is kept: the last result of a batch is stored, from the expression over the scope', () => {
  let n = 0;
  const t = callTask('counter', 'next() * 2', 'number', { next: () => ++n });
  assert.equal(t.name, 'counter');
  assert.ok(t.batch(7) >= 0);
  assert.equal(n, 7);
  assert.equal(lastResult(), 14);
  const f = functionTask('obj', () => ({ n: ++n }));
  f.batch(3);
  assert.deepEqual(lastResult(), { n: 10 });
  assert.throws(() => callTask('bad', '1', 'number', { 'not-a-name': 1 }), { name: 'TypeError', message: /not an identifier/ });
});

test('measure times every task in every round, sized batches, and leaves out a task whose first call throws', () => {
  const calls = new Map();
  const counting = (name) => ({
    name,
    batch(n) {
      calls.set(name, (calls.get(name) ?? 0) + n);
      let x = 0;
      for (let i = 0; i < n * 50; i++) x += i;
      return 1e3 * n + (x & 1);
    },
  });
  const broken = { name: 'broken', batch: () => { throw new Error('no such call here'); } };
  const rounds = [];
  const { timings, unavailable } = measure([counting('a'), broken, counting('b')], { rounds: 7, warmupRounds: 2, batchNs: 20_000 }, (round, of) => rounds.push([round, of]));
  assert.deepEqual([...unavailable], [['broken', 'no such call here']]);
  assert.deepEqual([...timings.keys()], ['a', 'b']);
  assert.deepEqual(rounds.map(([r]) => r), [0, 1, 2, 3, 4, 5, 6]);
  for (const [name, t] of timings) {
    assert.equal(t.perRound.length, 7, name);
    assert.equal(t.nsPerCall, median(t.perRound), name);
    // 1 us a call: a 20 us batch is 20 calls, after the doubling calibration and the warm-up.
    assert.equal(t.calls, 20, name);
    assert.ok(calls.get(name) >= 9 * 20, `${name}: ${calls.get(name)} calls`);
  }
});

test('the short run is a subset of the full one, task for task, and every task runs on this Node', () => {
  const all = benchTasks('all');
  const short = benchTasks('short');
  assert.equal(new Set(all.map((t) => t.name)).size, all.length, 'one task per name');
  for (const t of short) assert.deepEqual(all.find((a) => a.name === t.name), t);
  for (const t of all) {
    if (t.against !== null) assert.ok(all.some((a) => a.name === t.against), `${t.name} is compared with a task: ${t.against}`);
  }
  // One call of each, over the real scope: the expressions are valid and return what they say.
  const threadCpuUsage = typeof process.threadCpuUsage === 'function';
  for (const [i, timed] of timedTasks(all, taskScope()).entries()) {
    if (all[i].name === 'process.threadCpuUsage()' && !threadCpuUsage) {
      assert.throws(() => timed.batch(1));
      continue;
    }
    timed.batch(1);
    const r = lastResult();
    if (all[i].result === 'number') assert.equal(typeof r, 'number', all[i].name);
    else assert.notEqual(r, null, all[i].name);
  }
});

test('no two loops share a source text, so V8 cannot hand two tasks one loop and its feedback', () => {
  // V8 caches `new Function` by its text: from the second compile of a text on,
  // it returns the same function, and its call site turns polymorphic.
  const sources = [];
  const original = globalThis.Function;
  globalThis.Function = new Proxy(original, {
    construct(target, args) {
      sources.push(args.at(-1));
      return Reflect.construct(target, args);
    },
  });
  try {
    callTask('a', 'f()', 'value', { f: () => 1 });
    callTask('a', 'f()', 'value', { f: () => 1 });
    functionTask('b', () => 1);
    functionTask('b', () => 1);
  } finally {
    globalThis.Function = original;
  }
  assert.equal(sources.length, 4);
  assert.equal(new Set(sources).size, 4, sources.join('\n---\n'));
});

test('the /proc reading of the CPU names a CPU of this machine, as getcpu() does', () => {
  const fromProc = taskScope().cpuFromProc();
  const cpus = require('node:os').cpus().length;
  assert.ok(Number.isInteger(fromProc) && fromProc >= 0 && fromProc < cpus, `${fromProc} of ${cpus}`);
});
