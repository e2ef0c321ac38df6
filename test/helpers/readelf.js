'use strict';
// What GNU readelf says about an ELF shared object: the oracle the inspector is
// checked against. Runs `readelf -h -d -n --dyn-syms -V -W` and parses its text.
//
// readelf's conventions this parser undoes (binutils readelf.c):
// - `name@@VER` is a symbol at its default version, `name@VER` a hidden one
//   (versym bit 15, shown as `2h` in the .gnu.version listing).
// - A `name@VER (n)` suffix names a version index; readelf prints it for
//   undefined symbols (version needs), so it is stripped and kept aside.
// - The absolute OBJECT symbol that GNU ld makes for each version definition
//   (named like the version, st_shndx ABS) is printed without `@VER`; its
//   version is still in the .gnu.version listing, which is where versions are
//   taken from here. A suffix, when shown, must agree with that listing.
// - STT_SECTION symbols are printed with their section's name, not st_name.
// - Sizes above 99999 are printed in hex with a 0x prefix.
// Only a module: requiring it runs nothing, so `node --test test/` may load it.
const { execFileSync, spawnSync } = require('node:child_process');

function number(text, radix) {
  const big = BigInt(radix === 16 ? '0x' + text.replace(/^0x/, '') : text);
  // Same convention as the addon: exact numbers up to 2**53, hex strings above.
  return big <= 2n ** 53n ? Number(big) : '0x' + big.toString(16);
}

function sizeValue(text) {
  return text.startsWith('0x') ? number(text, 16) : number(text, 10);
}

function parseHeader(lines, out) {
  for (const line of lines) {
    let m;
    if ((m = /^\s+Class:\s+ELF(32|64)$/.exec(line))) out.elfClass = Number(m[1]);
    else if ((m = /^\s+Data:\s+.*\b(little|big) endian$/.exec(line))) out.endianness = m[1];
    else if ((m = /^\s+Machine:\s+(.*)$/.exec(line))) out.machineName = m[1].trim();
    else if ((m = /^\s+Type:\s+(\S+)/.exec(line))) out.type = m[1];
    else if ((m = /^\s+Flags:\s+(0x[0-9a-f]+)/.exec(line))) out.flags = Number(m[1]);
  }
}

function parseDynamic(lines, out) {
  for (const line of lines) {
    let m;
    if ((m = /\(SONAME\)\s+Library soname: \[(.*)\]$/.exec(line))) out.soname = m[1];
    else if (/\(HASH\)/.test(line)) out.hashStyles.push('sysv');
    else if (/\(GNU_HASH\)/.test(line)) out.hashStyles.push('gnu');
  }
}

// `   1: 0000000000000690    38 FUNC    WEAK   DEFAULT   12 clock_gettime@@LINUX_2.6`
// Vis may carry a bracketed note (ppc64 local entry, st_other bits).
const SYMBOL_ROW = /^\s*(\d+):\s+([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+(\S+)\s+(\S+)\s+(\S+(?: \[[^\]]*\])?)\s+(\S+)(?: (.*))?$/;

function parseSymbolRows(lines) {
  const rows = [];
  for (const line of lines) {
    const m = SYMBOL_ROW.exec(line);
    if (!m) continue;
    let shown = m[8] ?? '';
    let suffixIndex = null;
    const suffix = / \((\d+)\)$/.exec(shown);
    if (suffix) {
      suffixIndex = Number(suffix[1]);
      shown = shown.slice(0, suffix.index);
    }
    const at = shown.indexOf('@');
    rows.push({
      index: Number(m[1]),
      value: number(m[2], 16),
      size: sizeValue(m[3]),
      type: m[4],
      binding: m[5],
      visibility: m[6],
      ndx: m[7],
      name: at < 0 ? shown : shown.slice(0, at),
      shownVersion: at < 0 ? null : shown.slice(at).replace(/^@@?/, ''),
      shownDefault: at < 0 ? null : shown.startsWith('@@', at),
      suffixIndex,
    });
  }
  return rows;
}

// `  004:   2 (LINUX_2.6)     2h(LINUX_2.6)     2 (LINUX_2.6)  `; indexes are hex.
function parseVersym(lines) {
  const entries = new Map();
  for (const line of lines) {
    const m = /^\s+([0-9a-f]+):(.*)$/.exec(line);
    if (!m) continue;
    let i = parseInt(m[1], 16);
    for (const e of m[2].matchAll(/([0-9a-f]+)(h?)\s*\(([^)]*)\)/g)) {
      entries.set(i++, { index: parseInt(e[1], 16), hidden: e[2] === 'h', name: e[3] });
    }
  }
  return entries;
}

