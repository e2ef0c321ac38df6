#!/usr/bin/env node
'use strict';
// getrandom through the vDSO against Node's crypto and the raw system call,
// in ns per call for 16, 32, 256 and 4096 bytes. Standalone:
//   node bench/random.js [--quick]
// prints a table and writes bench/random-results.json.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vdso = require(path.join(__dirname, '..'));
const { nativeNoop } = require('..');

const SIZES = [16, 32, 256, 4096];
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 5 : 21;
const ROUND_MS = quick ? 10 : 25;

// Into a buffer allocated once, and allocating a new one per call.
function cases(size) {
  const buf = Buffer.alloc(size);
  return [
    ['vdso getrandom(buf)', () => vdso.getrandom(buf)],
    ['getrandom syscall(buf)', () => vdso.getrandomSyscall(buf)],
    ['crypto.getRandomValues(buf)', () => crypto.getRandomValues(buf)],
    ['crypto.randomFillSync(buf)', () => crypto.randomFillSync(buf)],
    ['vdso randomBytes(n)', () => vdso.randomBytes(size)],
    ['crypto.randomBytes(n)', () => crypto.randomBytes(size)],
  ];
}

function timeLoop(fn, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - start);
}

// Calibrates a loop to about ROUND_MS, then takes the median of ROUNDS rounds.
function measure(fn) {
  timeLoop(fn, 1000);
  let n = 16;
  while (timeLoop(fn, n) < (ROUND_MS * 1e6) / 4) n *= 2;
  n *= 4;
  const perCall = [];
  for (let r = 0; r < ROUNDS; r++) perCall.push(timeLoop(fn, n) / n);
  perCall.sort((a, b) => a - b);
  return { median: perCall[perCall.length >> 1], min: perCall[0], iterations: n };
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ')).join('\n');
}

function main() {
  const results = [];
  for (const bytes of SIZES) {
    for (const [name, fn] of cases(bytes)) {
      const m = measure(fn);
      results.push({ bytes, name, nsPerCall: +m.median.toFixed(1), minNsPerCall: +m.min.toFixed(1), iterations: m.iterations, rounds: ROUNDS });
    }
  }
  const floor = measure(() => nativeNoop());
  const ns = (bytes, name) => results.find((r) => r.bytes === bytes && r.name === name).nsPerCall;
  const rows = [['ns/call (median)', ...SIZES.map((s) => `${s} B`)]];
  for (const [name] of cases(1)) rows.push([name, ...SIZES.map((s) => ns(s, name).toFixed(1))]);
  rows.push(['getRandomValues / vdso', ...SIZES.map((s) => `${(ns(s, 'crypto.getRandomValues(buf)') / ns(s, 'vdso getrandom(buf)')).toFixed(2)}x`)]);
  rows.push(['syscall / vdso', ...SIZES.map((s) => `${(ns(s, 'getrandom syscall(buf)') / ns(s, 'vdso getrandom(buf)')).toFixed(2)}x`)]);
  const cpu = os.cpus()[0];
  const b = vdso.backend.getrandom;
  process.stdout.write(
    `getrandom: ${b.path} (${b.reason})\n` +
      `Node ${process.version}, Linux ${os.release()} ${process.arch}, ${cpu ? cpu.model : 'unknown CPU'} x${os.cpus().length}\n\n` +
      `${table(rows)}\n\n` +
      `floor: an empty Node-API call costs ${floor.median.toFixed(1)} ns\n`,
  );
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    kernel: os.release(),
    arch: process.arch,
    cpu: cpu ? cpu.model : null,
    cpus: os.cpus().length,
    backend: b,
    method: `median of ${ROUNDS} rounds of a calibrated loop (about ${ROUND_MS} ms each), timed with process.hrtime.bigint()`,
    emptyCallNs: +floor.median.toFixed(1),
    results,
  };
  fs.writeFileSync(path.join(__dirname, 'random-results.json'), JSON.stringify(out, null, 2) + '\n');
}

main();
