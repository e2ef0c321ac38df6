'use strict';
// The zero-call coarse clocks (lib/coarse-clock.ts): read in JS from the vDSO
// data page where the package knows the layout and has proven it, else the
// vDSO call. Each form against the vDSO's own coarse function and the system
// call; the proof refusing a wrong or unknown layout, and VDSO_DATA_PAGE=0;
// a JIT-compiled loop seeing the clock advance and never torn. The time
// namespace case is in env-timens.test.js.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const vdso = require('..');
const { kernelNs, nsOfPair, addonPath } = require('./helpers/kernel-clock');

// A set of the addon's clock calls of this test's own, for the vDSO's own coarse results.
const calls = require(addonPath).clockCalls();

const root = path.join(__dirname, '..');
const { CLOCK_REALTIME_COARSE: RT, CLOCK_MONOTONIC_COARSE: MONO } = vdso;

// Where the package has a layout for this kernel (native/data_page.cc): x86_64 and arm64, Linux 6.1 to 7.2.
function layoutKnownHere() {
  const m = /^(\d+)\.(\d+)/.exec(os.release());
  const v = m ? Number(m[1]) * 1000 + Number(m[2]) : 0;
  return ['x64', 'arm64'].includes(process.arch) && v >= 6001 && v < 7003;
}

