'use strict';
// `vdso inspect --json` and `vdso info --json` against GNU readelf, run now on
// the same files: every defined dynamic symbol with its version, value, size,
// type and binding, and the image's class, byte order, machine, soname, hash
// tables and versions. readelf comes from binutils.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { readelf, parseReadelf, haveReadelf } = require('./helpers/readelf');
const { runCli, runJson } = require('./helpers/cli');

const FIXTURES = path.join(__dirname, 'fixtures');
const FOREIGN = path.join(FIXTURES, 'foreign');
const foreign = fs.readdirSync(FOREIGN).filter((f) => f.endsWith('.so')).sort();

// readelf's names for e_machine (binutils get_machine_name).
const MACHINE_BY_READELF_NAME = {
  'Advanced Micro Devices X86-64': 62,
  'Intel 80386': 3,
  AArch64: 183,
  ARM: 40,
  'RISC-V': 243,
  PowerPC64: 21,
  'IBM S/390': 22,
  'MIPS R3000': 8,
};

// The clock_gettime entry point per ABI, from the kernel's vdso linker
// scripts (shared/reference/vdso-facts.md), keyed by the fixture name prefix.
const CLOCK_GETTIME_BY_ABI = {
  x86_64: ['__vdso_clock_gettime', 'LINUX_2.6'],
  i386: ['__vdso_clock_gettime', 'LINUX_2.6'],
  aarch64: ['__kernel_clock_gettime', 'LINUX_2.6.39'],
  arm: ['__vdso_clock_gettime', 'LINUX_2.6'],
  riscv64: ['__vdso_clock_gettime', 'LINUX_4.15'],
  ppc64: ['__kernel_clock_gettime', 'LINUX_2.6.15'],
  s390x: ['__kernel_clock_gettime', 'LINUX_2.6.29'],
  mips: ['__vdso_clock_gettime', 'LINUX_2.6'],
};

// readelf prints STT_GNU_IFUNC as IFUNC.
const typeName = (t) => (t === 'IFUNC' ? 'GNU_IFUNC' : t);

function assertMatchesReadelf(desc, elf, label) {
  assert.equal(desc.elfClass, elf.elfClass, `${label}: class`);
  assert.equal(desc.endianness, elf.endianness, `${label}: byte order`);
  assert.equal(desc.machine, MACHINE_BY_READELF_NAME[elf.machineName], `${label}: machine ${elf.machineName}`);
  assert.equal(desc.flags, elf.flags, `${label}: e_flags`);
  assert.equal(desc.soname, elf.soname, `${label}: soname`);
  assert.equal(desc.kernelVersion, elf.kernelVersion, `${label}: kernel version note`);
  assert.deepEqual([...desc.hashStyles].sort(), [...elf.hashStyles].sort(), `${label}: hash tables`);
  assert.deepEqual(desc.versions, elf.versions, `${label}: versions`);
  assert.ok(elf.symbols.length > 0, `${label}: readelf lists symbols`);
  const ours = desc.symbols.map((s) => ({
    index: s.index,
    name: s.type === 'SECTION' ? null : s.name,
    version: s.version,
    hidden: s.hidden,
    value: s.value,
    size: s.size,
    type: s.type,
    binding: s.binding,
  }));
  const theirs = elf.symbols.map((s) => ({
    index: s.index,
    name: s.name,
    version: s.version,
    hidden: s.hidden,
    value: s.value,
    size: s.size,
    type: typeName(s.type),
    binding: s.binding,
  }));
  assert.deepEqual(ours, theirs, `${label}: every defined dynamic symbol`);
}

// An ABI entry point is present exactly when readelf lists that name at the
// ABI's version (any version in an unversioned image), with the same value.
function assertFunctionsMatchReadelf(desc, elf, label) {
  assert.ok(desc.functions.length > 0, `${label}: the ABI's entry points are listed`);
  for (const f of desc.functions) {
    const hit = elf.symbols.find((s) => s.name === f.symbol && (elf.versions.length === 0 || s.version === f.version));
    assert.equal(f.present, hit !== undefined, `${label}: ${f.symbol}@${f.version} present`);
    assert.equal(f.value, hit ? hit.value : null, `${label}: ${f.symbol} value`);
  }
}

test('readelf is installed (binutils)', () => {
  assert.ok(haveReadelf(), 'GNU readelf is needed: apt-get install binutils');
});

