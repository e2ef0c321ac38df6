'use strict';
// Our version-checked lookup against glibc's dlvsym() on the live vDSO. The
// two run in different processes (the base is randomized), so both are
// compared as offsets from their own process's AT_SYSINFO_EHDR.
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const vdso = require('..');
const { buildC } = require('./helpers/build-c');

const live = vdso.info();
const offset = (addr) => (addr === null ? null : Number(BigInt(addr) - BigInt(live.base)));

function oracle(specs) {
  const exe = buildC('dlvsym-oracle.c', ['-ldl']);
  return JSON.parse(execFileSync(exe, specs, { encoding: 'utf8' }));
}

test('the live vDSO is present and versioned', () => {
  assert.equal(live.present, true);
  assert.ok(live.symbols.length > 0);
  assert.ok(live.versions.length > 0);
});

test('every defined symbol resolves where dlvsym says', () => {
  const specs = live.symbols.map((s) => `${s.name}@${s.version ?? ''}`);
  const glibc = oracle(specs);
  assert.equal(glibc.handle, true, 'glibc knows linux-vdso.so.1');
  let functions = 0;
  for (const s of live.symbols) {
    const spec = `${s.name}@${s.version ?? ''}`;
    const ours = offset(vdso.lookup(s.name, s.version));
    assert.equal(ours, glibc.symbols[spec], `${spec}: ours ${ours}, dlvsym ${glibc.symbols[spec]}`);
    if (ours !== null) {
      functions++;
      // info() reports the same address as the lookup.
      assert.equal(offset(s.address), ours, `${spec} address in info()`);
    }
  }
  assert.ok(functions >= 5, `only ${functions} functions resolved`);
});

test('a wrong version finds nothing, for us and for dlvsym', () => {
  const names = live.symbols.filter((s) => s.type === 'FUNC').map((s) => s.name);
  for (const bad of ['LINUX_2.5', 'LINUX_9.9', 'LINUX_2.6.1']) {
    const glibc = oracle(names.map((n) => `${n}@${bad}`));
    for (const n of names) {
      assert.equal(vdso.lookup(n, bad), null, `${n}@${bad} found by us`);
      assert.equal(glibc.symbols[`${n}@${bad}`], null, `${n}@${bad} found by dlvsym`);
    }
  }
});

test('each function the package calls resolves at the ABI version dlvsym agrees with', () => {
  const entries = Object.entries(vdso.backend).filter(([, b]) => b.symbol);
  const glibc = oracle(entries.map(([, b]) => `${b.symbol}@${b.version}`));
  for (const [fn, b] of entries) {
    const expected = glibc.symbols[`${b.symbol}@${b.version}`];
    assert.equal(offset(b.address), expected, `${fn}: ${b.symbol}@${b.version}`);
    if (expected !== null && fn !== 'getrandom') assert.equal(b.path, 'vdso', `${fn}: ${b.reason}`);
  }
});
