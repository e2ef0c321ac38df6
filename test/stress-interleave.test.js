'use strict';
// 10 million readings, alternating Node's process.hrtime.bigint() and the
// package's hrtime.bigint() (both CLOCK_MONOTONIC): the merged sequence is
// in order.
const test = require('node:test');
const assert = require('node:assert/strict');
const vdso = require('..');

const READINGS = 10_000_000;

test('10M interleaved readings of Node and the package are in order', () => {
  const ours = vdso.hrtime.bigint;
  let last = 0n, outOfOrder = 0, first = null;
  for (let i = 0; i < READINGS / 2; i++) {
    const a = process.hrtime.bigint();
    const b = ours();
    if (a < last || b < a) {
      outOfOrder++;
      first ??= { i, last, node: a, package: b };
    }
    last = b;
  }
  assert.equal(outOfOrder, 0, `first: ${first && `${first.last} ${first.node} ${first.package} at ${first.i}`}`);
  assert.ok(last > 0n);
});
