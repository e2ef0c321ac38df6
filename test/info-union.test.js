'use strict';
// info()'s type is a union (lib/types.ts): present says base is a string (or
// null), and the image fields are all there or all absent, absent only with a
// problem that says why. The declarations promise it; this checks the values,
// on the native backend, with VDSO_DISABLE=1 and on the JS backend.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const IMAGE_FIELDS = ['elfClass', 'endianness', 'machine', 'flags', 'abi', 'soname', 'kernelVersion', 'size', 'hashStyles', 'versions', 'symbols', 'functions'];

function infoIn(env) {
  const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(join(__dirname, '..'))}).info(), (k, v) => v === undefined ? '<undefined>' : v))`;
  const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

for (const [name, env] of [['native (default)', { VDSO_BACKEND: '' }], ['VDSO_DISABLE=1', { VDSO_DISABLE: '1' }], ['JS backend', { VDSO_BACKEND: 'js' }]]) {
  test(`info() is one member of its union: ${name}`, () => {
    const i = infoIn(env);
    assert.equal(typeof i.present, 'boolean');
    if (i.present) assert.match(i.base, /^0x[0-9a-f]+$/);
    else assert.equal(i.base, null);
    const there = IMAGE_FIELDS.filter((f) => f in i);
    assert.ok(there.length === 0 || there.length === IMAGE_FIELDS.length, `some image fields only: ${there.join(', ')}`);
    if (there.length > 0) {
      assert.equal(i.present, true);
      assert.ok(Array.isArray(i.symbols));
      assert.ok(i.elfClass === 32 || i.elfClass === 64);
    } else if (i.present) {
      assert.equal(typeof i.problem, 'string', 'a mapped vDSO left unread must say why');
      assert.ok(i.problem.length > 0);
    }
    if (env.VDSO_BACKEND === 'js' && i.present) assert.equal(there.length, 0, 'the JS backend reads no image');
  });
}
