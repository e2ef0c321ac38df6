'use strict';
// Runs in the VM under that architecture's official Node binary: loads the
// package (argv[2], default /pkg/vdso) as installed, says which backend and
// path serve each function, and checks the clocks, getcpu and getrandom
// against the package's own system-call paths and Node's clocks.
// Lines: "@@node ..." for the harness, "ok   ..." / "FAIL ..." per check.
const t0 = process.hrtime.bigint();
let checks = 0;
let failures = 0;
function check(ok, what) {
  checks++;
  if (!ok) failures++;
  console.log(`${ok ? 'ok   ' : 'FAIL '} ${what}`);
}
const report = process.report && process.report.getReport ? process.report.getReport() : null;
const glibc = report && report.header ? report.header.glibcVersionRuntime : '?';
console.log(`@@node version=${process.version} arch=${process.arch} platform=${process.platform} glibc=${glibc} v8=${process.versions.v8}`);
check(true, `node ${process.version} (${process.arch}) runs; startup to here ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms of JS`);

const dir = process.argv[2] || '/pkg/vdso';
let vdso;
try {
  vdso = require(dir);
} catch (err) {
  console.log(`@@node-require-failed ${dir}: ${err && err.message}`);
  check(false, `require(${dir})`);
  console.log(`@@node-result checks=${checks} failures=${failures}`);
  process.exit(1);
}
console.log(`@@node-loaded backend=${vdso.loaded.backend} path=${vdso.loaded.path} reason=${vdso.loaded.reason}`);
for (const fn of Object.keys(vdso.backend)) {
  const b = vdso.backend[fn];
  console.log(`@@node-backend ${fn} ${b.path} ${b.reason}`);
}

// Each check runs alone: on the JS backend some functions do not exist
// (ERR_VDSO_UNAVAILABLE: TAI, getcpu, ...); those are reported "n/a", not failed.
function guarded(what, fn) {
  try {
    fn();
  } catch (err) {
    if (err && err.code === 'ERR_VDSO_UNAVAILABLE' && vdso.loaded.backend === 'js') console.log(`n/a   ${what}: ${err.message}`);
    else check(false, `${what} threw ${err && err.code ? err.code + ': ' : ''}${err && err.message}`);
  }
}
const nsBetween = (a, b, c) => a <= b && b <= c;
// The coarse ids too: on x86_64 and arm64 they are read from the vDSO data page with no call.
const CLOCKS = [['REALTIME', vdso.CLOCK_REALTIME], ['MONOTONIC', vdso.CLOCK_MONOTONIC], ['BOOTTIME', vdso.CLOCK_BOOTTIME], ['TAI', vdso.CLOCK_TAI],
  ['REALTIME_COARSE', vdso.CLOCK_REALTIME_COARSE], ['MONOTONIC_COARSE', vdso.CLOCK_MONOTONIC_COARSE]];
for (const [name, id] of CLOCKS) guarded(`clockGettimeNs(${name})`, () => {
  let ok = true;
  let a = 0n, b = 0n, c = 0n;
  for (let i = 0; i < 200 && ok; i++) {
    a = vdso.syscalls.clockGettimeNs(id);
    b = vdso.clockGettimeNs(id);
    c = vdso.syscalls.clockGettimeNs(id);
    ok = nsBetween(a, b, c);
  }
  check(ok, `clockGettimeNs(${name}) between two system calls over 200 rounds (${a} <= ${b} <= ${c})`);
});
guarded('hrtime.bigint()', () => {
  const a = process.hrtime.bigint();
  const b = vdso.hrtime.bigint();
  const c = process.hrtime.bigint();
  check(nsBetween(a, b, c), `hrtime.bigint() between two process.hrtime.bigint() (${a} <= ${b} <= ${c})`);
});
// Each bracketed by the same clock through the system call, read before and after.
guarded('clockGettimeMs(REALTIME)', () => {
  const a = vdso.syscalls.clockGettimeMs(vdso.CLOCK_REALTIME);
  const ms = vdso.clockGettimeMs(vdso.CLOCK_REALTIME);
  const b = vdso.syscalls.clockGettimeMs(vdso.CLOCK_REALTIME);
  check(a <= ms && ms <= b, `clockGettimeMs(REALTIME) ${ms} between two system calls (${a}..${b})`);
});
guarded('clockGetres(MONOTONIC)', () => {
  const [s, ns] = vdso.clockGetres(vdso.CLOCK_MONOTONIC);
  const [s2, ns2] = vdso.syscalls.clockGetres(vdso.CLOCK_MONOTONIC);
  check(s === s2 && ns === ns2, `clockGetres(MONOTONIC) ${s}.${ns} equals the system call's ${s2}.${ns2}`);
});
guarded('gettimeofday()', () => {
  const us = (tv) => tv.sec * 1e6 + tv.usec;
  const a = vdso.syscalls.gettimeofday();
  const tv = vdso.gettimeofday();
  const b = vdso.syscalls.gettimeofday();
  check(us(a) <= us(tv) && us(tv) <= us(b), `gettimeofday() ${tv.sec}.${tv.usec} between two system calls`);
});
guarded('time()', () => {
  const a = vdso.syscalls.time();
  const t = vdso.time();
  const b = vdso.syscalls.time();
  check(a <= t && t <= b, `time() ${t} between two system calls (${a}..${b})`);
});
guarded('clockGettime(12345)', () => {
  let err = null;
  try {
    vdso.clockGettime(12345);
  } catch (e) {
    err = e;
  }
  if (err && err.code === 'ERR_VDSO_UNAVAILABLE') throw err;
  check(err && err.code === 'EINVAL', `clockGettime(12345) throws EINVAL (${err && err.code})`);
});
guarded('getcpu()', () => {
  const cpu = vdso.getcpu();
  const sys = vdso.syscalls.getcpu();
  check(Number.isInteger(cpu.cpu) && cpu.node === sys.node, `getcpu() cpu ${cpu.cpu} node ${cpu.node} (system call: cpu ${sys.cpu} node ${sys.node})`);
});
if (typeof vdso.getrandom === 'function') guarded('getrandom', () => {
  const buf = Buffer.alloc(1 << 20);
  vdso.getrandom(buf);
  let zeros = 0;
  for (const x of buf) zeros += x === 0;
  check(zeros < buf.length / 100, `getrandom(1 MiB) via ${vdso.backend.getrandom.path}: ${zeros} zero bytes`);
  const r = vdso.randomBytes(32);
  check(r.length === 32, `randomBytes(32) ${r.toString('hex')}`);
});
console.log(`@@node-result checks=${checks} failures=${failures} ms=${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)}`);
process.exit(failures ? 1 : 0);
