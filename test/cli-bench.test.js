'use strict';
// `vdso bench --json`: the structure of a short run. The numbers themselves
// are for people; nothing here judges them.
const test = require('node:test');
const assert = require('node:assert/strict');
const { runCli } = require('./helpers/cli');

test('bench --json lists every call form with its cost and ratio, and no progress off a terminal', () => {
  const r = runCli(['bench', '--json', '--time', '5']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'progress only on a terminal');
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.baseline, 'process.hrtime.bigint()');
  const names = doc.results.map((x) => x.name);
  for (const n of ['process.hrtime.bigint()', 'performance.now()', 'Date.now()', 'vdso.hrtime.bigint()', 'vdso.now()', 'vdso.syscalls.clockGettime(MONOTONIC)', 'vdso.clockGettime(MONOTONIC)']) {
    assert.ok(names.includes(n), n);
  }
  for (const x of doc.results) {
    assert.ok(Number.isFinite(x.nsPerCall) && x.nsPerCall > 0, x.name);
    assert.ok(Number.isFinite(x.speedupVsHrtimeBigint) && x.speedupVsHrtimeBigint > 0, x.name);
  }
  assert.equal(doc.results.find((x) => x.name === doc.baseline).speedupVsHrtimeBigint, 1);
});

test('bench prints a table', () => {
  const r = runCli(['bench', '--time', '5']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^returns\s+call\s+ns\/call/m);
  assert.match(r.stdout, /^ns bigint\s+process\.hrtime\.bigint\(\)\s+\d/m);
});
