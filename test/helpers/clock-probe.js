'use strict';
// Runs a Node child (under valgrind, a seccomp launcher, `unshare --time`...)
// that loads the package, calls every clock form through both paths, and
// reports as JSON what it saw; the environment tests assert on the report.
// Loading this module does nothing, so the test runner may run it as a file.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

// Runs inside the child; must be self-contained.
function probe(pkgPath) {
  const fs = require('node:fs');
  const vdso = require(pkgPath);
  const plain = (v) => JSON.parse(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x)) ?? 'null');
  const attempt = (fn) => {
    try {
      return { ok: true, value: plain(fn()) };
    } catch (e) {
      return { ok: false, type: e?.constructor?.name, code: e?.code, errno: e?.errno, syscall: e?.syscall, message: String(e?.message) };
    }
  };
  const ns = (r) => (r.ok ? BigInt(r.value.slice(0, -1)) : null);
  const C = vdso.ClockId;

  // AT_SYSINFO_EHDR (33) in this process's auxiliary vector: the kernel's
  // word on whether a vDSO is mapped (valgrind rewrites it to AT_IGNORE).
  const auxv = fs.readFileSync('/proc/self/auxv');
  let auxvVdso = false;
  for (let i = 0; i + 16 <= auxv.length; i += 16) if (auxv.readBigUInt64LE(i) === 33n) auxvVdso = true;

  const forms = {};
  for (const [label, api] of [['vdso', vdso], ['syscalls', vdso.syscalls]]) {
    forms[label] = {
      clockGettime: attempt(() => api.clockGettime(C.MONOTONIC)),
      clockGettimeNs: attempt(() => api.clockGettimeNs(C.MONOTONIC)),
      clockGettimeMs: attempt(() => api.clockGettimeMs(C.MONOTONIC)),
      clockGettimeInto: attempt(() => Array.from(api.clockGettimeInto(C.MONOTONIC, new Float64Array(2)))),
      clockGetres: attempt(() => api.clockGetres(C.MONOTONIC)),
      gettimeofday: attempt(() => api.gettimeofday()),
      time: attempt(() => api.time()),
      getcpu: attempt(() => api.getcpu()),
    };
  }
  forms.vdso.hrtime = attempt(() => vdso.hrtime());
  forms.vdso.hrtimeBigint = attempt(() => vdso.hrtime.bigint());
  forms.vdso.now = attempt(() => vdso.now());

  // Every clock id (and two the kernel refuses) through both paths, with the
  // system call on both sides of the package's reading.
  const clocks = {};
  for (const id of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 99, -1]) {
    const before = attempt(() => vdso.syscalls.clockGettimeNs(id));
    const ours = attempt(() => vdso.clockGettimeNs(id));
    const after = attempt(() => vdso.syscalls.clockGettimeNs(id));
    clocks[id] = {
      before, ours, after,
      ordered: before.ok && ours.ok && after.ok ? ns(before) <= ns(ours) && ns(ours) <= ns(after) : null,
      res: attempt(() => vdso.clockGetres(id)),
      sysRes: attempt(() => vdso.syscalls.clockGetres(id)),
    };
  }

  // gettimeofday between two system calls of itself.
  const tvUs = (r) => (r.ok ? BigInt(r.value.sec) * 1_000_000n + BigInt(r.value.usec) : null);
  const tod = [attempt(() => vdso.syscalls.gettimeofday()), attempt(() => vdso.gettimeofday()), attempt(() => vdso.syscalls.gettimeofday())];
  const gettimeofday = { readings: tod, ordered: tod.every((r) => r.ok) ? tvUs(tod[0]) <= tvUs(tod[1]) && tvUs(tod[1]) <= tvUs(tod[2]) : null };

  // Node's own clocks (libuv and V8 through glibc) around ours.
  const n0 = process.hrtime.bigint();
  const mono = attempt(() => vdso.clockGettimeNs(C.MONOTONIC));
  const n1 = process.hrtime.bigint();
  const d0 = Date.now();
  const real = attempt(() => vdso.clockGettimeMs(C.REALTIME));
  const d1 = Date.now();
  const nodeClocks = {
    monotonicOrdered: mono.ok ? n0 <= ns(mono) && ns(mono) <= n1 : null,
    monotonic: [`${n0}n`, mono, `${n1}n`],
    // 1 ms of slack for the float rounding of sec * 1e3 + nsec / 1e6.
    realtimeOrdered: real.ok ? real.value >= d0 - 1 && real.value <= d1 + 1 : null,
    realtime: [d0, real, d1],
  };

  const info = attempt(() => {
    const i = vdso.info();
    return { present: i.present, base: i.base, disabled: i.disabled, problem: i.problem ?? null, hostAbi: i.hostAbi, symbols: i.symbols?.length ?? null };
  });
  const backend = Object.fromEntries(Object.entries(vdso.backend).map(([k, v]) => [k, { path: v.path, reason: v.reason }]));
  return {
    pid: process.pid, auxvVdso, info, backend, forms, clocks, gettimeofday, nodeClocks,
    dump: attempt(() => vdso.dump()?.length ?? null),
    liveLookup: attempt(() => vdso.lookup('__vdso_clock_gettime', 'LINUX_2.6')),
  };
}

/**
 * Runs the probe in `node`, prefixed by `prefix` (e.g. ['valgrind', '--tool=none']).
 * Returns { report, status, stderr }; report is null if the child printed none.
 */
function runProbe({ prefix = [], env = {}, timeout = 120_000 } = {}) {
  const code = `process.stdout.write(JSON.stringify((${probe})(${JSON.stringify(root)})))`;
  const cmd = [...prefix, process.execPath, '-e', code];
  const r = spawnSync(cmd[0], cmd.slice(1), {
    encoding: 'utf8',
    timeout,
    maxBuffer: 16 << 20,
    env: { ...process.env, ...env },
  });
  let report = null;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    // left null: the caller shows stderr
  }
  return { report, status: r.status, signal: r.signal, stderr: r.stderr, error: r.error };
}

/** Nanoseconds of an `{ ok, value: '123n' }` attempt. */
function nsOf(attempt) {
  return attempt && attempt.ok ? BigInt(attempt.value.slice(0, -1)) : null;
}

module.exports = { runProbe, nsOf, root };
