'use strict';
// Runs in the VM after the probe's --timex step set known values into the
// guest kernel's clock discipline (maxerror 123456 us growing by 500 us/s,
// esterror 4321 us, STA_INS with STA_UNSYNC clear, TAI offset 37, frequency
// -12.5 ppm). Checks the package's timeStatus(), boundedNow() and `vdso
// clocks` against those values, Debian's `adjtimex --print` (field for
// field) and glibc's reading printed by the probe (`vdso_probe --timex-read`).
// Lines: "ok   ..." / "FAIL ..." per check, "@@node-result ..." at the end.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

let checks = 0;
let failures = 0;
function check(ok, what) {
  checks++;
  if (!ok) failures++;
  console.log(`${ok ? 'ok   ' : 'FAIL '} ${what}`);
}
const dir = process.argv[2] || '/pkg/vdso';
const KNOWN = { maxErrorUs: 123456, estErrorUs: 4321, taiOffset: 37, freq: -819200 };
const STA_NANO = 0x2000;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 600000 });
  return { ok: r.status === 0, out: r.stdout || '', err: (r.stderr || '') + (r.error ? String(r.error) : '') };
}

// `adjtimex --print`: "     maxerror: 16000000" lines and " return value = 5".
function adjtimexPrint() {
  const r = run('/bin/adjtimex', ['--print']);
  if (!r.ok) return null;
  const f = {};
  for (const line of r.out.split('\n')) {
    let m = /^\s*([a-z_]+):\s+(-?\d+)\s*$/.exec(line);
    if (m) f[m[1]] = Number(m[2]);
    m = /return value = (-?\d+)/.exec(line);
    if (m) f.return = Number(m[1]);
  }
  return f;
}

// glibc's reading through the static probe: "@@timex-raw read state=1 status=.. tai=37".
function probeRead() {
  const r = run('/bin/vdso_probe', ['--timex-read']);
  const line = r.out.split('\n').find((l) => l.startsWith('@@timex-raw'));
  if (!line) return null;
  return Object.fromEntries([...line.matchAll(/(\w+)=(-?\d+)/g)].map((m) => [m[1], Number(m[2])]));
}

