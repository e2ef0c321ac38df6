'use strict';
// test/helpers/system-tools.js: a missing tool skips the test naming the
// Debian package; VDSO_TEST_STRICT=1 (CI) turns that skip into a failure.
// Proven on a child test run whose PATH has no strace.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { TOOLS } = require('./helpers/system-tools');

function runChild(t, env) {
  const dir = mkdtempSync(join(tmpdir(), 'vdso-system-tools-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'needs-strace.test.js');
  writeFileSync(file, `
    const test = require('node:test');
    const { needs } = require(${JSON.stringify(join(__dirname, 'helpers', 'system-tools'))});
    test('uses strace', (t) => {
      if (!needs(t, 'strace')) return;
      throw new Error('strace was found on an empty PATH');
    });
  `);
  // A PATH with sh (which the helper runs `command -v` in) and no strace; the file runs as its own test run.
  symlinkSync('/bin/sh', join(dir, 'sh'));
  const { NODE_TEST_CONTEXT, ...base } = process.env;
  const r = spawnSync(process.execPath, ['--test-reporter=tap', file], {
    encoding: 'utf8',
    env: { ...base, PATH: dir, ...env },
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

test('a missing tool skips the test and names the Debian package', (t) => {
  const r = runChild(t, { VDSO_TEST_STRICT: '' });
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /# SKIP needs strace, which counts system calls: apt-get install strace/);
});

test('under VDSO_TEST_STRICT=1 the same test fails, naming the package', (t) => {
  const r = runChild(t, { VDSO_TEST_STRICT: '1' });
  assert.notEqual(r.status, 0, r.out);
  assert.match(r.out, /VDSO_TEST_STRICT=1 and this test needs strace.*apt-get install strace/);
});

test('every tool names its Debian package, what it is for, and how it is found', () => {
  for (const [key, tool] of Object.entries(TOOLS)) {
    assert.match(tool.debian, /^[a-z0-9][a-z0-9+.-]+$/, key);
    assert.ok(tool.for.length > 10, key);
    assert.equal(typeof tool.present, 'function', key);
  }
});
