'use strict';
// pinoTime.* with the real pino package: every line parses, the times are in
// order, carry nanoseconds, and lie between two system-call readings of CLOCK_REALTIME.
const test = require('node:test');
const assert = require('node:assert/strict');
const pino = require('pino');
const { pinoTime, CLOCK_REALTIME } = require('..');
const { kernelNs } = require('./helpers/kernel-clock');

const LINES = 500;

// Logs LINES lines, reading CLOCK_REALTIME through the system call around each; returns [line, before, after] (ns).
function logLines(timestamp) {
  const lines = [];
  const logger = pino({ timestamp, base: null }, { write: (s) => lines.push(s) });
  const bounds = [];
  for (let i = 0; i < LINES; i++) {
    const before = kernelNs(CLOCK_REALTIME);
    logger.info({ i }, 'hello');
    bounds.push([before, kernelNs(CLOCK_REALTIME)]);
  }
  assert.equal(lines.length, LINES);
  return lines.map((line, i) => [line, ...bounds[i]]);
}

// Checks one variant; `nanos(line)` is the time as epoch nanoseconds (BigInt) from the raw text.
function check(timestamp, nanos) {
  let prev = -1n;
  let subMicro = 0;
  for (const [line, before, after] of logLines(timestamp)) {
    const parsed = JSON.parse(line);
    assert.equal(parsed.msg, 'hello');
    assert.equal(parsed.level, 30);
    assert.ok('time' in parsed);
    const ns = nanos(line);
    assert.ok(ns >= prev, `time went back: ${prev} then ${ns}`);
    prev = ns;
    assert.ok(before <= ns && ns <= after, `${line.trim()} not in [${before}, ${after}]`);
    if (ns % 1000n !== 0n) subMicro++;
  }
  // Nanosecond digits, not a millisecond clock padded with zeros.
  assert.ok(subMicro > 0, 'no time had digits below the microsecond');
}