const fs = require('node:fs');
function clocksource() {
  try {
    return fs.readFileSync('/sys/devices/system/clocksource/clocksource0/current_clocksource', 'utf8').trim();
  } catch {
    return '?';
  }
}
// The kernel's messages about clocksources and the TSC, from /dev/kmsg (read without blocking).
function kernelLog() {
  const lines = [];
  let fd = -1;
  try {
    fd = fs.openSync('/dev/kmsg', fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const buf = Buffer.alloc(8192);
    for (let i = 0; i < 100000; i++) {
      let n;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        if (e.code === 'EPIPE') continue;  // a record overwritten while reading
        break;  // EAGAIN: the end
      }
      const text = buf.toString('utf8', 0, n);
      if (/clocksource|tsc|watchdog/i.test(text)) lines.push(text.split(';').slice(1).join(';').trim());
    }
  } catch {
    // no /dev/kmsg
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
  return lines;
}

let vdso;
try {
  vdso = require(dir);
} catch (err) {
  console.log(`@@node-require-failed ${dir}: ${err && err.message}`);
  console.log(`@@node-result checks=0 failures=1`);
  process.exit(1);
}
console.log(`@@node-loaded backend=${vdso.loaded.backend} path=${vdso.loaded.path} reason=${vdso.loaded.reason}`);

function guarded(what, fn) {
  try {
    fn();
  } catch (err) {
    check(false, `${what} threw ${err && err.code ? err.code + ': ' : ''}${err && err.message}`);
  }
}

guarded('timeStatus() against adjtimex --print', () => {
  const a = adjtimexPrint();
  const s = vdso.timeStatus();
  const b = adjtimexPrint();
  check(a && b, `adjtimex --print ran (${a ? 'ok' : 'failed'})`);
  if (!a || !b) return;
  console.log(`@@time-status ${JSON.stringify(s)}`);
  const nano = (a.status & STA_NANO) !== 0;
  const fields = [
    ['return value', s.stateCode, a.return],
    ['status', s.status.bits, a.status],
    ['offset', s.offsetNs, a.offset * (nano ? 1 : 1000)],
    ['frequency', s.frequencyPpm * 65536, a.frequency],
    ['esterror', s.estErrorUs, a.esterror],
    ['time_constant', s.timeConstant, a.time_constant],
    ['precision', s.precisionUs, a.precision],
    ['tolerance', s.tolerancePpm * 65536, a.tolerance],
    ['tick', s.tickUs, a.tick],
  ];
  for (const [name, ours, theirs] of fields) check(ours === theirs, `timeStatus() ${name} ${ours} = adjtimex --print's ${theirs}`);
  check(a.maxerror <= s.maxErrorUs && s.maxErrorUs <= b.maxerror, `timeStatus().maxErrorUs ${s.maxErrorUs} between adjtimex --print's ${a.maxerror}..${b.maxerror}`);
});

guarded('timeStatus() against the probe (glibc) and the known values', () => {
  const g = probeRead();
  const s = vdso.timeStatus();
  const g2 = probeRead();
  check(g && g2, 'vdso_probe --timex-read printed glibc\'s reading');
  if (!g || !g2) return;
  check(s.taiOffset === g.tai && s.status.bits === g.status && s.stateCode === g.state && s.frequencyPpm * 65536 === g.freq && s.estErrorUs === g.esterror,
    `timeStatus() tai ${s.taiOffset} status ${s.status.bits} state ${s.stateCode} freq ${s.frequencyPpm} ppm esterror ${s.estErrorUs} = glibc's ${g.tai} ${g.status} ${g.state} ${g.freq} ${g.esterror}`);
  check(g.maxerror <= s.maxErrorUs && s.maxErrorUs <= g2.maxerror, `maxErrorUs ${s.maxErrorUs} between glibc's ${g.maxerror}..${g2.maxerror}`);
  check(s.synchronized === true && s.state === 'insert-leap' && s.leapSecond === 'insert', `synchronized ${s.synchronized}, state ${s.state}, leapSecond ${s.leapSecond}`);
  check(s.status.names.includes('STA_INS') && !s.status.names.includes('STA_UNSYNC'), `status names ${s.status.names.join(' ')}`);
  check(s.estErrorUs === KNOWN.estErrorUs && s.taiOffset === KNOWN.taiOffset && s.frequencyPpm === KNOWN.freq / 65536,
    `estErrorUs ${s.estErrorUs}, taiOffset ${s.taiOffset}, frequencyPpm ${s.frequencyPpm}: the values set`);
  check(s.maxErrorUs >= KNOWN.maxErrorUs && s.maxErrorUs < KNOWN.maxErrorUs + 500 * 3600, `maxErrorUs ${s.maxErrorUs}: the ${KNOWN.maxErrorUs} set plus 500 us a second since`);
});

guarded('CLOCK_TAI - CLOCK_REALTIME', () => {
  const a = vdso.syscalls.clockGettimeNs(vdso.CLOCK_REALTIME);
  const t = vdso.syscalls.clockGettimeNs(vdso.CLOCK_TAI);
  const b = vdso.syscalls.clockGettimeNs(vdso.CLOCK_REALTIME);
  const off = BigInt(vdso.timeStatus().taiOffset) * 1000000000n;
  check(a + off <= t && t <= b + off, `CLOCK_TAI ${t} = CLOCK_REALTIME ${a}..${b} + taiOffset (${off} ns), through the system call`);
});

guarded('boundedNow()', () => {
  // maxerror read on both sides: a second boundary between adds 500 us.
  const m0 = vdso.timeStatus().maxErrorUs;
  const a = vdso.syscalls.clockGettimeNs(vdso.CLOCK_REALTIME);
  const bound = vdso.boundedNow();
  const c = vdso.syscalls.clockGettimeNs(vdso.CLOCK_REALTIME);
  const m1 = vdso.timeStatus().maxErrorUs;
  const half = (bound.latest - bound.earliest) / 2n;
  const mid = bound.earliest + half;
  check([m0, m1].some((m) => half === BigInt(m) * 1000n), `boundedNow() is ±${half} ns: the kernel's maxerror (${m0}..${m1} us) exactly`);
  check(a <= mid && mid <= c, `boundedNow()'s reading ${mid} between the system call's CLOCK_REALTIME ${a}..${c}`);
  check(bound.synchronized === true, `boundedNow().synchronized ${bound.synchronized}`);
});

guarded('vdso clocks', () => {
  const cli = path.join(dir, 'dist', 'cli.js');
  const j = run(process.execPath, [cli, 'clocks', '--json', '--batches', '1']);
  check(j.ok, `vdso clocks --json exits 0${j.ok ? '' : ': ' + j.err.split('\n')[0]}`);
  if (!j.ok) return;
  const w = JSON.parse(j.out).wallClock;
  check(w.status !== null, `clocks --json wallClock.status${w.error ? ': ' + w.error.code + ' ' + w.error.message : ''}`);
  if (w.status === null) return;
  const codes = w.warnings.map((x) => x.code);
  check(w.status && w.status.synchronized && w.status.taiOffset === 37 && w.status.leapSecond === 'insert',
    `clocks --json wallClock: synchronized ${w.status && w.status.synchronized}, taiOffset ${w.status && w.status.taiOffset}, leapSecond ${w.status && w.status.leapSecond}`);
  // The bound is read just after the status: maxerror may have grown by one second's 500 us between.
  const width = w.bound ? BigInt(w.bound.latest) - BigInt(w.bound.earliest) : -1n;
  const m = BigInt(w.status.maxErrorUs);
  check(w.bound && w.bound.synchronized && (width === m * 2000n || width === (m + 500n) * 2000n),
    `clocks --json bound ${w.bound && w.bound.earliest}..${w.bound && w.bound.latest}: ±${width / 2n} ns, the maxerror of ${m} us`);
  check(codes.includes('leap-second') && !codes.includes('tai-equals-realtime') && !codes.includes('unsynchronized'), `clocks --json warnings: ${codes.join(', ')}`);
  check(Math.abs(w.taiMinusRealtimeNs - 37e9) < 1e9, `clocks --json taiMinusRealtimeNs ${w.taiMinusRealtimeNs}`);
  const before = vdso.timeStatus();
  const t = run(process.execPath, [cli, 'clocks', '--batches', '1']);
  const after = vdso.timeStatus();
  // The kernel itself resets the discipline (ntp_clear: STA_UNSYNC, maxerror 16 s) when it
  // changes clocksource; say so rather than blame the package.
  if (before.synchronized && !after.synchronized) {
    check(false, `the kernel cleared the discipline during vdso clocks (maxerror ${after.maxErrorUs} us, ${after.status.names.join(' ')}; clocksource ${clocksource()}): ${kernelLog().join(' | ') || 'no kernel message'}`);
  }
  const lines = t.out.split('\n').filter((l) => /wall clock|warning: a leap|CLOCK_TAI/.test(l));
  for (const l of lines) console.log(`@@clocks-text ${l}`);
  const text = lines.join('\n');
  check(t.ok && /wall clock synchronized: CLOCK_REALTIME within ±\d/.test(text) && /TAI offset 37 s/.test(text) && /leap second is pending/.test(text) && !/CLOCK_TAI equals REALTIME/.test(text),
    'vdso clocks says synchronized, the bound, TAI offset 37 s and the pending leap second');
});

console.log(`@@time-status-clocksource ${clocksource()}`);
for (const l of kernelLog()) console.log(`@@kmsg ${l}`);
console.log(`@@node-result checks=${checks} failures=${failures}`);
process.exit(failures ? 1 : 0);
