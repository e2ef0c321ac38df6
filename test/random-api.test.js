'use strict';
// getrandom()/randomBytes(): what gets filled, flags as the system call has
// them, typed errors for bad arguments, and the vDSO backend where the kernel has one.
const test = require('node:test');
const assert = require('node:assert/strict');
const vdso = require('..');
const { vdsoGetrandomSymbol, vdsoGetrandomMissing } = require('./helpers/vdso-getrandom');
const { inDroppable } = require('./helpers/droppable');

const { getrandom, getrandomSyscall, randomBytes, GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE } = vdso;

// 2^-128 chance of a false alarm per call.
function looksRandom(bytes) {
  return bytes.length >= 16 && bytes.some((b) => b !== 0) && new Set(bytes).size > 8;
}

test('the backend is the vDSO exactly when readelf finds getrandom in it', () => {
  const sym = vdsoGetrandomSymbol();
  const b = vdso.backend.getrandom;
  if (sym && process.env.VDSO_DISABLE !== '1') {
    assert.equal(b.path, 'vdso', b.reason);
    assert.equal(BigInt(b.address), BigInt(sym.start + sym.value));
  } else {
    assert.equal(b.path, 'syscall');
  }
});

test('the state comes from the parameter query: mapped as asked, inside one page', (t) => {
  getrandom(Buffer.alloc(16));
  const s = vdso.getrandomInfo();
  const missing = vdsoGetrandomMissing();
  if (missing) {
    assert.equal(s.path, 'syscall');
    assert.equal(s.state, null);
    t.skip(missing);
    return;
  }
  assert.equal(s.path, 'vdso');
  assert.ok(s.stateSize > 0 && s.stateSize <= s.pageSize, JSON.stringify(s));
  // x86_64 and the other 6.11+ ABIs: PROT_READ|PROT_WRITE, MAP_DROPPABLE|MAP_ANONYMOUS.
  assert.equal(s.mmapProt, 0x3);
  assert.equal(s.mmapFlags, 0x08 | 0x20);
  const addr = BigInt(s.state);
  const inPage = Number(addr % BigInt(s.pageSize));
  assert.ok(inPage + s.stateSize <= s.pageSize, `state at ${s.state} straddles a page`);
  assert.ok(s.stride >= s.stateSize && s.stride % 64 === 0);
  assert.ok(s.statesInUse >= 1 && s.pagesMapped >= 1);
  // The kernel agrees: the state lies in a MAP_DROPPABLE mapping.
  assert.ok(inDroppable(s.state, s.stateSize), `state ${s.state} is not in a droppable mapping`);
});

// Every typed-array kind the running Node has, read off globalThis (data
// properties only: no lazy getter runs), so a kind a later Node adds is
// tested without anyone editing a list, and fails until the addon sizes it.
const TypedArray = Object.getPrototypeOf(Int8Array);
const typedArrayKinds = Object.getOwnPropertyNames(globalThis)
  .map((name) => Object.getOwnPropertyDescriptor(globalThis, name).value)
  .filter((v) => typeof v === 'function' && Object.getPrototypeOf(v) === TypedArray);

test('the view kinds under test are the running Node\'s own', () => {
  const names = typedArrayKinds.map((k) => k.name);
  for (const name of ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
    'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
    assert.ok(names.includes(name), `${name} missing from ${names}`);
  }
  assert.equal(names.includes('Float16Array'), typeof globalThis.Float16Array === 'function');
});

test('every kind of view is filled over exactly its bytes, through the vDSO and the system call', () => {
  for (const [label, fill] of [['getrandom', getrandom], ['getrandomSyscall', getrandomSyscall]]) {
    for (const Kind of typedArrayKinds) {
      const what = `${label} ${Kind.name}`;
      const backing = new ArrayBuffer(256);
      const view = new Kind(backing, 64, 128 / Kind.BYTES_PER_ELEMENT);
      assert.equal(fill(view), view, what);
      const all = new Uint8Array(backing);
      assert.ok(all.subarray(0, 64).every((b) => b === 0), `${what}: bytes before the view touched`);
      assert.ok(all.subarray(192).every((b) => b === 0), `${what}: bytes after the view touched`);
      for (let at = 64; at < 192; at += 16) assert.ok(looksRandom(all.subarray(at, at + 16)), `${what}: bytes ${at - 64}.. of the view not filled`);
    }
  }
  const pool = Buffer.alloc(100);
  const slice = pool.subarray(10, 90);
  assert.equal(getrandom(slice), slice);
  assert.ok(pool.subarray(0, 10).every((b) => b === 0) && pool.subarray(90).every((b) => b === 0));
  assert.ok(looksRandom(pool.subarray(74, 90)));
  const dvBacking = new ArrayBuffer(48);
  const dv = new DataView(dvBacking, 8, 32);
  assert.equal(getrandom(dv), dv);
  const dvAll = new Uint8Array(dvBacking);
  assert.ok(dvAll.subarray(0, 8).every((b) => b === 0) && dvAll.subarray(40).every((b) => b === 0));
  assert.ok(looksRandom(dvAll.subarray(8, 40)));
  const shared = new Uint8Array(new SharedArrayBuffer(64));
  assert.ok(looksRandom(getrandom(shared)));
});

