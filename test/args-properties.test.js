'use strict';
// Property-based (fast-check): arbitrary values of every kind in every
// parameter of the public functions. Each either keeps its result promise or
// throws a TypeError/RangeError with a Node-style code; and for every int32
// clock id the vDSO path and the raw system call agree.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const fc = require('fast-check');
const vdso = require('..');
const { surface, accepts, judge, detach } = require('./helpers/api-surface');

const RUNS = 300;
const bySpec = Object.fromEntries(surface.map((s) => [s.name, s]));

// Values of every JavaScript kind, nested, plus the edges of each numeric range.
const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withTypedArray: true,
  withSparseArray: true,
  withObjectString: true,
});
const detached = fc.constantFrom(Uint8Array, Float64Array, Int32Array, DataView).map((C) => {
  const view = detach(new C(new ArrayBuffer(16)));
  // fast-check cannot print a detached view's contents.
  Object.defineProperty(view, fc.toStringMethod, { value: () => `detached ${C.name}` });
  return view;
});
const numbers = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.double(),
  fc.constantFrom(-0, NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, Number.MAX_VALUE, Number.EPSILON),
);
const anyValue = fc.oneof(anything, numbers, detached);

async function holds(name, argsArb, acceptable, runs = RUNS) {
  const spec = bySpec[name];
  await fc.assert(
    fc.asyncProperty(argsArb, async (args) => {
      const problem = await judge(spec, args, acceptable(args));
      if (problem) throw new Error(`${name}(${args.map((a) => fc.stringify(a)).join(', ')}): ${problem}`);
    }),
    { numRuns: runs },
  );
}

const CLOCK_FUNCTIONS = ['clockGettime', 'clockGettimeNs', 'clockGettimeMs', 'clockGetres', 'clockName'];

test('clock ids: anything that is not an int32 is a TypeError with a code', async () => {
  for (const base of CLOCK_FUNCTIONS) {
    for (const name of base === 'clockName' ? [base] : [base, `syscalls.${base}`]) {
      await holds(name, fc.tuple(anyValue), ([id]) => accepts.clockId(id));
    }
  }
  for (const name of ['clockGettimeInto', 'syscalls.clockGettimeInto']) {
    await holds(name, fc.tuple(anyValue).map(([id]) => [id, new Float64Array(2)]), ([id]) => accepts.clockId(id));
  }
});

// The kernel is the oracle: for any int32, both paths succeed or both fail
// with the same errno, and clock_getres answers are identical.
test('every int32 clock id: the package agrees with the raw system call', () => {
  const outcome = (fn) => {
    try {
      return { ok: true, value: fn() };
    } catch (e) {
      return { ok: false, code: e.code, errno: e.errno };
    }
  };
  fc.assert(
    fc.property(fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -64, max: 64 })), (id) => {
      const ours = outcome(() => vdso.clockGettimeNs(id));
      const sys = outcome(() => vdso.syscalls.clockGettimeNs(id));
      assert.equal(ours.ok, sys.ok, `clock ${id}: ${JSON.stringify([ours.code, sys.code])}`);
      if (!ours.ok) assert.deepEqual(ours, sys, `clock ${id}`);
      const res = outcome(() => vdso.clockGetres(id));
      const sysRes = outcome(() => vdso.syscalls.clockGetres(id));
      // Linux 6.17+ auxiliary clocks (16..23): the vDSO answers clock_getres
      // for them even where the system call says EINVAL.
      if (id >= 16 && id <= 23 && res.ok && !sysRes.ok) return;
      assert.deepEqual(res, sysRes, `clock_getres(${id})`);
    }),
    { numRuns: 2000 },
  );
});

test('hrtime(prev): only an earlier [seconds, nanoseconds] reading', async () => {
  const element = fc.oneof(numbers, anything);
  const prev = fc.oneof(anyValue, fc.tuple(element, element), fc.tuple(fc.nat(), fc.integer({ min: -10, max: 2e9 })), fc.array(element, { maxLength: 3 }));
  await holds('hrtime', fc.tuple(prev), ([p]) => accepts.hrtimePrev(p));
});

test('clockGettimeInto(id, out): out must be a Float64Array of length >= 2', async () => {
  const views = fc.oneof(
    fc.float64Array({ maxLength: 4 }),
    fc.float32Array({ maxLength: 4 }),
    fc.int32Array({ maxLength: 4 }),
    fc.uint8Array({ maxLength: 16 }),
    fc.bigInt64Array({ maxLength: 4 }),
    detached,
    anything,
  );
  for (const name of ['clockGettimeInto', 'syscalls.clockGettimeInto'])
    await holds(name, fc.tuple(views).map(([out]) => [vdso.CLOCK_MONOTONIC, out]), ([, out]) => accepts.float64Out(out));
});

// Real images with bytes overwritten: a description or ERR_VDSO_INVALID_IMAGE.
const fixtureDir = path.join(__dirname, 'fixtures');
const fixtures = [
  ...fs.readdirSync(fixtureDir).filter((f) => f.endsWith('.so')).map((f) => path.join(fixtureDir, f)),
  ...fs.readdirSync(path.join(fixtureDir, 'foreign')).filter((f) => f.endsWith('.so')).map((f) => path.join(fixtureDir, 'foreign', f)),
].map((f) => fs.readFileSync(f));
const mutatedImage = fc
  .tuple(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.option(fc.nat()))
  .map(([image, patches, cut]) => {
    const copy = Uint8Array.prototype.slice.call(image, 0, cut === null ? image.length : cut % (image.length + 1));
    for (const [at, byte] of patches) if (copy.length) copy[at % copy.length] = byte;
    return copy;
  });
const imageArg = fc.oneof(mutatedImage, fc.uint8Array({ maxLength: 2048 }), detached, anything);

test('inspect(bytes): any bytes, any value', async () => {
  await holds('inspect', fc.tuple(imageArg), ([bytes]) => accepts.image(bytes), 600);
});

test('lookup(name, version, image): any strings, any image', async () => {
  const name = fc.oneof(fc.constantFrom('__vdso_clock_gettime', '__kernel_clock_gettime', '__vdso_time', ''), fc.string(), anyValue);
  const version = fc.oneof(fc.constantFrom('LINUX_2.6', 'LINUX_2.6.39', 'LINUX_9.9', null, ''), fc.string(), anyValue);
  const image = fc.oneof(fc.constant(undefined), imageArg);
  await holds('lookup', fc.tuple(name, version, image), ([n, v, i]) => accepts.name(n) && accepts.version(v) && accepts.optionalImage(i), 600);
});

test('getrandom(buffer, flags) and randomBytes(size, flags)', async () => {
  const view = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.float64Array({ maxLength: 8 }), fc.int16Array({ maxLength: 8 }), detached, anyValue);
  const flags = fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 7 }), anyValue);
  for (const name of ['getrandom', 'getrandomSyscall'])
    await holds(name, fc.tuple(view, flags), ([b, f]) => accepts.randomView(b) && accepts.randomFlags(f));
  const size = fc.oneof(fc.integer({ min: 0, max: 4096 }), anyValue);
  await holds(
    'randomBytes',
    fc.tuple(size, flags).filter(([s]) => !(accepts.randomSize(s) && s > 65536)), // valid but gigabytes
    ([s, f]) => accepts.randomSize(s) && accepts.randomFlags(f),
  );
});

test('currentThreadCpu(thread): a string label or nothing', async () => {
  await holds('currentThreadCpu', fc.tuple(fc.oneof(fc.string(), anyValue)), ([t]) => accepts.thread(t));
});
