'use strict';
// Run by scripts/pack-check.sh in a fresh project that installed the packed
// tarball: require('vdso') loads the backend the check expects and its clocks work.
const assert = require('node:assert/strict');
const vdso = require('vdso');

const expected = process.env.EXPECT_BACKEND;
assert.equal(vdso.loaded.backend, expected, vdso.loaded.reason);
if (expected === 'native') {
  // No compiler was on PATH at install: the addon must be the shipped prebuild,
  // unless the check built one since (EXPECT_BUILT=1).
  const dir = process.env.EXPECT_BUILT === '1' ? '/node_modules/vdso/build/Release/' : `/node_modules/vdso/prebuilds/${process.platform}-${process.arch}/`;
  assert.ok(vdso.loaded.path.includes(dir), vdso.loaded.path);
  assert.notEqual(vdso.backend.clock_gettime.path, 'js');
} else {
  assert.equal(vdso.backend.clock_gettime.path, 'js');
}
if (process.env.EXPECT_REASON) assert.match(vdso.loaded.reason, new RegExp(process.env.EXPECT_REASON));

const before = process.hrtime.bigint();
const ns = vdso.clockGettimeNs(vdso.CLOCK_MONOTONIC);
const after = process.hrtime.bigint();
assert.ok(before <= ns && ns <= after, `${before} ${ns} ${after}`);
const ms = Date.now();
assert.ok(Math.abs(vdso.clockGettimeMs(vdso.CLOCK_REALTIME) - ms) < 1000);
// What loads at first use (dist/extras.js) loads from the tarball too, and so
// does what a worker of cpuReport() requires: the package's own entry.
if (expected === 'native') {
  assert.equal(vdso.getrandom(new Uint8Array(16)).length, 16);
  assert.equal(typeof vdso.pinoTime.epochTime(), 'string');
  vdso.cpuReport({ workers: 1 }).then((rows) => {
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => Number.isInteger(r.cpu)), JSON.stringify(rows));
    process.stdout.write(`cjs: ${vdso.loaded.backend} (${vdso.loaded.reason}); extras and a cpuReport() worker load\n`);
  });
} else {
  process.stdout.write(`cjs: ${vdso.loaded.backend} (${vdso.loaded.reason})\n`);
}