test('empty, detached and large views', () => {
  assert.equal(getrandom(Buffer.alloc(0)).length, 0);
  assert.equal(getrandom(new Uint8Array(0), GRND_NONBLOCK).length, 0);
  const detached = new Uint8Array(32);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  assert.equal(detached.byteLength, 0);
  assert.equal(getrandom(detached), detached);
  // Larger than any single vDSO batch: every 4 KiB page of it gets bytes.
  const big = getrandom(Buffer.alloc(5 * 1024 * 1024 + 3));
  for (let off = 0; off + 4096 <= big.length; off += 4096) {
    assert.ok(looksRandom(big.subarray(off, off + 4096)), `page at ${off} not filled`);
  }
  assert.ok(looksRandom(big.subarray(big.length - 16)));
});

test('consecutive calls differ', () => {
  const seen = new Set();
  for (let i = 0; i < 2000; i++) seen.add(getrandom(Buffer.alloc(16)).toString('hex'));
  assert.equal(seen.size, 2000);
});

test('flags: the three known ones fill, others fail exactly as the system call does', () => {
  for (const flags of [0, GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE, GRND_NONBLOCK | GRND_RANDOM, GRND_NONBLOCK | GRND_INSECURE]) {
    assert.ok(looksRandom(getrandom(Buffer.alloc(64), flags)), `flags ${flags}`);
    assert.ok(looksRandom(getrandomSyscall(Buffer.alloc(64), flags)), `syscall flags ${flags}`);
  }
  assert.deepEqual([GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE], [1, 2, 4]);
  // The syscall rejects these with EINVAL; the vDSO alone would accept INSECURE|RANDOM.
  for (const flags of [GRND_INSECURE | GRND_RANDOM, 8, 0x80000000, 0xffffffff]) {
    let viaSyscall;
    assert.throws(() => getrandomSyscall(Buffer.alloc(8), flags), (e) => (viaSyscall = e, true));
    assert.equal(viaSyscall.code, 'EINVAL', `syscall with flags ${flags}`);
    assert.throws(() => getrandom(Buffer.alloc(8), flags), (e) => {
      assert.equal(e.code, viaSyscall.code);
      assert.equal(e.errno, viaSyscall.errno);
      assert.equal(e.errno, -22);
      assert.equal(e.syscall, 'getrandom');
      return true;
    });
  }
});

test('bad buffers and flags are typed errors', () => {
  for (const bad of [undefined, null, 1, 'abc', {}, [1, 2, 3], new ArrayBuffer(8), new SharedArrayBuffer(8), () => {}]) {
    for (const fn of [getrandom, getrandomSyscall]) {
      assert.throws(() => fn(bad), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE' && /"buffer" argument/.test(e.message));
    }
  }
  for (const bad of ['1', null, 1n, {}, true]) {
    assert.throws(() => getrandom(Buffer.alloc(4), bad), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE' && /"flags"/.test(e.message));
  }
  for (const bad of [-1, 1.5, 2 ** 32, NaN, Infinity, -Infinity]) {
    assert.throws(() => getrandom(Buffer.alloc(4), bad), (e) => e instanceof RangeError && e.code === 'ERR_OUT_OF_RANGE' && /"flags"/.test(e.message));
  }
  // Nothing was written when the flags were rejected.
  const untouched = Buffer.alloc(32);
  assert.throws(() => getrandom(untouched, -1));
  assert.ok(untouched.every((b) => b === 0));
});

test('randomBytes', () => {
  const b = randomBytes(48);
  assert.ok(Buffer.isBuffer(b) && b.length === 48 && looksRandom(b));
  // Its own memory, not a slice of the shared Buffer pool.
  assert.equal(b.buffer.byteLength, 48);
  assert.equal(randomBytes(0).length, 0);
  assert.equal(randomBytes(16, GRND_INSECURE).length, 16);
  assert.notDeepEqual(randomBytes(32), randomBytes(32));
  for (const bad of ['16', null, undefined, 16n]) {
    assert.throws(() => randomBytes(bad), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE');
  }
  // The largest size this Node allows (4 GiB on Node 20, 8 PiB later) with bad flags: refused before anything is allocated.
  const { MAX_LENGTH } = require('node:buffer').constants;
  assert.throws(() => randomBytes(MAX_LENGTH, 'x'), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE');
  assert.throws(() => randomBytes(MAX_LENGTH, -1), (e) => e instanceof RangeError && e.code === 'ERR_OUT_OF_RANGE');
  for (const bad of [-1, 1.5, NaN, 2 ** 53]) {
    assert.throws(() => randomBytes(bad), (e) => e instanceof RangeError && e.code === 'ERR_OUT_OF_RANGE');
  }
  assert.throws(() => randomBytes(8, 8), (e) => e.code === 'EINVAL');
});