test('pinoTime.epochTime: epoch milliseconds with a six-digit nanosecond fraction', () => {
  check(pinoTime.epochTime, (line) => {
    const m = line.match(/^\{"level":30,"time":(\d+)\.(\d{6}),/);
    assert.ok(m, line);
    // pino's own consumers read it as milliseconds.
    assert.ok(Math.abs(JSON.parse(line).time - Number(m[1])) <= 1);  // .9999995 may round up to the next integer
    return BigInt(m[1]) * 1_000_000n + BigInt(m[2]);
  });
});

test('pinoTime.epochTimeNs: integer epoch nanoseconds', () => {
  check(pinoTime.epochTimeNs, (line) => {
    const m = line.match(/^\{"level":30,"time":(\d{19}),/);
    assert.ok(m, line);
    return BigInt(m[1]);
  });
});

test('pinoTime.epochTimeNsString: integer epoch nanoseconds as a string, which survives JSON.parse', () => {
  check(pinoTime.epochTimeNsString, (line) => {
    const m = line.match(/^\{"level":30,"time":"(\d{19})",/);
    assert.ok(m, line);
    // The digits JSON.parse gives back are the digits written: BigInt reads them exactly.
    assert.equal(JSON.parse(line).time, m[1]);
    return BigInt(JSON.parse(line).time);
  });
  // The number form does not survive JSON.parse in JS: the control that makes the string form needed.
  const lossy = Array.from({ length: 50 }, () => pinoTime.epochTimeNs()).some((s) => {
    const text = s.slice(',"time":'.length);
    return BigInt(Math.round(JSON.parse(`{"t":${text}}`).t)) !== BigInt(text);
  });
  assert.ok(lossy, 'JSON.parse kept 19 digits: the string form would not be needed');
});

test('pinoTime.isoTime: ISO-8601 UTC with nine fraction digits', () => {
  check(pinoTime.isoTime, (line) => {
    const m = line.match(/^\{"level":30,"time":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{9})Z",/);
    assert.ok(m, line);
    const ms = Date.parse(`${m[1]}Z`);
    assert.ok(Number.isFinite(ms) && ms % 1000 === 0);
    // JS Date reads the same instant, to the millisecond.
    assert.equal(new Date(JSON.parse(line).time).getTime(), ms + Number(m[2].slice(0, 3)));
    return BigInt(ms) * 1_000_000n + BigInt(m[2]);
  });
});

test('the three variants agree with each other and with pino\'s own epochTime', () => {
  const stamps = [pino.stdTimeFunctions.epochTime(), pinoTime.epochTime(), pinoTime.epochTimeNs(), pinoTime.isoTime(), pino.stdTimeFunctions.epochTime()];
  const [pinoBefore, ms, ns, iso, pinoAfter] = stamps.map((s) => s.slice(',"time":'.length));
  assert.ok(stamps.every((s) => s.startsWith(',"time":')));
  const msNs = BigInt(ms.replace('.', ''));
  const nsNs = BigInt(ns);
  const isoM = iso.match(/^"(.*)\.(\d{9})Z"$/);
  const isoNs = BigInt(Date.parse(`${isoM[1]}Z`)) * 1_000_000n + BigInt(isoM[2]);
  assert.ok(BigInt(pinoBefore) * 1_000_000n <= msNs && msNs <= nsNs && nsNs <= isoNs);
  assert.ok(isoNs < (BigInt(pinoAfter) + 1n) * 1_000_000n);
});

// The variants share their formatted prefixes; epochTime updates its own
// inline. Called in turn across second boundaries, each must still follow the
// clock (a shared "this millisecond is formatted" mark once left isoTime's
// second stale).
test('the variants called in turn across second boundaries each stay between two system calls', () => {
  const isoNs = (s) => {
    const m = /^,"time":"(.{19})\.(\d{9})Z"$/.exec(s);
    assert.ok(m, s);
    return BigInt(Date.parse(`${m[1]}Z`)) * 1_000_000n + BigInt(m[2]);
  };
  const epochNs = (s) => {
    const m = /^,"time":(\d+)\.(\d{6})$/.exec(s);
    assert.ok(m, s);
    return BigInt(m[1]) * 1_000_000n + BigInt(m[2]);
  };
  const start = kernelNs(CLOCK_REALTIME);
  let seconds = 0;
  for (let i = 0; seconds < 2; i++) {
    for (const [fn, parse] of [[pinoTime.epochTime, epochNs], [pinoTime.isoTime, isoNs]]) {
      const before = kernelNs(CLOCK_REALTIME);
      const s = fn();
      const after = kernelNs(CLOCK_REALTIME);
      const ns = parse(s);
      assert.ok(before <= ns && ns <= after, `${s} not in [${before}, ${after}] (call ${i})`);
    }
    seconds = Number((kernelNs(CLOCK_REALTIME) - start) / 1_000_000_000n);
  }
});

test('pinoClockMixin(): every line says whether the clock is synchronized and never understates the kernel\'s maxerror', () => {
  const { pinoClockMixin, timeStatus } = require('..');
  const lines = [];
  const logger = pino({ base: null, mixin: pinoClockMixin() }, { write: (s) => lines.push(s) });
  const bounds = [];
  for (let i = 0; i < 200; i++) {
    const before = timeStatus().maxErrorUs;
    logger.info({ i }, 'hello');
    bounds.push([before, timeStatus()]);
  }
  lines.forEach((line, i) => {
    const { clock } = JSON.parse(line);
    const [before, after] = bounds[i];
    assert.equal(clock.synchronized, after.synchronized);
    // At least the kernel's bound when logged, at most one second of tolerance more.
    assert.ok(clock.maxErrorUs >= before && clock.maxErrorUs <= after.maxErrorUs + after.tolerancePpm, `line ${i}: ${clock.maxErrorUs} us, kernel ${before}..${after.maxErrorUs}`);
  });
});
