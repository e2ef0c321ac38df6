'use strict';
// `vdso dump` writes the same bytes the package's dump() returns (the vDSO
// text is the same image in every process of this kernel).
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vdso = require('..');
const { runCli, runJson } = require('./helpers/cli');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-dump-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('dump -o FILE writes the live image; --json summarizes it', () => {
  const here = vdso.dump();
  assert.ok(here, 'this machine has a vDSO');
  const file = path.join(dir, 'vdso.so');
  const summary = runJson(['dump', '-o', file, '--json']);
  const written = fs.readFileSync(file);
  assert.ok(written.equals(here), 'same bytes as dump() here');
  assert.equal(summary.file, file);
  assert.equal(summary.bytes, written.length);
  assert.equal(summary.sha256, crypto.createHash('sha256').update(written).digest('hex'));
  assert.match(summary.base, /^0x[0-9a-f]+$/);
  // The PT_LOAD part is what info() describes; the dump may add the section headers after it.
  assert.ok(written.length >= vdso.info().size);
});

test('dump to a pipe writes the raw image and nothing else', () => {
  const r = runCli(['dump'], { binary: true });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.equals(vdso.dump()));
  assert.equal(r.stderr, '');
});

test('dump -o into a missing directory exits 1 naming the file', () => {
  const target = path.join(dir, 'no', 'such', 'dir', 'vdso.so');
  const r = runCli(['dump', '-o', target]);
  assert.equal(r.status, 1);
  assert.ok(r.stderr.includes(target), r.stderr);
  assert.match(r.stderr, /ENOENT/);
});