test('inspect --json of the x86_64 kernel 6.1 images (64-bit and 32-bit compat) equals readelf', () => {
  const files = ['x86_64-linux-6.1-vdso64.so', 'x86_64-linux-6.1-vdso32.so'].map((f) => path.join(FIXTURES, f));
  const docs = runJson(['inspect', '--json', ...files]);
  assert.ok(Array.isArray(docs) && docs.length === 2, 'two files give an array of two');
  docs.forEach((d, i) => {
    assert.equal(d.file, files[i], 'in command-line order');
    assertMatchesReadelf(d, readelf(files[i]), path.basename(files[i]));
    assertFunctionsMatchReadelf(d, readelf(files[i]), path.basename(files[i]));
  });
  assert.equal(docs[0].abi, 'x86_64');
  assert.equal(docs[1].abi, 'i386');
  assert.match(docs[0].kernelVersion, /^6\.1\.\d+$/);
});

test('inspect --json of every foreign-architecture image equals readelf, and names its ABI entry points', () => {
  assert.ok(foreign.length >= 13, `fixtures present (${foreign.length})`);
  const files = foreign.map((f) => path.join(FOREIGN, f));
  const docs = runJson(['inspect', '--json', ...files]);
  assert.equal(docs.length, files.length);
  docs.forEach((d, i) => {
    const label = foreign[i];
    const elf = readelf(files[i]);
    assert.equal(d.file, files[i]);
    assertMatchesReadelf(d, elf, label);
    assertFunctionsMatchReadelf(d, elf, label);
    const abi = label.split('-')[0];
    assert.equal(d.abi, abi, `${label}: ABI from e_machine and class`);
    const [symbol, version] = CLOCK_GETTIME_BY_ABI[abi];
    const cg = d.functions.find((f) => f.function === 'clock_gettime');
    assert.deepEqual([cg.symbol, cg.version, cg.present], [symbol, version, true], `${label}: clock_gettime entry point`);
  });
});

// Saved by the architecture harness from each architecture's own kernel
// under qemu (test/arch; `harness.sh fixtures`): ARCH-linux-VERSION-vdso.so.
const LIVE = path.join(FIXTURES, 'live');
const live = fs.readdirSync(LIVE).filter((f) => f.endsWith('.so')).sort();
const ABI_OF_ARCH = { x86_64: 'x86_64', arm64: 'aarch64', armhf: 'arm', ppc64le: 'ppc64', s390x: 's390x', riscv64: 'riscv64' };

test('inspect --json of the live images of every architecture equals readelf, and finds clock_gettime', () => {
  assert.deepEqual([...new Set(live.map((f) => f.split('-linux-')[0]))].sort(), Object.keys(ABI_OF_ARCH).sort(), 'one live image per architecture');
  const files = live.map((f) => path.join(LIVE, f));
  const docs = runJson(['inspect', '--json', ...files]);
  docs.forEach((d, i) => {
    const [arch, version] = /^(\w+)-linux-([\d.]+)-vdso\.so$/.exec(live[i]).slice(1);
    const elf = readelf(files[i]);
    assertMatchesReadelf(d, elf, live[i]);
    assertFunctionsMatchReadelf(d, elf, live[i]);
    assert.equal(d.abi, ABI_OF_ARCH[arch], `${live[i]}: ABI`);
    assert.equal(d.kernelVersion, version, `${live[i]}: the kernel version in its note`);
    const cg = d.functions.find((f) => f.function === 'clock_gettime');
    assert.deepEqual([cg.symbol, cg.version, cg.present], [...CLOCK_GETTIME_BY_ABI[d.abi], true], `${live[i]}: clock_gettime entry point`);
  });
});

