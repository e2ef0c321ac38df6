'use strict';
// The checks of the kernel's tools/testing/selftests/vDSO, from JavaScript:
// vdso_test_correctness (EINVAL agreement and syscall <= vDSO <= syscall
// ordering) and vdso_test_abi (clock_getres equals the system call's).
const test = require('node:test');
const assert = require('node:assert/strict');
const vdso = require('..');

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const ids = [...Array(12).keys(), -1, INT_MIN, INT_MAX];

function errnoOf(fn) {
  try {
    return { value: fn(), code: null };
  } catch (e) {
    assert.ok(typeof e.code === 'string' && e.code.startsWith('E'), `unexpected error ${e}`);
    return { value: null, code: e.code };
  }
}

for (const id of ids) {
  test(`clock_gettime(${id}): same error as the system call, else ordered between two`, () => {
    const before = errnoOf(() => vdso.syscalls.clockGettimeNs(id));
    const ours = errnoOf(() => vdso.clockGettimeNs(id));
    const after = errnoOf(() => vdso.syscalls.clockGettimeNs(id));
    assert.equal(ours.code, before.code, `vDSO ${ours.code} vs syscall ${before.code}`);
    if (before.code) {
      assert.equal(after.code, before.code);
      return;
    }
    assert.ok(before.value <= ours.value, `syscall ${before.value} > vDSO ${ours.value}`);
    assert.ok(ours.value <= after.value, `vDSO ${ours.value} > syscall ${after.value}`);

    // The other forms read the same clock.
    const [s, ns] = vdso.clockGettime(id);
    const into = vdso.clockGettimeInto(id, new Float64Array(2));
    const last = vdso.syscalls.clockGettimeNs(id);
    const asNs = (sec, nsec) => BigInt(sec) * 1_000_000_000n + BigInt(nsec);
    assert.ok(after.value <= asNs(s, ns) && asNs(s, ns) <= asNs(into[0], into[1]) && asNs(into[0], into[1]) <= last);
  });

  test(`clock_getres(${id}) equals the system call's`, () => {
    const sys = errnoOf(() => vdso.syscalls.clockGetres(id));
    const ours = errnoOf(() => vdso.clockGetres(id));
    assert.deepEqual(ours, sys);
  });
}

test('an EINVAL carries Node-style fields', () => {
  const err = errnoOf(() => vdso.syscalls.clockGettime(INT_MAX));
  assert.equal(err.code, 'EINVAL', 'the kernel rejects INT_MAX');
  assert.throws(() => vdso.clockGettime(INT_MAX), (e) => {
    assert.equal(e.code, 'EINVAL');
    assert.equal(e.errno, -22);
    assert.equal(e.syscall, 'clock_gettime');
    assert.equal(e.clockId, INT_MAX);
    assert.match(e.message, /^EINVAL: invalid argument, clock_gettime/);
    return true;
  });
});

test('gettimeofday is ordered between two system calls', () => {
  for (let i = 0; i < 1000; i++) {
    const a = vdso.syscalls.gettimeofday();
    const b = vdso.gettimeofday();
    const c = vdso.syscalls.gettimeofday();
    const us = (t) => t.sec * 1e6 + t.usec;
    assert.ok(Number.isInteger(b.sec) && b.usec >= 0 && b.usec < 1e6);
    assert.ok(us(a) <= us(b) && us(b) <= us(c), `${us(a)} ${us(b)} ${us(c)}`);
  }
});

test('time() is between two system calls and > 0', () => {
  const a = vdso.syscalls.time();
  const b = vdso.time();
  const c = vdso.syscalls.time();
  assert.ok(a > 0 && a <= b && b <= c);
});

test('getcpu() names a CPU this process may run on, like the system call', () => {
  const { cpu, node } = vdso.getcpu();
  const sys = vdso.syscalls.getcpu();
  const cpus = require('node:os').cpus().length;
  assert.ok(Number.isInteger(cpu) && cpu >= 0 && cpu < cpus);
  assert.ok(Number.isInteger(node) && node >= 0);
  assert.equal(node, sys.node);
});
