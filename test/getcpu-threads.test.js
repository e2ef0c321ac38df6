'use strict';
// getcpu() per thread, checked against pinning done by taskset
// (sched_setaffinity): a whole process pinned to each CPU in turn, and single
// worker threads pinned by thread id. The NUMA node is checked against sysfs.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const vdso = require('..');

const PKG = path.join(__dirname, '..');

function allowedCpus() {
  const list = fs.readFileSync('/proc/self/status', 'utf8').match(/^Cpus_allowed_list:\s*(\S+)/m)[1];
  const cpus = [];
  for (const part of list.split(',')) {
    const [a, b = a] = part.split('-').map(Number);
    for (let c = a; c <= b; c++) cpus.push(c);
  }
  return cpus;
}

// sysfs links cpuN/nodeM on NUMA kernels; without NUMA every CPU is node 0.
function nodeOf(cpu) {
  const link = fs.readdirSync(`/sys/devices/system/cpu/cpu${cpu}`).find((n) => /^node\d+$/.test(n));
  return link ? Number(link.slice(4)) : 0;
}

test('a process pinned to each CPU in turn: every thread of cpuReport() says that CPU', () => {
  for (const cpu of allowedCpus()) {
    const script = `require(${JSON.stringify(PKG)}).cpuReport({ workers: 3 }).then((r) => process.stdout.write(JSON.stringify(r)))`;
    const rows = JSON.parse(execFileSync('taskset', ['-c', String(cpu), process.execPath, '-e', script], { encoding: 'utf8' }));
    assert.equal(rows.length, 4);
    assert.deepEqual(rows.map((r) => r.thread), ['main', 'worker 1', 'worker 2', 'worker 3']);
    assert.equal(new Set(rows.map((r) => r.tid)).size, 4);
    for (const r of rows) {
      assert.equal(r.cpu, cpu, `${r.thread} on ${r.cpu}, pinned to ${cpu}`);
      assert.equal(r.node, nodeOf(cpu));
    }
  }
});

const pinnedWorker = `
const { parentPort } = require('node:worker_threads');
const vdso = require(${JSON.stringify(PKG)});
parentPort.postMessage(vdso.currentThreadCpu().tid);
parentPort.once('message', () => {
  const seen = new Set();
  for (let i = 0; i < 2000; i++) {
    seen.add(vdso.getcpu().cpu);
    seen.add(vdso.syscalls.getcpu().cpu);
  }
  parentPort.postMessage({ seen: [...seen], node: vdso.getcpu().node });
});
`;

function next(w) {
  return new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
}

test('worker threads pinned one by one (taskset -p on their thread ids) each report their own CPU', async () => {
  const cpus = allowedCpus();
  const count = Math.max(2, cpus.length);
  const workers = Array.from({ length: count }, () => new Worker(pinnedWorker, { eval: true }));
  try {
    const tids = await Promise.all(workers.map(next));
    assert.equal(new Set(tids).size, count);
    assert.ok(!tids.includes(process.pid));
    // Pinning a thread id moves that thread only: the workers end up on different CPUs.
    const pins = tids.map((tid, i) => cpus[(cpus.length - 1 - i) % cpus.length]);
    tids.forEach((tid, i) => execFileSync('taskset', ['-p', '-c', String(pins[i]), String(tid)], { stdio: 'ignore' }));
    const answers = await Promise.all(
      workers.map((w) => {
        const p = next(w);
        w.postMessage('go');
        return p;
      }),
    );
    answers.forEach((a, i) => {
      assert.deepEqual(a.seen, [pins[i]], `worker pinned to ${pins[i]} saw ${a.seen}`);
      assert.equal(a.node, nodeOf(pins[i]));
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
});

test('the main thread pinned by its thread id, and back', () => {
  const cpus = allowedCpus();
  const original = fs.readFileSync('/proc/self/status', 'utf8').match(/^Cpus_allowed_list:\s*(\S+)/m)[1];
  try {
    for (const cpu of cpus) {
      execFileSync('taskset', ['-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
      for (let i = 0; i < 1000; i++) {
        assert.equal(vdso.getcpu().cpu, cpu);
        assert.equal(vdso.syscalls.getcpu().cpu, cpu);
      }
      const me = vdso.currentThreadCpu();
      assert.deepEqual([me.thread, me.tid, me.cpu, me.node], ['main', process.pid, cpu, nodeOf(cpu)]);
    }
  } finally {
    execFileSync('taskset', ['-p', '-c', original, String(process.pid)], { stdio: 'ignore' });
  }
});

test('cpuReport: one row per thread, alive together; bad options rejected with codes', async () => {
  const rows = await vdso.cpuReport({ workers: 2 });
  assert.equal(rows.length, 3);
  assert.equal(rows[0].thread, 'main');
  assert.equal(rows[0].tid, process.pid);
  assert.equal(new Set(rows.map((r) => r.threadId)).size, 3);
  const cpus = allowedCpus();
  for (const r of rows) assert.ok(cpus.includes(r.cpu) && r.node === nodeOf(r.cpu), JSON.stringify(r));
  assert.equal((await vdso.cpuReport({ workers: 0 })).length, 1);
  await assert.rejects(vdso.cpuReport({ workers: -1 }), (e) => e instanceof RangeError && e.code === 'ERR_OUT_OF_RANGE');
  await assert.rejects(vdso.cpuReport({ workers: 1.5 }), (e) => e instanceof RangeError && e.code === 'ERR_OUT_OF_RANGE');
  await assert.rejects(vdso.cpuReport({ workers: '2' }), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE');
});