test('the foreign images cover what they are meant to', () => {
  const docs = runJson(['inspect', '--json', ...foreign.map((f) => path.join(FOREIGN, f))]);
  const by = Object.fromEntries(docs.map((d) => [path.basename(d.file, '.so'), d]));
  // Each property below is one the fixtures README promises; the test above proved them against readelf.
  assert.deepEqual(by['s390x-sysv'].hashStyles, ['sysv']);
  assert.deepEqual(by['s390x-gnu'].hashStyles, ['gnu']);
  assert.equal(by['s390x-both'].endianness, 'big');
  assert.deepEqual(by['x86_64-unversioned'].versions, []);
  assert.ok(by['x86_64-unversioned'].symbols.every((s) => s.version === null));
  assert.ok(by['ppc64-both'].symbols.some((s) => s.name === '__kernel_clock_gettime' && s.type === 'NOTYPE'));
  assert.ok(by['riscv64-both'].symbols.some((s) => s.type === 'SECTION' && s.binding === 'LOCAL'));
  assert.ok(by['arm-sysv'].symbols.some((s) => s.name === '__vdso_clock_gettime' && s.value % 2 === 1), 'Thumb: odd value');
  const hidden = by['x86_64-twover'].symbols.filter((s) => s.name === '__vdso_time');
  assert.deepEqual(hidden.map((s) => [s.version, s.hidden]).sort(), [['LINUX_2.6', true], ['LINUX_9.9', false]]);
  // time() at the ABI's version resolves to the hidden LINUX_2.6 definition, as dlvsym would.
  const time = by['x86_64-twover'].functions.find((f) => f.function === 'time');
  assert.equal(time.value, hidden.find((s) => s.hidden).value);
});