// `  0x001c: Rev: 1  Flags: none  Index: 2  Cnt: 1  Name: LINUX_2.6`
function parseVerdef(lines) {
  const defs = [];
  for (const line of lines) {
    const m = /Rev: \d+\s+Flags: (.*?)\s+Index: (\d+)\s+Cnt: \d+\s+Name: (.*)$/.exec(line);
    if (m) defs.push({ flags: m[1], index: Number(m[2]), name: m[3] });
  }
  return defs;
}

// The kernel's version note: owner "Linux", type 0, LINUX_VERSION_CODE as a
// 4-byte word in the image's byte order. readelf only dumps its bytes.
function parseLinuxVersion(lines, endianness) {
  for (const line of lines) {
    const m = /^\s+Linux\s+0x00000004\s+Unknown note type: \(0x00000000\)\s+description data: ((?:[0-9a-f]{2} ?){4})/.exec(line);
    if (!m) continue;
    const bytes = m[1].trim().split(' ').map((b) => parseInt(b, 16));
    if (endianness === 'little') bytes.reverse();
    const code = bytes.reduce((v, b) => v * 256 + b, 0);
    return `${code >> 16}.${(code >> 8) & 0xff}.${code & 0xff}`;
  }
  return null;
}

// Splits readelf's output into its headed blocks.
function blocks(text) {
  const heads = {
    header: /^ELF Header:/,
    dynamic: /^Dynamic section at offset/,
    dynsym: /^Symbol table '\.dynsym'/,
    versym: /^Version symbols section/,
    verdef: /^Version definition section/,
    notes: /^Displaying notes found in/,
    other: /^(Program Headers:|Section Headers:|Version needs section|There are no|Symbol table '(?!\.dynsym))/,
  };
  const out = { header: [], dynamic: [], dynsym: [], versym: [], verdef: [], notes: [], other: [] };
  let current = 'other';
  for (const line of text.split('\n')) {
    for (const [name, re] of Object.entries(heads)) if (re.test(line)) current = name;
    out[current].push(line);
  }
  return out;
}

function fail(file, message) {
  throw new Error(`readelf output for ${file}: ${message}`);
}

/** Parses the text of `readelf -h -d -n --dyn-syms -V -W FILE`. */
function parseReadelf(text, file = 'image') {
  const b = blocks(text);
  const out = { elfClass: null, endianness: null, machineName: null, type: null, flags: null, soname: null, hashStyles: [] };
  parseHeader(b.header, out);
  parseDynamic(b.dynamic, out);
  out.kernelVersion = parseLinuxVersion(b.notes, out.endianness);
  const rows = parseSymbolRows(b.dynsym);
  const versym = parseVersym(b.versym);
  const verdefs = parseVerdef(b.verdef);
  if (b.dynsym.length && rows.length === 0) fail(file, 'no rows in the .dynsym table');

  out.versions = verdefs.filter((d) => !/\bBASE\b/.test(d.flags)).map((d) => d.name);
  out.symbols = [];
  for (const r of rows) {
    if (r.ndx === 'UND') continue;  // only defined symbols are described
    const v = versym.get(r.index);
    const version = v && v.index > 1 ? v.name : null;
    const hidden = v ? v.hidden : false;
    if (r.shownVersion !== null) {
      if (r.shownVersion !== version) fail(file, `symbol ${r.index} shows @${r.shownVersion} but .gnu.version says ${version}`);
      if (r.shownDefault === hidden) fail(file, `symbol ${r.index}: @/@@ disagrees with the hidden bit`);
    } else if (version !== null && !(r.ndx === 'ABS' && r.name === version)) {
      fail(file, `symbol ${r.index} (${r.name}) has version ${version} but readelf printed none`);
    }
    out.symbols.push({
      index: r.index,
      name: r.type === 'SECTION' ? null : r.name,  // readelf shows the section's name instead
      shownName: r.name,
      version,
      hidden,
      value: r.value,
      size: r.size,
      type: r.type,
      binding: r.binding,
      visibility: r.visibility,
      ndx: r.ndx,
      suffixIndex: r.suffixIndex,
    });
  }
  return out;
}

/** Runs readelf on FILE and parses what it says; throws if readelf complains (it may still exit 0). */
function readelf(file) {
  const r = spawnSync('readelf', ['-h', '-d', '-n', '--dyn-syms', '-V', '-W', file], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  if (r.error || r.status !== 0 || r.stderr.trim()) {
    throw new Error(`readelf ${file} failed (exit ${r.status}): ${r.stderr || r.error}`);
  }
  return parseReadelf(r.stdout, file);
}

/** True when GNU readelf can be run here. */
function haveReadelf() {
  try {
    return /GNU readelf/.test(execFileSync('readelf', ['--version'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

module.exports = { readelf, parseReadelf, haveReadelf };
