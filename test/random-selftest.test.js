'use strict';
// The kernel's vdso_test_getrandom checks, from a child process under strace:
// 1000 calls of 1263 bytes each fill the whole buffer, and (where the vDSO has
// getrandom) none of them reaches the kernel. With VDSO_DISABLE=1 the same
// child must show all 1000 system calls: the control that the count can fail.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { needs } = require('./helpers/system-tools');
const { vdsoGetrandomSymbol } = require('./helpers/vdso-getrandom');

const CALLS = 1000;
const LEN = 1263;

const child = `
const vdso = require(${JSON.stringify(path.join(__dirname, '..'))});
const buf = Buffer.alloc(${LEN});
let zeros = 0, zeroTails = 0, wrongReturns = 0;
for (let i = 0; i < ${CALLS}; i++) {
  buf.fill(0);
  if (vdso.getrandom(buf) !== buf) wrongReturns++;
  for (const b of buf) if (b === 0) zeros++;
  if (buf.subarray(${LEN} - 16).every((b) => b === 0)) zeroTails++;
}
process.stdout.write(JSON.stringify({ path: vdso.backend.getrandom.path, state: vdso.getrandomInfo().path, zeros, zeroTails, wrongReturns }));
`;

function runTraced(env) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-strace-'));
  const log = path.join(dir, 'trace');
  try {
    // -ff: one file per thread (log.TID). With one shared file, a getrandom
    // that another thread's getrandom interrupts is split into "<unfinished
    // ...>" and "<... resumed>" lines (seen under Bun: 999 of 1000 counted).
    const out = execFileSync('strace', ['-ff', '-qq', '-e', 'trace=getrandom', '-o', log, process.execPath, '-e', child], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    const lines = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('trace.'))
      .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'));
    return { result: JSON.parse(out), syscalls: lines.filter((l) => /getrandom\(.*, 1263, [^)]*\) = /.test(l)) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function assertFullLength(result) {
  assert.equal(result.wrongReturns, 0);
  assert.equal(result.zeroTails, 0, 'some call left the end of its buffer unfilled');
  // A short fill would leave hundreds of zero bytes per call; random bytes are zero 1 time in 256.
  const expected = (CALLS * LEN) / 256;
  assert.ok(result.zeros < expected * 1.5, `${result.zeros} zero bytes, about ${expected} expected`);
}

test(`${CALLS} calls of ${LEN} bytes: full length, and no getrandom system call when the vDSO has getrandom`, (t) => {
  if (!needs(t, 'strace')) return;
  const { result, syscalls } = runTraced({ VDSO_DISABLE: '' });
  assertFullLength(result);
  if (vdsoGetrandomSymbol()) {
    assert.equal(result.path, 'vdso');
    assert.equal(result.state, 'vdso');
    assert.equal(syscalls.length, 0, `system calls made:\n${syscalls.slice(0, 3).join('\n')}`);
  } else {
    assert.equal(result.path, 'syscall');
    assert.equal(syscalls.length, CALLS);
  }
});

test('control: with VDSO_DISABLE=1 every call is a getrandom system call, and still fills', (t) => {
  if (!needs(t, 'strace')) return;
  const { result, syscalls } = runTraced({ VDSO_DISABLE: '1' });
  assertFullLength(result);
  assert.equal(result.path, 'syscall');
  assert.equal(result.state, 'syscall');
  assert.equal(syscalls.length, CALLS);
  assert.match(syscalls[0], /getrandom\(".*"\.\.\., 1263, 0\) = 1263/);
});
