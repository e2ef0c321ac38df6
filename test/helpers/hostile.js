'use strict';
// What hostile code in the same process can do to the package with public
// properties and standard JS: reach every object the package's files hand
// out, detach or write every buffer it finds, collect garbage; and the oracle
// that judges the package's clocks afterwards. The suites run this in child
// processes (test/helpers/hostile-child.js): a crash must not take the test
// runner down with it. Loading this module does nothing.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

// What the judge uses, taken before any test patches a global.
const { round } = Math;
const { isSafeInteger, isInteger, isFinite } = Number;
const OrigBigInt = BigInt;
const OrigFloat64Array = Float64Array;
const OrigUint8Array = Uint8Array;
const isView = ArrayBuffer.isView;

/**
 * Detaches an ArrayBuffer the ways JS can: ArrayBuffer.prototype.transfer
 * (Node 22+), structuredClone with a transfer list, postMessage. True when it
 * ended up detached.
 */
function detachBuffer(buffer) {
  const gone = () => buffer.byteLength === 0;
  for (const way of [
    () => buffer.transfer(),
    () => structuredClone(buffer, { transfer: [buffer] }),
    () => {
      const { port1, port2 } = new MessageChannel();
      port1.postMessage(buffer, [buffer]);
      port1.close();
      port2.close();
    },
  ]) {
    if (gone()) return true;
    try {
      way();
    } catch {
      // refused this way: try the next
    }
  }
  return gone();
}

/** The addon files this process could load: the local build and this platform's prebuilds. */
function addonFiles() {
  const dirs = [path.join(root, 'build', 'Release'), path.join(root, 'prebuilds', `${process.platform}-${process.arch}`)];
  return dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.node')).map((f) => path.join(d, f)) : []));
}

/**
 * The package's JavaScript modules. Not the CLI (dist/cli.js runs a command
 * when required, and its parts write to the terminal when called): it holds
 * nothing the package's modules do not.
 */
function packageScripts() {
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(dist)) return [];
  return fs.readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'cli.js').map((f) => path.join(dist, f));
}

/** Every module object a caller can get by requiring a file the package ships. */
function reachableModules() {
  const mods = [];
  for (const f of [...addonFiles(), ...packageScripts()]) {
    try {
      mods.push(require(f));
    } catch {
      // a prebuild for another libc, say
    }
  }
  return mods;
}

/**
 * Walks everything reachable from `roots`: own properties (getters read),
 * and the results of calling each function found with no arguments (the
 * addon's hand out objects that way). Returns the typed arrays, DataViews and
 * ArrayBuffers found.
 */
function reach(roots, { depth = 4, call = true } = {}) {
  const seen = new Set();
  const views = new Set();
  const buffers = new Set();
  const visit = (v, d) => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v) || d < 0) return;
    seen.add(v);
    if (isView(v)) {
      views.add(v);
      buffers.add(v.buffer);
      return;
    }
    if (v instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer)) {
      buffers.add(v);
      return;
    }
    if (typeof v === 'function' && call) {
      let r;
      try {
        r = v();
      } catch {
        // wants arguments
      }
      // An async function that wanted arguments rejects: the attacker's own problem, not an unhandled rejection.
      if (r !== null && typeof r === 'object' && typeof r.then === 'function') r.then(undefined, () => {});
      else visit(r, d - 1);
    }
    for (const key of Reflect.ownKeys(v)) {
      if (key === 'prototype' || key === 'constructor' || key === 'caller' || key === 'arguments') continue;
      let value;
      try {
        value = v[key];
      } catch {
        continue;
      }
      visit(value, d - 1);
    }
  };
  for (const r of roots) visit(r, depth);
  return { views, buffers };
}

/** Writes the first and last element of every view that still has one (a write to the vDSO data page would kill the process). */
function writeEvery(views) {
  let written = 0;
  for (const v of views) {
    try {
      if (v.byteLength === 0) continue;
      const u8 = new OrigUint8Array(v.buffer, v.byteOffset, v.byteLength);
      u8[0] ^= 0x55;
      u8[u8.length - 1] ^= 0x55;
      written++;
    } catch {
      // detached in the meantime
    }
  }
  return written;
}

/** Full collections, with garbage in between so freed memory gets reused. */
function collect(rounds = 3) {
  const gc = globalThis.gc;
  let junk = [];
  for (let i = 0; i < rounds; i++) {
    if (gc) gc();
    junk = Array.from({ length: 2000 }, (_, k) => new Float64Array(4 + (k % 7)).fill(i));
  }
  return junk.length;
}