function coarseBackend(env) {
  const script = `
    const v = require(${JSON.stringify(root)});
    const b = v.backend.clock_gettime_coarse;
    const before = [${RT}, ${MONO}].map((id) => v.syscalls.clockGettimeNs(id));
    const ours = [${RT}, ${MONO}].map((id) => v.clockGettimeNs(id));
    const after = [${RT}, ${MONO}].map((id) => v.syscalls.clockGettimeNs(id));
    const ordered = ours.every((t, i) => before[i] <= t && t <= after[i]);
    console.log(JSON.stringify({ path: b.path, reason: b.reason, ordered }));`;
  const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('the coarse clocks are zero-call exactly where the layout is known and proven', () => {
  const b = vdso.backend.clock_gettime_coarse;
  if (vdso.loaded.backend === 'native' && layoutKnownHere() && process.env.VDSO_DISABLE !== '1') {
    assert.equal(b.path, 'data-page', b.reason);
    assert.match(b.reason, /^zero-call: read from the vDSO data page at 0x[0-9a-f]+; 16 reads of each clock equal/);
    assert.match(b.reason, /the counter advanced from \d+ to \d+, 4 more agreed/);
  } else {
    assert.notEqual(b.path, 'data-page');
    assert.match(b.reason, /not the data page/);
  }
  assert.ok(Object.isFrozen(b));
});

test('every zero-call form equals the vDSO\'s own coarse call, read between two readings of the page', () => {
  const { slots, nanosecondsSlot, clockIdSlot } = calls;
  const native = (id) => {
    clockIdSlot[0] = id;
    assert.equal(calls.clockGettimeNs(), undefined);
    return nanosecondsSlot[0];
  };
  const out = new Float64Array(2);
  const tickNs = Number(vdso.syscalls.clockGetres(MONO)[1]);
  for (const id of [RT, MONO]) {
    // An iteration whose first and last readings are equal had no tick inside
    // it, so every reading in it must be that same value. One that straddles a
    // tick only has to be ordered; there are at most as many of those as ticks
    // fell while the loop ran (a GC pause can make one iteration span several).
    let quiet = 0;
    const start = kernelNs(MONO);
    for (let i = 0; i < 5000; i++) {
      const a = vdso.clockGettimeNs(id);
      const n = native(id);
      const b = nsOfPair(vdso.clockGettime(id));
      const c = nsOfPair(vdso.clockGettimeInto(id, out));
      const ms = vdso.clockGettimeMs(id);
      assert.ok(a <= n && n <= b && b <= c, `${a} ${n} ${b} ${c}`);
      if (a === c) {
        quiet++;
        assert.ok(n === a && b === a, `clock ${id}: ${a} ${n} ${b} ${c}: the zero-call reading differed from the vDSO's while no tick fell between`);
      }
      // Milliseconds by the addon's own formula, so the double is identical.
      clockIdSlot[0] = id;
      calls.clockGettime();
      const [s, ns] = [slots[0], slots[1]];
      if (s === out[0] && ns === out[1]) assert.equal(ms, s * 1e3 + ns * 1e-6);
    }
    const ticks = Math.ceil(Number(kernelNs(MONO) - start) / tickNs) + 1;
    assert.ok(5000 - quiet <= ticks, `clock ${id}: ${5000 - quiet} iterations straddled a tick, but only ${ticks} ticks fell`);
  }
});

test('the system call brackets every zero-call reading', () => {
  for (const id of [RT, MONO]) {
    for (let i = 0; i < 2000; i++) {
      const before = kernelNs(id);
      const t = vdso.clockGettimeNs(id);
      const after = kernelNs(id);
      assert.ok(before <= t && t <= after, `${before} ${t} ${after}`);
    }
  }
});

test('a JIT-compiled loop sees the clock advance, and never a torn reading', () => {
  // Loads the compiler may not hoist, fold or reorder: the clock must move in
  // a hot loop and never go back (a torn {sec, nsec} would go back a second).
  const script = `
    const v = require(${JSON.stringify(root)});
    function spin(id, calls) {
      let prev = v.clockGettimeMs(id), changes = 0, back = 0, badNs = 0;
      for (let i = 0; i < calls; i++) {
        const t = v.clockGettimeMs(id);
        if (t < prev) back++;
        if (t !== prev) changes++;
        prev = t;
      }
      const out = new Float64Array(2);
      let prevNs = v.clockGettimeNs(id);
      for (let i = 0; i < calls; i++) {
        const n = v.clockGettimeNs(id);
        v.clockGettimeInto(id, out);
        if (n < prevNs || !(out[1] >= 0 && out[1] < 1e9)) badNs++;
        prevNs = n;
      }
      return { changes, back, badNs };
    }
    const t0 = v.syscalls.clockGettimeNs(${MONO});
    const r = [spin(${MONO}, 5e6), spin(${RT}, 5e6)];
    const ticks = Number(v.syscalls.clockGettimeNs(${MONO}) - t0) / Number(v.syscalls.clockGetres(${MONO})[1]);
    console.log(JSON.stringify({ r, ticks, path: v.backend.clock_gettime_coarse.path }));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const { r, ticks } = JSON.parse(run.stdout);
  for (const [i, { changes, back, badNs }] of r.entries()) {
    assert.equal(back, 0, `clock ${i ? 'REALTIME' : 'MONOTONIC'}_COARSE went back`);
    assert.equal(badNs, 0);
    // The loop spans many ticks; the clock must have moved at most once per tick and at least a few times.
    assert.ok(ticks >= 4, `the loop ran for only ${ticks} ticks`);
    assert.ok(changes >= 2 && changes <= ticks + 2, `${changes} changes over ${ticks.toFixed(1)} ticks`);
  }
});

test('an unknown kernel layout, a wrong one, and VDSO_DATA_PAGE=0: the vDSO call, with the reason', () => {
  const unknown = coarseBackend({ VDSO_DATA_PAGE: 'linux-9.0' });
  assert.notEqual(unknown.path, 'data-page');
  assert.match(unknown.reason, /no known data-page layout for Linux 9\.0\.0 \(VDSO_DATA_PAGE\)/);
  assert.equal(unknown.ordered, true);

  const off = coarseBackend({ VDSO_DATA_PAGE: '0' });
  assert.notEqual(off.path, 'data-page');
  assert.match(off.reason, /VDSO_DATA_PAGE=0 in the environment at load/);
  assert.equal(off.ordered, true);

  if (vdso.backend.clock_gettime_coarse.path === 'data-page') {
    // Every other layout of this ABI, forced on this kernel: refused (not readable there, or the proof fails).
    const own = /, (Linux [^,]+) layout,/.exec(vdso.backend.clock_gettime_coarse.reason)[1];
    for (const forced of ['linux-6.1', 'linux-6.10', 'linux-6.13', 'linux-6.15']) {
      const r = coarseBackend({ VDSO_DATA_PAGE: forced });
      assert.equal(r.ordered, true, forced);
      if (r.path === 'data-page') {
        assert.ok(r.reason.includes(`${own} layout`), `${forced} was taken: ${r.reason}`);
      } else {
        assert.match(r.reason, /refused: |not readable where the layout puts it|no known data-page layout/, forced);
      }
    }
  }
});

test('nothing the package or the addon hands out holds the page: readers are functions only', () => {
  const addon = require(addonPath);
  // Every reader the addon makes is its caller's own, and none exposes the page.
  const offer = addon.dataPageReader(undefined);
  if (vdso.backend.clock_gettime_coarse.path === 'data-page') assert.notEqual(offer.reader, null, offer.reason);
  if (offer.reader !== null) {
    for (const [k, v] of Object.entries(offer.reader)) assert.equal(typeof v, 'function', k);
  }
  // No buffer at all among the properties of the package, the addon, the offer (test/hostile-js.test.js
  // goes further: every buffer reachable through calls too, detached and written).
  const seen = new Set();
  const walk = (v, depth) => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v) || depth > 4) return;
    seen.add(v);
    assert.ok(!(v instanceof ArrayBuffer) && !ArrayBuffer.isView(v), 'an ArrayBuffer is reachable');
    for (const k of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      if (d && 'value' in d) walk(d.value, depth + 1);
    }
  };
  walk(vdso, 0);
  walk(addon, 0);
  walk(offer, 0);
});
