'use strict';
// Untrusted images: every truncation and a byte flip at every offset of the
// fixtures must give either a description or a clean ERR_VDSO_INVALID_IMAGE.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vdso = require('..');

const fixtures = ['x86_64-linux-6.1-vdso64.so', 'x86_64-linux-6.1-vdso32.so'];

function outcome(bytes) {
  try {
    const d = vdso.inspect(bytes);
    assert.ok(Array.isArray(d.symbols));
    return 'ok';
  } catch (e) {
    assert.equal(e.code, 'ERR_VDSO_INVALID_IMAGE', String(e));
    assert.equal(typeof e.check, 'string');
    assert.ok(Number.isInteger(e.offset) && e.offset >= 0);
    return 'error';
  }
}

for (const name of fixtures) {
  const image = fs.readFileSync(path.join(__dirname, 'fixtures', name));

  test(`${name}: every truncation`, () => {
    const seen = { ok: 0, error: 0 };
    // A fresh exact-size copy, so that reading past the end would leave the buffer.
    for (let len = 0; len < image.length; len++) seen[outcome(Uint8Array.prototype.slice.call(image, 0, len))]++;
    assert.ok(seen.error > 0, 'short images must be rejected');
    assert.equal(outcome(image), 'ok');
  });

  test(`${name}: a flipped byte at every offset`, () => {
    const seen = { ok: 0, error: 0 };
    const copy = Buffer.from(image);
    for (let i = 0; i < copy.length; i++) {
      copy[i] ^= 0xff;
      seen[outcome(copy)]++;
      copy[i] ^= 0xff;
    }
    assert.ok(seen.error > 0 && seen.ok > 0, JSON.stringify(seen));
  });
}

test('named errors for the obvious cases', () => {
  const image = fs.readFileSync(path.join(__dirname, 'fixtures', fixtures[0]));
  const cases = [
    [Buffer.alloc(0), /bad magic/],
    [Buffer.from('hello world, not an ELF image at all'), /bad magic/],
    [image.subarray(0, 40), /ELF header truncated/],
    [image.subarray(0, 1000), /truncated/],
  ];
  for (const [bytes, re] of cases) {
    assert.throws(() => vdso.inspect(bytes), (e) => e.code === 'ERR_VDSO_INVALID_IMAGE' && re.test(e.message));
  }
  assert.throws(() => vdso.inspect('not bytes'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
});
