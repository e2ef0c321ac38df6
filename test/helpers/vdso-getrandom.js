'use strict';
// What this process's vDSO says about getrandom, asked of readelf over the
// [vdso] mapping read from /proc/self/mem (not of the package's own lookup).
// Harmless to run as a test file: it only defines a function.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SYMBOL = { x64: '__vdso_getrandom', arm64: '__kernel_getrandom', riscv64: '__vdso_getrandom', loong64: '__vdso_getrandom' };

/** { start, value } of the vDSO getrandom symbol (numbers), or null when the vDSO has none. */
function vdsoGetrandomSymbol() {
  const line = fs.readFileSync('/proc/self/maps', 'utf8').split('\n').find((l) => l.endsWith('[vdso]'));
  if (!line || !SYMBOL[process.arch]) return null;
  const [start, end] = line.split(' ')[0].split('-').map((x) => parseInt(x, 16));
  const image = Buffer.alloc(end - start);
  const fd = fs.openSync('/proc/self/mem', 'r');
  try {
    fs.readSync(fd, image, 0, image.length, start);
  } finally {
    fs.closeSync(fd);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vdso-rand-'));
  try {
    const file = path.join(dir, 'vdso.so');
    fs.writeFileSync(file, image);
    const syms = execFileSync('readelf', ['--dyn-syms', '-W', file], { encoding: 'utf8' });
    const m = syms.match(new RegExp(`^\\s*\\d+:\\s+([0-9a-f]+)\\s+\\d+\\s+FUNC\\s+\\w+\\s+\\w+\\s+\\d+\\s+${SYMBOL[process.arch]}@@?LINUX_`, 'm'));
    return m ? { start, value: parseInt(m[1], 16) } : null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Why this process cannot prove the vDSO getrandom path (for t.skip), or null when it can. */
function vdsoGetrandomMissing() {
  if (process.env.VDSO_DISABLE === '1') return 'VDSO_DISABLE=1: the vDSO getrandom path is off';
  if (vdsoGetrandomSymbol()) return null;
  return `this kernel's vDSO (${require('node:os').release()}, ${process.arch}) has no getrandom (Linux 6.11+ adds it); only the system call path was tested`;
}

module.exports = { vdsoGetrandomSymbol, vdsoGetrandomMissing };
