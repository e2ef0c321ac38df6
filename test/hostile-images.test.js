'use strict';
// Hostile images cost what the reader's caps allow, not what their size
// allows: every path (lookup, inspect, the CLI) applies the same caps, which
// no real vDSO comes near, and the CLI prints whatever table it is handed.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const vdso = require('..');
const { buildImage, symbolsFilling } = require('./helpers/elf-builder');

const MiB = 1024 * 1024;
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
// The most symbols any path accepts (native/elf_image.cc kMaxSymbols), table index 0 included.
const MAX_SYMBOLS = 1 << 16;

function rejection(fn) {
  try {
    fn();
  } catch (e) {
    assert.equal(e.code, 'ERR_VDSO_INVALID_IMAGE', String(e));
    return e.check;
  }
  return null;
}

test('the builder makes images the reader reads: both tables find their symbol', () => {
  for (const table of ['sysv', 'gnu']) {
    const image = buildImage({ table, symbols: 10 });
    assert.equal(vdso.inspect(image).symbols.length, 10, table);
    assert.equal(vdso.lookup('x', null, image), 0, table);
    assert.equal(vdso.lookup('y', null, image), null, table);
  }
});

test('a 64 MiB SysV-only image whose chain loops: lookup() and inspect() refuse it by the same cap', () => {
  const image = buildImage({ table: 'sysv', symbols: 10, size: 64 * MiB, sysvLoop: true, nchain: 64 * MiB });
  const byLookup = rejection(() => vdso.lookup('no_such_symbol', null, image));
  const byInspect = rejection(() => vdso.inspect(image));
  assert.ok(byLookup !== null && byInspect !== null);
  // The same check on both paths: the table's size against the cap, before any walk.
  assert.equal(byLookup, byInspect);
  // A loop inside the cap is still a loop.
  const small = buildImage({ table: 'sysv', symbols: 100, sysvLoop: true });
  assert.match(rejection(() => vdso.lookup('no_such_symbol', null, small)), /DT_HASH chain loops/);
});

test('a 64 MiB GNU-only image claiming millions of symbols: lookup() and inspect() refuse it by the same cap', () => {
  const n = symbolsFilling(64 * MiB);
  assert.ok(n > 2_000_000);
  const image = buildImage({ table: 'gnu', symbols: n, size: 64 * MiB, gnuStart: n });
  const byInspect = rejection(() => vdso.inspect(image));
  const byLookup = rejection(() => vdso.lookup('x', null, image));
  assert.ok(byInspect !== null && byLookup !== null);
  assert.equal(byLookup, byInspect);
});

test('the largest table the caps allow is described, looked up and printed in full', () => {
  const n = MAX_SYMBOLS - 1;
  const image = buildImage({ table: 'gnu', symbols: n, gnuStart: 1 });
  assert.equal(vdso.inspect(image).symbols.length, n);
  assert.equal(vdso.lookup('x', null, image), 0);
  // One more and every path refuses it.
  const over = buildImage({ table: 'gnu', symbols: n + 1, gnuStart: n + 1 });
  assert.notEqual(rejection(() => vdso.inspect(over)), null);
  assert.notEqual(rejection(() => vdso.lookup('x', null, over)), null);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-table-'));
  try {
    const file = path.join(dir, 'wide.so');
    fs.writeFileSync(file, image);
    const r = spawnSync(process.execPath, [cli, 'inspect', file], { encoding: 'utf8', maxBuffer: 256 * MiB });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.ok(r.stdout.split('\n').length > n, `${r.stdout.split('\n').length} lines`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('vdso inspect of a 64 MiB GNU-only image: one line on stderr, exit 1, memory bounded', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-big-'));
  try {
    const file = path.join(dir, 'big.so');
    const n = symbolsFilling(64 * MiB);
    fs.writeFileSync(file, buildImage({ table: 'gnu', symbols: n, size: 64 * MiB, gnuStart: n }));
    // The CLI as installed, its peak resident memory reported on fd 3 at exit.
    const wrapper = `process.on('exit', () => require('fs').writeSync(3, String(process.resourceUsage().maxRSS)));
      process.argv = [process.argv[0], ${JSON.stringify(cli)}, 'inspect', ${JSON.stringify(file)}];
      require(${JSON.stringify(cli)});`;
    const r = spawnSync(process.execPath, ['-e', wrapper], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^vdso inspect: .*big\.so: not a valid ELF image: .*\(ERR_VDSO_INVALID_IMAGE\)$/);
    const maxRssMiB = Number(r.output[3]) / 1024;
    assert.ok(maxRssMiB < 400, `peak RSS ${maxRssMiB.toFixed(0)} MiB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the CLI renders a table of any length (no argument spread)', () => {
  const { renderRows } = require('../dist/cli/table');
  const rows = Array.from({ length: 500_000 }, (_, i) => [String(i), 'x'.repeat(i % 7)]);
  const out = renderRows(rows, ['right', 'left']);
  assert.equal(out.length, rows.length);
  assert.equal(out[0], `${' '.repeat(5)}0`);
  assert.equal(out.at(-1), `499999  ${'x'.repeat(499_999 % 7)}`);
});
