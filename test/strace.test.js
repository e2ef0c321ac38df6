'use strict';
// Which calls reach the kernel, by strace: the vDSO path makes no
// clock_gettime/gettimeofday system call for our readings; VDSO_DISABLE=1 does.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { needs } = require('./helpers/system-tools');

const N = 10000;
const child = path.join(__dirname, 'helpers', 'call-clocks.js');

function traced(env) {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-strace-')), 'trace');
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=clock_gettime,gettimeofday', '-o', log,
    process.execPath, child, String(N)], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = fs.readFileSync(log, 'utf8').split('\n');
  return {
    out: JSON.parse(r.stdout),
    monotonic: lines.filter((l) => /clock_gettime(64)?\(CLOCK_MONOTONIC,/.test(l)).length,
    gettimeofday: lines.filter((l) => /gettimeofday\(/.test(l)).length,
  };
}

test('through the vDSO, no system call for 10,000 readings of each', (t) => {
  if (!needs(t, 'strace')) return;
  const trace = traced({ VDSO_DISABLE: '' });
  assert.equal(trace.out.path, 'vdso');
  // Node itself may read CLOCK_MONOTONIC through glibc, which uses the vDSO too.
  assert.ok(trace.monotonic < 100, `${trace.monotonic} CLOCK_MONOTONIC system calls`);
  assert.ok(trace.gettimeofday < 100, `${trace.gettimeofday} gettimeofday system calls`);
});

test('with VDSO_DISABLE=1 every reading is a system call', (t) => {
  if (!needs(t, 'strace')) return;
  const trace = traced({ VDSO_DISABLE: '1' });
  assert.equal(trace.out.path, 'syscall');
  assert.ok(trace.monotonic >= N, `${trace.monotonic} CLOCK_MONOTONIC system calls`);
  assert.ok(trace.gettimeofday >= N, `${trace.gettimeofday} gettimeofday system calls`);
});
