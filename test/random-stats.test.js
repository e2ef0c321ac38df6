'use strict';
// Statistical sanity of getrandom's output over 100 MB drawn 4 KiB at a time
// (the per-call path, where a state reused wrongly would show): byte
// frequencies pass a chi-square test with a generous bound, and no 32-byte
// block appears twice. A second test shows both checks reject bad sources.
const test = require('node:test');
const assert = require('node:assert/strict');
const vdso = require('..');
const { chiSquare, repeatedBlocks } = require('./helpers/randomness');

const TOTAL = 100 * 1024 * 1024;
const CALL = 4096;

// 255 degrees of freedom: mean 255, sd 22.6. Outside [150, 400] is beyond
// 4.5 sd either way (p < 1e-5 for a uniform source).
const CHI2_LOW = 150;
const CHI2_HIGH = 400;

test('100 MB: byte frequencies and no repeated 32-byte blocks', (t) => {
  const data = Buffer.allocUnsafeSlow(TOTAL);
  let start = process.hrtime.bigint();
  for (let off = 0; off < TOTAL; off += CALL) vdso.getrandom(data.subarray(off, off + CALL));
  const drawMs = Number(process.hrtime.bigint() - start) / 1e6;
  start = process.hrtime.bigint();
  const chi2 = chiSquare(data);
  const repeats = repeatedBlocks([data]);
  t.diagnostic(`chi-square ${chi2.toFixed(1)} (255 df); draw ${drawMs.toFixed(0)} ms, checks ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} ms`);
  assert.ok(chi2 > CHI2_LOW && chi2 < CHI2_HIGH, `chi-square ${chi2}`);
  assert.equal(repeats, 0);
});

test('the same checks reject a repeating source and a biased one', () => {
  const repeating = Buffer.alloc(1 << 20);
  vdso.getrandom(repeating.subarray(0, repeating.length - CALL));
  repeating.copy(repeating, repeating.length - CALL, 0, CALL);
  assert.equal(repeatedBlocks([repeating]), CALL / 32);
  // Across buffers too, as the thread test uses it.
  const a = vdso.randomBytes(4096);
  assert.equal(repeatedBlocks([a, vdso.randomBytes(4096), Buffer.from(a.subarray(64, 96))]), 1);
  // Never yielding 0 (a 1/256 shift of mass) is far outside the bound.
  const biased = vdso.getrandom(Buffer.alloc(1 << 20)).map((b) => (b === 0 ? 1 : b));
  assert.ok(chiSquare(biased) > CHI2_HIGH);
  // Too even is as suspicious as too uneven: a counter scores 0.
  assert.ok(chiSquare(Uint8Array.from({ length: 1 << 20 }, (_, i) => i & 0xff)) < CHI2_LOW);
});
