'use strict';
// The kernel's rule for which clocks the vDSO serves, and the clocksource
// reading it rests on, checked on situations this machine may not be in.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { kernelRule } = require('../dist/cli/clock-rule');
const { readClocksource } = require('../dist/cli/clocksource');

// Reads a clocksource from a stand-in for the sysfs directory.
function withClocksource(current, available, check) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-cs-'));
  try {
    fs.writeFileSync(path.join(dir, 'current_clocksource'), current + '\n');
    fs.writeFileSync(path.join(dir, 'available_clocksource'), available + '\n');
    check(readClocksource(dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function context(clocksource, kernel = [6, 1]) {
  return { vdsoClockGettime: true, backendReason: '', clocksource, kernel };
}

test('hpet and acpi_pm have no vDSO mode: high-resolution and raw clocks go to the kernel, coarse ones do not', () => {
  for (const name of ['hpet', 'acpi_pm']) {
    withClocksource(name, 'tsc hpet acpi_pm', (cs) => {
      assert.deepEqual([cs.current, cs.vdsoMode], [name, false]);
      assert.deepEqual(cs.available, ['tsc', 'hpet', 'acpi_pm']);
      assert.match(cs.warning, new RegExp(`clocksource ${name} has no vDSO mode`));
      const ctx = context(cs);
      for (const id of [0, 1, 4, 7, 11]) assert.equal(kernelRule(id, ctx).verdict, 'kernel', `${name}, id ${id}`);
      for (const id of [5, 6]) assert.equal(kernelRule(id, ctx).verdict, 'vdso', `${name}, id ${id}`);
    });
  }
});

test('tsc serves every counter clock in user space; CPU-time, alarm and out-of-range ids still go to the kernel', () => {
  withClocksource('tsc', 'tsc hpet', (cs) => {
    const ctx = context(cs);
    assert.equal(ctx.clocksource.warning, null);
    for (const id of [0, 1, 4, 5, 6, 7, 11]) assert.equal(kernelRule(id, ctx).verdict, 'vdso', `id ${id}`);
    for (const id of [2, 3, 8, 9, 10, 12, 15, 16, 23, 24, 100, -1, -2, -6, -2147483648]) {
      assert.equal(kernelRule(id, ctx).verdict, 'kernel', `id ${id}`);
    }
    // Auxiliary clocks (16..23) exist since 6.17 and are computed by the vDSO like the others.
    const newer = context(ctx.clocksource, [6, 17]);
    assert.equal(kernelRule(16, newer).verdict, 'vdso');
    assert.equal(kernelRule(23, newer).verdict, 'vdso');
    assert.equal(kernelRule(24, newer).verdict, 'kernel');
  });
});

test('an unknown or unreadable clocksource leaves the counter clocks to the measurement', () => {
  withClocksource('some_new_timer', 'some_new_timer', (cs) => {
    const ctx = context(cs);
    assert.equal(ctx.clocksource.vdsoMode, null);
    assert.equal(kernelRule(1, ctx).verdict, 'unknown');
    assert.equal(kernelRule(2, ctx).verdict, 'kernel');
    assert.equal(kernelRule(6, ctx).verdict, 'vdso');
  });
  const gone = readClocksource(path.join(os.tmpdir(), 'vdso-no-such-dir'));
  assert.deepEqual([gone.current, gone.available, gone.vdsoMode], [null, [], null]);
  assert.match(gone.warning, /cannot read/);
});

test('without the vDSO clock_gettime, every clock goes to the kernel', () => {
  const ctx = { vdsoClockGettime: false, backendReason: 'VDSO_DISABLE=1', clocksource: { current: 'tsc', available: [], vdsoMode: true, warning: null }, kernel: [6, 1] };
  for (const id of [0, 1, 5, 6]) {
    const r = kernelRule(id, ctx);
    assert.equal(r.verdict, 'kernel');
    assert.match(r.reason, /VDSO_DISABLE=1/);
  }
});