test('inspect --json and info --json of the live vDSO equal readelf on its dump', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-live-'));
  try {
    const file = path.join(dir, 'live.so');
    const summary = runJson(['dump', '-o', file, '--json']);
    assert.equal(summary.bytes, fs.statSync(file).size);
    const elf = readelf(file);
    const inspected = runJson(['inspect', '--json', file]);
    assertMatchesReadelf(inspected, elf, 'live dump');
    assertFunctionsMatchReadelf(inspected, elf, 'live dump');
    const live = runJson(['info', '--json']);
    assert.equal(live.present, true);
    assert.match(live.base, /^0x[0-9a-f]+$/);
    assertMatchesReadelf(live, elf, 'info');
    // Where each symbol lives in that process: the base plus its offset (value here, linked at 0).
    const base = BigInt(live.base);
    for (const s of live.symbols) {
      if (s.address !== undefined) assert.equal(BigInt(s.address), base + BigInt(s.value), s.name);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Real shared objects of every size: the C library (thousands of symbols, many
// versions, hidden ones, IFUNCs), the dynamic loader and this package's addon,
// whichever are mapped into this process.
test('inspect --json of the shared objects mapped in this process equals readelf', () => {
  require('..');  // maps the addon, so it is among them
  const mapped = new Set(
    fs
      .readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .map((line) => line.split(/\s+/)[5])
      .filter((p) => p && p.startsWith('/') && /\.(so(\.[\d.]+)?|node)$/.test(p) && fs.existsSync(p)),
  );
  const files = [...mapped].sort();
  assert.ok(files.some((f) => /\/libc\.so/.test(f)), `the C library is among ${files.join(', ')}`);
  assert.ok(files.some((f) => f.endsWith('vdso.node')), 'the addon is mapped');
  const docs = runJson(['inspect', '--json', ...files]);
  docs.forEach((d, i) => {
    const elf = readelf(files[i]);
    assertMatchesReadelf(d, elf, files[i]);
  });
});

// The parser must understand readelf conventions the fixtures do not all show.
test('the readelf parser follows readelf conventions', () => {
  const text = [
    'ELF Header:',
    '  Class:                             ELF64',
    "  Data:                              2's complement, big endian",
    '  Machine:                           PowerPC64',
    '  Flags:                             0x2, abiv2',
    '',
    'Dynamic section at offset 0x100 contains 3 entries:',
    ' 0x000000000000000e (SONAME)             Library soname: [linux-vdso64.so.1]',
    ' 0x000000006ffffef5 (GNU_HASH)           0x120',
    '',
    "Symbol table '.dynsym' contains 14 entries:",
    '   Num:    Value          Size Type    Bind   Vis      Ndx Name',
    '     0: 0000000000000000     0 NOTYPE  LOCAL  DEFAULT  UND ',
    '     1: 0000000000000700 0x1869f FUNC    GLOBAL DEFAULT [<localentry>: 8]    12 big@@V1',
    '     2: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND printf@GLIBC_2.2.5 (3)',
    '     3: 0000000000000000     0 OBJECT  GLOBAL DEFAULT  ABS V1',
    '     4: 0000000000000710     8 FUNC    WEAK   DEFAULT   12 old@V1',
    '     5: 0000000000000388     0 SECTION LOCAL  DEFAULT    7 .note',
    '     6: 0000000000000720     4 NOTYPE  GLOBAL DEFAULT   12 plain',
    ...[7, 8, 9, 10, 11, 12].map((i) => `     ${i}: 00000000000007${i}0     4 FUNC    GLOBAL DEFAULT   12 f${i}@@V10`),
    '    13: 0020000000000001     4 FUNC    GLOBAL DEFAULT   12 far@@V1',
    '',
    "Version symbols section '.gnu.version' contains 14 entries:",
    ' Addr: 0x0000000000000300  Offset: 0x00000300  Link: 3 (.dynsym)',
    '  000:   0 (*local*)       2 (V1)            3 (GLIBC_2.2.5)   2 (V1)         ',
    '  004:   2h(V1)            0 (*local*)       1 (*global*)      a (V10)        ',
    '  008:   a (V10)           a (V10)           a (V10)           a (V10)        ',
    '  00c:   a (V10)           2 (V1)         ',
    '',
    "Version definition section '.gnu.version_d' contains 3 entries:",
    ' Addr: 0x0000000000000360  Offset: 0x00000360  Link: 4 (.dynstr)',
    '  000000: Rev: 1  Flags: BASE  Index: 1  Cnt: 1  Name: linux-vdso64.so.1',
    '  0x001c: Rev: 1  Flags: none  Index: 2  Cnt: 1  Name: V1',
    '  0x0038: Rev: 1  Flags: none  Index: 10  Cnt: 2  Name: V10',
    '  0x0054: Parent 1: V1',
    '',
    'Displaying notes found in: .note',
    '  Owner                Data size \tDescription',
    '  Linux                0x00000004\tUnknown note type: (0x00000000)\t   description data: 00 06 12 2c ',
    '',
  ].join('\n');
  const r = parseReadelf(text);
  assert.equal(r.elfClass, 64);
  assert.equal(r.endianness, 'big');
  assert.equal(r.flags, 2);
  assert.equal(r.soname, 'linux-vdso64.so.1');
  assert.deepEqual(r.hashStyles, ['gnu']);
  assert.deepEqual(r.versions, ['V1', 'V10']);
  assert.equal(r.kernelVersion, '6.18.44', 'the version note, big-endian here');
  const by = Object.fromEntries(r.symbols.map((s) => [s.index, s]));
  assert.equal(by[2], undefined, 'undefined symbols are left out');
  assert.deepEqual([by[1].name, by[1].version, by[1].hidden, by[1].size, by[1].value], ['big', 'V1', false, 0x1869f, 0x700]);
  assert.deepEqual([by[3].name, by[3].version], ['V1', 'V1'], 'the ABS version symbol takes its version from .gnu.version');
  assert.deepEqual([by[4].name, by[4].version, by[4].hidden], ['old', 'V1', true]);
  assert.deepEqual([by[5].name, by[5].shownName, by[5].type], [null, '.note', 'SECTION']);
  assert.deepEqual([by[6].name, by[6].version], ['plain', null], '*global* means no version');
  assert.deepEqual([by[12].name, by[12].version], ['f12', 'V10'], 'versym indexes are hex');
  assert.equal(by[13].value, '0x20000000000001', 'above 2**53 a hex string, like the addon');

  const suffixed = parseReadelf(text.replace('12 old@V1', '12 old@V1 (2)'));
  assert.equal(suffixed.symbols.find((s) => s.index === 4).suffixIndex, 2);
  assert.throws(() => parseReadelf(text.replace('12 old@V1', '12 old@@V1')), /hidden/);
  assert.throws(() => parseReadelf(text.replace('12 plain', '12 plain@@V1')), /says null/);
  assert.throws(() => parseReadelf(text.replace('ABS V1', 'ABS W1')), /printed none/);
});

test('inspect of a file readelf would reject fails the same way in both', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-trunc-'));
  try {
    const whole = fs.readFileSync(path.join(FOREIGN, 's390x-sysv.so'));
    const file = path.join(dir, 'cut.so');
    fs.writeFileSync(file, whole.subarray(0, whole.length >> 1));
    assert.throws(() => readelf(file), /readelf .* failed/);
    const r = runCli(['inspect', file]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /truncated/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
