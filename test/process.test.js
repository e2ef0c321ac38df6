'use strict';
// Per-process facts: the base is randomized per execve and always resolves;
// VDSO_DISABLE=1 at load switches every function to the system call.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');

const root = require('node:path').join(__dirname, '..');
const probe = `const v=require(${JSON.stringify(root)});
process.stdout.write(JSON.stringify({base:v.info().base,backend:v.backend,t:v.clockGettimeNs(1).toString()}))`;

function run(env = {}) {
  return JSON.parse(execFileSync(process.execPath, ['-e', probe], { env: { ...process.env, ...env }, encoding: 'utf8' }));
}

test('five processes: five different bases, all resolved', () => {
  const runs = Array.from({ length: 5 }, () => run({ VDSO_DISABLE: '' }));
  const bases = new Set(runs.map((r) => r.base));
  assert.equal(bases.size, 5, [...bases].join(' '));
  for (const r of runs) {
    assert.match(r.base, /^0x[0-9a-f]+$/);
    for (const fn of ['clock_gettime', 'gettimeofday', 'clock_getres', 'time', 'getcpu']) {
      assert.equal(r.backend[fn].path, 'vdso', `${fn}: ${r.backend[fn].reason}`);
    }
  }
});

test('VDSO_DISABLE=1: every function uses the system call, and says why', () => {
  const r = run({ VDSO_DISABLE: '1' });
  for (const [fn, b] of Object.entries(r.backend)) {
    assert.equal(b.path, 'syscall', fn);
    assert.match(b.reason, fn === 'getrandom' ? /./ : /VDSO_DISABLE/);
  }
  assert.ok(BigInt(r.t) > 0n);
});