/**
 * An oracle no hostile code has touched: a fresh instance of the addon
 * (process.dlopen with its own module object gets its own Node-API
 * environment, memory and functions), reading the kernel through the real
 * system call.
 */
function kernelOracle(addonPath) {
  const m = { exports: {} };
  process.dlopen(m, addonPath);
  const a = m.exports;
  const calls = typeof a.clockCalls === 'function' ? a.clockCalls() : a;
  const { clockIdSlot, nanosecondsSlot } = calls;
  const sysNs = calls.sysClockGettimeNs;
  return (id) => {
    clockIdSlot[0] = id;
    const e = sysNs();
    if (e !== undefined) throw new Error(`oracle: clock_gettime(${id}) failed with errno ${e}`);
    return nanosecondsSlot[0];
  };
}

/**
 * Every clock form of the package, each read between two oracle readings of
 * the same clock. Returns a list of problems (empty when every reading is the
 * clock's). `ids` are the clocks to check.
 */
function judgeClocks(vdso, kernelNs, ids = [0, 1, 2, 3, 4, 5, 6, 7, 11]) {
  const problems = [];
  const NS = 1_000_000_000n;
  const check = (what, id, read, toNs) => {
    let before, value, after;
    try {
      before = kernelNs(id);
      value = read();
      after = kernelNs(id);
    } catch (e) {
      problems.push(`${what}: threw ${e && e.code} ${e && e.message}`);
      return;
    }
    let ns;
    try {
      ns = toNs(value);
    } catch (e) {
      problems.push(`${what}: returned ${String(value)} (${e.message})`);
      return;
    }
    if (!(ns.lo <= after && ns.hi >= before)) problems.push(`${what}: ${String(value)} is not within [${before}, ${after}] of the same clock`);
  };
  const exact = (n) => ({ lo: n, hi: n });
  const pairNs = (p) => {
    if (!isSafeInteger(p[0]) || !isInteger(p[1]) || p[1] < 0 || p[1] >= 1e9) throw new Error('not [sec, nsec]');
    return exact(OrigBigInt(p[0]) * NS + OrigBigInt(p[1]));
  };
  // Milliseconds as a double: a microsecond either side covers the rounding.
  const msNs = (ms) => {
    if (typeof ms !== 'number' || !isFinite(ms)) throw new Error('not a finite number');
    const us = OrigBigInt(round(ms * 1e3));
    return { lo: (us - 1n) * 1000n, hi: (us + 1n) * 1000n };
  };
  for (const id of ids) {
    check(`clockGettime(${id})`, id, () => vdso.clockGettime(id), pairNs);
    check(`clockGettimeNs(${id})`, id, () => vdso.clockGettimeNs(id), (n) => {
      if (typeof n !== 'bigint') throw new Error('not a bigint');
      return exact(n);
    });
    check(`clockGettimeMs(${id})`, id, () => vdso.clockGettimeMs(id), msNs);
    check(`clockGettimeInto(${id})`, id, () => {
      const out = vdso.clockGettimeInto(id, new OrigFloat64Array(2));
      return [out[0], out[1]];
    }, pairNs);
  }
  check('hrtime()', 1, () => vdso.hrtime(), pairNs);
  check('hrtime.bigint()', 1, () => vdso.hrtime.bigint(), exact);
  check('gettimeofday()', 0, () => vdso.gettimeofday(), (tv) => {
    const us = OrigBigInt(tv.sec) * 1_000_000n + OrigBigInt(tv.usec);
    return { lo: us * 1000n, hi: us * 1000n + 999n };
  });
  // The bound must contain the clock: earliest <= the reading after, latest >= the reading before.
  if (typeof vdso.boundedNow === 'function') {
    check('boundedNow()', 0, () => vdso.boundedNow(), (b) => {
      if (typeof b.earliest !== 'bigint' || typeof b.latest !== 'bigint' || b.earliest > b.latest) throw new Error('not a bound');
      return { lo: b.earliest, hi: b.latest };
    });
  }
  // time() is the kernel's coarse seconds (the time system call's too): bracketed by CLOCK_REALTIME_COARSE, not the fine clock.
  check('time()', 5, () => vdso.time(), (s) => ({ lo: OrigBigInt(s) * NS, hi: OrigBigInt(s) * NS + NS - 1n }));
  return problems;
}

module.exports = { detachBuffer, addonFiles, packageScripts, reachableModules, reach, writeEvery, collect, kernelOracle, judgeClocks };
