'use strict';
// Builds ELF64 little-endian shared objects of any size with one hash table,
// for the shapes no linker makes: millions of symbols, a chain that loops.
// Every symbol is a defined GLOBAL FUNC named "x". Loading this module does nothing.

const EHDR = 64;
const PHDR = 56;
const DYN = 16;
const SYM = 24;
const DT = { NULL: 0, HASH: 4, STRTAB: 5, SYMTAB: 6, STRSZ: 10, SYMENT: 11, GNU_HASH: 0x6ffffef5 };

/**
 * { table: 'sysv' | 'gnu', symbols: N (table entries after the null one),
 *   size: total bytes (padded with zeros; at least what the tables need),
 *   sysvLoop: chain[1] points back at symbol 1 (a chain that never ends),
 *   nchain: DT_HASH's nchain (default symbols + 1),
 *   gnuStart: the symbol DT_GNU_HASH's one bucket starts at (default 1: one
 *   chain through every symbol; the last symbol makes the table's size rest
 *   on one bucket word) }
 */
function buildImage({ table, symbols, size = 0, sysvLoop = false, nchain, gnuStart = 1 }) {
  const count = symbols + 1;
  const strtab = Buffer.from('\0x\0', 'latin1');
  const dynEntries = 6;
  const dynOff = EHDR + 2 * PHDR;
  const strOff = dynOff + dynEntries * DYN;
  const symOff = align(strOff + strtab.length, 8);
  const hashOff = symOff + count * SYM;
  const hashBytes = table === 'sysv' ? 8 + 4 + 4 * count : 16 + 8 + 4 + 4 * symbols;
  const total = Math.max(size, hashOff + hashBytes);
  const b = Buffer.alloc(total);

  // ELF header
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  b.writeUInt16LE(3, 16);          // ET_DYN
  b.writeUInt16LE(62, 18);         // EM_X86_64
  b.writeUInt32LE(1, 20);          // EV_CURRENT
  b.writeBigUInt64LE(BigInt(EHDR), 32);
  b.writeUInt16LE(EHDR, 52);
  b.writeUInt16LE(PHDR, 54);
  b.writeUInt16LE(2, 56);
  // PT_LOAD over the whole file, PT_DYNAMIC
  const ph = (i, type, off, filesz) => {
    const p = EHDR + i * PHDR;
    b.writeUInt32LE(type, p);
    b.writeUInt32LE(5, p + 4);
    b.writeBigUInt64LE(BigInt(off), p + 8);
    b.writeBigUInt64LE(BigInt(off), p + 16);
    b.writeBigUInt64LE(BigInt(off), p + 24);
    b.writeBigUInt64LE(BigInt(filesz), p + 32);
    b.writeBigUInt64LE(BigInt(filesz), p + 40);
  };
  ph(0, 1, 0, total);
  ph(1, 2, dynOff, dynEntries * DYN);
  [[DT.STRTAB, strOff], [DT.STRSZ, strtab.length], [DT.SYMTAB, symOff], [DT.SYMENT, SYM],
    [table === 'sysv' ? DT.HASH : DT.GNU_HASH, hashOff], [DT.NULL, 0]].forEach(([tag, val], i) => {
    b.writeBigUInt64LE(BigInt(tag), dynOff + i * DYN);
    b.writeBigUInt64LE(BigInt(val), dynOff + i * DYN + 8);
  });
  strtab.copy(b, strOff);
  for (let i = 1; i < count; i++) {
    const s = symOff + i * SYM;
    b.writeUInt32LE(1, s);         // "x"
    b[s + 4] = 0x12;               // GLOBAL FUNC
    b.writeUInt16LE(7, s + 6);     // a defined section
  }
  if (table === 'sysv') {
    b.writeUInt32LE(1, hashOff);                       // nbucket
    b.writeUInt32LE(nchain ?? count, hashOff + 4);
    b.writeUInt32LE(1, hashOff + 8);                   // bucket 0 -> symbol 1
    const chains = hashOff + 12;
    for (let i = 1; i < count; i++) b.writeUInt32LE(sysvLoop ? 1 : (i + 1) % count, chains + 4 * i);
  } else {
    b.writeUInt32LE(1, hashOff);                       // nbuckets
    b.writeUInt32LE(1, hashOff + 4);                   // symoffset
    b.writeUInt32LE(1, hashOff + 8);                   // bloom words
    b.writeBigUInt64LE(0xffffffffffffffffn, hashOff + 16);
    b.writeUInt32LE(gnuStart, hashOff + 24);           // bucket 0
    const chains = hashOff + 28;
    const h = gnuHash('x') & ~1;
    for (let i = 0; i < symbols; i++) b.writeUInt32LE((h | (i === symbols - 1 ? 1 : 0)) >>> 0, chains + 4 * i);
  }
  return b;
}

function gnuHash(name) {
  let h = 5381;
  for (const c of Buffer.from(name, 'latin1')) h = (h * 33 + c) >>> 0;
  return h;
}

function align(n, a) {
  return Math.ceil(n / a) * a;
}

/** How many symbols fill `bytes` with one table. */
function symbolsFilling(bytes) {
  return Math.floor((bytes - 4096) / (SYM + 4));
}

module.exports = { buildImage, symbolsFilling };
