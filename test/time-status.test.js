'use strict';
// timeStatus() and boundedNow(): the kernel's clock discipline, read with
// clock_adjtime(CLOCK_REALTIME) and modes 0. The oracles: Debian's
// `adjtimex --print` (field for field), CLOCK_TAI - CLOCK_REALTIME through the
// system call, strace (the call sets nothing), another user, a seccomp filter.
// Nothing here changes this machine's clock discipline: known values are set
// only inside the architecture harness's VMs (test/arch).
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vdso = require('..');
const { needs } = require('./helpers/system-tools');
const { buildC } = require('./helpers/build-c');
const { runCli, runJson } = require('./helpers/cli');

const root = path.join(__dirname, '..');
const STA_UNSYNC = 0x40;
const STA_NANO = 0x2000;
const TIME_ERROR = 5;

// `adjtimex --print`: "     maxerror: 16000000" and " return value = 5".
function adjtimexPrint() {
  const r = spawnSync('adjtimex', ['--print'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const f = {};
  for (const line of r.stdout.split('\n')) {
    let m = /^\s*([a-z_]+):\s+(-?\d+)\s*$/.exec(line);
    if (m) f[m[1]] = Number(m[2]);
    m = /return value = (-?\d+)/.exec(line);
    if (m) f.return = Number(m[1]);
  }
  for (const k of ['mode', 'offset', 'frequency', 'maxerror', 'esterror', 'status', 'time_constant', 'precision', 'tolerance', 'tick', 'return'])
    assert.ok(Number.isInteger(f[k]), `adjtimex --print has no ${k}:\n${r.stdout}`);
  return f;
}

// A child Node running `code` with the package loaded as `vdso`; its last stdout line is JSON.
function child(code, { prefix = [], env = {}, pkg = root } = {}) {
  const script = `const vdso = require(${JSON.stringify(pkg)});
const attempt = (fn) => { try { return { ok: true, value: fn() } } catch (e) { return { ok: false, type: e.constructor.name, code: e.code, errno: e.errno, syscall: e.syscall, message: e.message } } };
const out = (${code})();
console.log(JSON.stringify(out, (_, x) => typeof x === 'bigint' ? String(x) : x));`;
  const argv = [...prefix, process.execPath, '-e', script];
  // In the package's directory: Node looks for a package.json from the working directory up, and
  // nobody may not enter the one npm test runs in (a clone under a mode-700 directory).
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', cwd: pkg, env: { ...process.env, ...env } });
  assert.equal(r.status, 0, `${argv.slice(0, prefix.length + 1).join(' ')}: exit ${r.status} ${r.signal ?? ''}\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

test('timeStatus() agrees with adjtimex --print field for field', (t) => {
  if (!needs(t, 'adjtimex')) return;
  const a = adjtimexPrint();
  const s = vdso.timeStatus();
  const b = adjtimexPrint();
  // Between the two readings only maxerror may move (the kernel's tolerance,
  // once a second), and the state with it should a daemon act; a retry then agrees.
  assert.equal(s.stateCode, a.return, 'return value');
  assert.equal(s.state, ['ok', 'insert-leap', 'delete-leap', 'leap-in-progress', 'leap-done', 'error'][a.return]);
  assert.equal(s.status.bits, a.status, 'status');
  assert.equal(s.offsetNs, a.status & STA_NANO ? a.offset : a.offset * 1000, 'offset');
  assert.equal(s.frequencyPpm, a.frequency / 65536, 'frequency');
  assert.equal(s.estErrorUs, a.esterror, 'esterror');
  assert.equal(s.timeConstant, a.time_constant, 'time_constant');
  assert.equal(s.precisionUs, a.precision, 'precision');
  assert.equal(s.tolerancePpm, a.tolerance / 65536, 'tolerance');
  assert.equal(s.tickUs, a.tick, 'tick');
  assert.ok(a.maxerror <= s.maxErrorUs && s.maxErrorUs <= b.maxerror, `maxerror ${s.maxErrorUs} not in adjtimex's ${a.maxerror}..${b.maxerror}`);
  // The derived fields, from the same bits.
  assert.equal(s.synchronized, !(a.status & STA_UNSYNC) && a.return !== TIME_ERROR);
  const names = ['STA_PLL', 'STA_PPSFREQ', 'STA_PPSTIME', 'STA_FLL', 'STA_INS', 'STA_DEL', 'STA_UNSYNC', 'STA_FREQHOLD', 'STA_PPSSIGNAL',
    'STA_PPSJITTER', 'STA_PPSWANDER', 'STA_PPSERROR', 'STA_CLOCKERR', 'STA_NANO', 'STA_MODE', 'STA_CLK'];
  assert.deepEqual(s.status.names, names.filter((_, i) => a.status & (1 << i)));
  assert.equal(s.leapSecond, a.status & 0x10 ? 'insert' : a.status & 0x20 ? 'delete' : null);
  t.diagnostic(`adjtimex --print: return ${a.return} status ${a.status} maxerror ${a.maxerror} esterror ${a.esterror} tick ${a.tick}; timeStatus(): ${JSON.stringify(s)}`);
});

test('taiOffset is CLOCK_TAI - CLOCK_REALTIME through the system call', () => {
  const { taiOffset } = vdso.timeStatus();
  const off = BigInt(taiOffset) * 1_000_000_000n;
  const a = vdso.syscalls.clockGettimeNs(vdso.CLOCK_REALTIME);
  const tai = vdso.syscalls.clockGettimeNs(vdso.CLOCK_TAI);
  const b = vdso.syscalls.clockGettimeNs(vdso.CLOCK_REALTIME);
  assert.ok(a + off <= tai && tai <= b + off, `CLOCK_TAI ${tai} is not CLOCK_REALTIME ${a}..${b} + ${taiOffset} s`);
});

test('boundedNow() brackets the system call\'s CLOCK_REALTIME by exactly the kernel\'s maxerror', () => {
  for (let i = 0; i < 50; i++) {
    // maxerror read on both sides: a second boundary between them adds the kernel's tolerance.
    const m0 = vdso.timeStatus().maxErrorUs;
    const a = vdso.syscalls.clockGettimeNs(vdso.CLOCK_REALTIME);
    const b = vdso.boundedNow();
    const c = vdso.syscalls.clockGettimeNs(vdso.CLOCK_REALTIME);
    const m1 = vdso.timeStatus().maxErrorUs;
    assert.equal(typeof b.earliest, 'bigint');
    const half = (b.latest - b.earliest) / 2n;
    assert.equal((b.latest - b.earliest) % 2n, 0n);
    assert.ok(half === BigInt(m0) * 1000n || half === BigInt(m1) * 1000n, `±${half} ns is neither maxerror ${m0} nor ${m1} us`);
    const mid = b.earliest + half;
    assert.ok(a <= mid && mid <= c, `the reading ${mid} is not between the system call's ${a} and ${c}`);
    assert.equal(b.synchronized, vdso.timeStatus().synchronized);
  }
});

test('the system call sets nothing: strace sees clock_adjtime(CLOCK_REALTIME, {modes=0, ...}) only', (t) => {
  if (!needs(t, 'strace')) return;
  const r = spawnSync('strace', ['-f', '-e', 'trace=adjtimex,clock_adjtime', process.execPath, '-e',
    `const v = require(${JSON.stringify(root)}); v.timeStatus(); v.boundedNow(); v.timeStatus();`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const calls = r.stderr.split('\n').filter((l) => /\b(adjtimex|clock_adjtime)\(/.test(l));
  assert.equal(calls.length, 3, r.stderr);
  for (const c of calls) assert.match(c, /clock_adjtime\(CLOCK_REALTIME, \{modes=0, /, c);
});

// The package as this process loaded it (package.json, dist/ and its addon),
// copied where any user can read it: a clone under /root is not.
function readableCopy(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-readable-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.chmodSync(dir, 0o755);
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  fs.cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
  if (vdso.loaded.path !== null) {
    const addon = path.join(dir, path.relative(root, vdso.loaded.path));
    fs.mkdirSync(path.dirname(addon), { recursive: true, mode: 0o755 });
    fs.copyFileSync(vdso.loaded.path, addon);
  }
  return dir;
}

test('an unprivileged user reads the same discipline', (t) => {
  if (!needs(t, 'setpriv')) return;
  if (process.getuid() !== 0) return t.skip('needs root to become nobody');
  const mine = vdso.timeStatus();
  const theirs = child(`() => ({ uid: process.getuid(), backend: vdso.loaded.backend, s: attempt(() => vdso.timeStatus()), b: attempt(() => vdso.boundedNow()) })`,
    { prefix: ['setpriv', '--reuid', 'nobody', '--regid', 'nogroup', '--clear-groups'], pkg: readableCopy(t) });
  assert.equal(theirs.backend, vdso.loaded.backend);
  assert.notEqual(theirs.uid, 0);
  assert.ok(theirs.s.ok, theirs.s.message);
  assert.ok(theirs.b.ok, theirs.b.message);
  const s = theirs.s.value;
  for (const k of ['synchronized', 'state', 'estErrorUs', 'taiOffset', 'tickUs', 'tolerancePpm']) assert.deepEqual(s[k], mine[k], k);
  assert.deepEqual(s.status, mine.status);
});

test('a seccomp filter denying the call: a typed EPERM, no crash, no made-up answer; the CLI says why', () => {
  const launcher = buildC('../seccomp/launcher.c');
  const denied = ['adjtimex', 'clock_adjtime', ...(process.arch === 'arm' ? ['clock_adjtime64'] : [])].join(',');
  const r = child(`() => ({ s: attempt(() => vdso.timeStatus()), b: attempt(() => vdso.boundedNow()), now: attempt(() => String(vdso.clockGettimeNs(0))) })`,
    { prefix: [launcher, denied] });
  for (const [name, a] of [['timeStatus', r.s], ['boundedNow', r.b]]) {
    assert.equal(a.ok, false, `${name} answered under the filter: ${JSON.stringify(a.value)}`);
    assert.equal(a.type, 'Error', name);
    assert.equal(a.code, 'EPERM', `${name}: ${a.message}`);
    assert.equal(a.errno, -1, name);
    assert.equal(a.syscall, 'clock_adjtime', name);
  }
  assert.ok(r.now.ok, 'the clocks still work');
  const cli = spawnSync(launcher, [denied, process.execPath, path.join(root, 'dist', 'cli.js'), 'info', '--json'], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  const wall = JSON.parse(cli.stdout).wallClock;
  assert.equal(wall.status, null);
  assert.equal(wall.bound, null);
  assert.equal(wall.error.code, 'EPERM');
});

test('the JS backend says why it cannot answer', () => {
  const r = child(`() => ({ s: attempt(() => vdso.timeStatus()), b: attempt(() => vdso.boundedNow()) })`, { env: { VDSO_BACKEND: 'js' } });
  for (const a of [r.s, r.b]) {
    assert.equal(a.ok, false);
    assert.equal(a.code, 'ERR_VDSO_UNAVAILABLE');
    assert.equal(a.syscall, 'clock_adjtime');
    assert.match(a.message, /clock_adjtime system call, which JS cannot make/);
  }
  const info = runJson(['info', '--json'], { env: { VDSO_BACKEND: 'js' } });
  assert.equal(info.wallClock.error.code, 'ERR_VDSO_UNAVAILABLE');
});

test('objects handed out are plain, with own data properties', () => {
  const s = vdso.timeStatus();
  assert.equal(Object.getPrototypeOf(s), Object.prototype);
  for (const k of Object.keys(s)) assert.ok('value' in Object.getOwnPropertyDescriptor(s, k), k);
  const b = vdso.boundedNow();
  assert.deepEqual(Object.keys(b), ['earliest', 'latest', 'synchronized']);
});

// What `vdso clocks` must say here follows from the oracles, not from a guess
// about this machine: not synchronized where adjtimex says STA_UNSYNC or
// TIME_ERROR, "CLOCK_TAI equals REALTIME" where the system call says so.
test('vdso clocks and vdso info say what the oracles say about this machine\'s wall clock', (t) => {
  if (!needs(t, 'adjtimex')) return;
  const a = adjtimexPrint();
  const unsynced = (a.status & STA_UNSYNC) !== 0 || a.return === TIME_ERROR;
  const r0 = vdso.syscalls.clockGettimeNs(vdso.CLOCK_REALTIME);
  const taiEqual = vdso.syscalls.clockGettimeNs(vdso.CLOCK_TAI) - r0 < 1_000_000_000n;
  for (const args of [['clocks', '--batches', '1'], ['info']]) {
    const r = runCli(args);
    assert.equal(r.status, 0, r.stderr);
    if (unsynced) assert.match(r.stdout, /^wall clock NOT synchronized: the kernel's bound is ±[\d.]+ (s|ms|us) /m, args[0]);
    else assert.match(r.stdout, /^wall clock synchronized: CLOCK_REALTIME within ±[\d.]+ (s|ms|us) /m, args[0]);
    if (taiEqual) assert.match(r.stdout, /^warning: CLOCK_TAI equals REALTIME here/m, args[0]);
    else assert.doesNotMatch(r.stdout, /CLOCK_TAI equals REALTIME/, args[0]);
    t.diagnostic(r.stdout.split('\n').filter((l) => /wall clock|CLOCK_TAI|leap/.test(l)).join(' | '));
  }
  const j = runJson(['clocks', '--json', '--batches', '1']).wallClock;
  assert.equal(j.status.synchronized, !unsynced);
  assert.equal(j.status.status.bits, a.status);
  assert.equal(j.warnings.some((w) => w.code === 'unsynchronized'), unsynced);
  assert.equal(j.warnings.some((w) => w.code === 'tai-equals-realtime'), taiEqual);
  assert.equal(j.bound.synchronized, !unsynced);
  const half = (BigInt(j.bound.latest) - BigInt(j.bound.earliest)) / 2n;
  assert.ok(half >= BigInt(j.status.maxErrorUs) * 1000n, `bound ±${half} ns narrower than maxerror ${j.status.maxErrorUs} us`);
});
