'use strict';
// Every public function, every parameter, every kind of wrong argument the
// issue names (missing, NaN, Infinity, 2**31, -0, strings, objects, bigint,
// typed arrays of the wrong type or length, detached buffers, ...): a
// TypeError or RangeError with a Node-style code, or (for what the parameter
// does accept, e.g. -0 as the int32 0) a correct result. Never a crash, never
// garbage.
const test = require('node:test');
const assert = require('node:assert/strict');
const { surface, accepts, validArgs, judge, detach } = require('./helpers/api-surface');

// Made fresh for every call: some calls fill or keep what they are given.
const wrongKinds = {
  undefined: () => undefined,
  null: () => null,
  NaN: () => NaN,
  Infinity: () => Infinity,
  '-Infinity': () => -Infinity,
  '2**31': () => 2 ** 31,
  '-(2**31)-1': () => -(2 ** 31) - 1,
  '2**53': () => 2 ** 53,
  '-0': () => -0,
  '1.5': () => 1.5,
  '-1': () => -1,
  "'1'": () => '1',
  "''": () => '',
  '{}': () => ({}),
  '[]': () => [],
  '[1]': () => [1],
  "['1', '2']": () => ['1', '2'],
  '[1n, 2n]': () => [1n, 2n],
  '[NaN, 0]': () => [NaN, 0],
  '[0, 1e9]': () => [0, 1e9],
  '[-1, 0]': () => [-1, 0],
  '[1.5, 0]': () => [1.5, 0],
  '1n': () => 1n,
  true: () => true,
  'Symbol()': () => Symbol('x'),
  '() => 1': () => () => 1,
  'new Number(1)': () => new Number(1),
  '{ valueOf: () => 1 }': () => ({ valueOf: () => 1 }),
  'Object.create(null)': () => Object.create(null),
  'new Date()': () => new Date(),
  'new Float64Array(1)': () => new Float64Array(1),
  'new Float64Array(0)': () => new Float64Array(0),
  'new Float32Array(2)': () => new Float32Array(2),
  'new BigInt64Array(2)': () => new BigInt64Array(2),
  'new Int32Array(2)': () => new Int32Array(2),
  'new Uint16Array(64)': () => new Uint16Array(64),
  'new Uint8Array(64)': () => new Uint8Array(64),
  'Buffer.alloc(64)': () => Buffer.alloc(64),
  'new DataView(...)': () => new DataView(new ArrayBuffer(8)),
  'new ArrayBuffer(8)': () => new ArrayBuffer(8),
  'new SharedArrayBuffer(8)': () => new SharedArrayBuffer(8),
  'detached Float64Array(2)': () => detach(new Float64Array(2)),
  'detached Uint8Array(64)': () => detach(new Uint8Array(64)),
  'detached Buffer': () => detach(new Uint8Array(new ArrayBuffer(64))),
  'detached DataView': () => detach(new DataView(new ArrayBuffer(8))),
  'a Proxy of [0, 0]': () => new Proxy([0, 0], {}),
};

for (const spec of surface) {
  test(spec.name, async () => {
    const problems = [];
    const positions = spec.params.length ? spec.params.map(([kind]) => kind) : ['ignored'];
    for (const [i, kind] of positions.entries()) {
      // Too few arguments: everything before position i, nothing from it on.
      const missingArgs = validArgs(spec).slice(0, i);
      const missing = await judge(spec, missingArgs, accepts[kind](undefined));
      if (missing) problems.push(`argument ${i} (${kind}) missing: ${missing}`);
      for (const [label, make] of Object.entries(wrongKinds)) {
        const args = validArgs(spec);
        const value = make();
        args[i] = value;
        const ok = accepts[kind](value);
        // A valid size this large would allocate gigabytes; the kind check is enough.
        if (ok && kind === 'randomSize' && value > 65536) continue;
        const problem = await judge(spec, args, ok);
        if (problem) problems.push(`argument ${i} (${kind}) = ${label}: ${problem}`);
      }
    }
    // The valid call itself, so every row proves the function works.
    const valid = await judge(spec, validArgs(spec), true);
    if (valid) problems.push(`valid arguments: ${valid}`);
    assert.deepEqual(problems, []);
  });
}
