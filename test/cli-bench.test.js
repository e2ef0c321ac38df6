'use strict';
// `vdso bench --json`: the structure of a short run. The numbers themselves
// are for people; nothing here judges them.
const test = require('node:test');
const assert = require('node:assert/strict');
const { runCli } = require('./helpers/cli');

test('bench --json lists every call form with its cost and its cost ratio against the built-in it replaces', () => {
  const r = runCli(['bench', '--json', '--time', '5']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'progress only on a terminal');
  const doc = JSON.parse(r.stdout);
  assert.match(doc.convention, /lower is better/);
  const names = doc.results.map((x) => x.name);
  for (const n of ['process.hrtime.bigint()', 'performance.now()', 'Date.now()', 'vdso.hrtime.bigint()', 'vdso.now()', 'vdso.syscalls.clockGettime(MONOTONIC)', 'vdso.clockGettime(MONOTONIC)']) {
    assert.ok(names.includes(n), n);
  }
  const byName = new Map(doc.results.map((x) => [x.name, x]));
  for (const x of doc.results) {
    assert.ok(Number.isFinite(x.nsPerCall) && x.nsPerCall > 0, x.name);
    if (x.against === null) {
      assert.equal(x.costRatio, null);
      continue;
    }
    // The ratio is this call's cost over the built-in's, as printed (rounded to 0.01).
    const builtin = byName.get(x.against);
    assert.ok(builtin && builtin.against === null, `${x.name} is compared with ${x.against}`);
    assert.ok(Math.abs(x.costRatio - x.nsPerCall / builtin.nsPerCall) < 0.02, `${x.name}: ${x.costRatio} vs ${x.nsPerCall} / ${builtin.nsPerCall}`);
  }
  assert.equal(byName.get('vdso.syscalls.clockGettime(MONOTONIC)').against, 'process.hrtime()');
});

test('bench prints a table', () => {
  const r = runCli(['bench', '--time', '5']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^returns\s+call\s+ns\/call\s+cost ratio\s+against/m);
  assert.match(r.stdout, /lower is better/);
  assert.match(r.stdout, /^ns bigint\s+process\.hrtime\.bigint\(\)\s+\d/m);
});
