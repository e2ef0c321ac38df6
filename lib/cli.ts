#!/usr/bin/env node
import { info } from './index';
import type { VdsoInfo } from './index';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

function hex(v: number | string): string {
  return typeof v === 'number' ? '0x' + v.toString(16) : v;
}

function render(i: VdsoInfo): string {
  const out: string[] = [];
  if (!i.present) {
    out.push('vDSO: none in this process (AT_SYSINFO_EHDR is 0); every call uses the system call');
  } else {
    out.push(`vDSO ${i.soname ?? '(no soname)'} at ${i.base}` + (i.size ? `, ${i.size} bytes` : ''));
    if (i.problem) out.push(`image rejected: ${i.problem}`);
    if (i.elfClass) {
      out.push(`ELF${i.elfClass} ${i.endianness}-endian, machine ${i.machine} (${i.abi ?? 'unknown ABI'}), kernel ${i.kernelVersion ?? 'unknown'}`);
      out.push(`hash: ${i.hashStyles!.join(', ')}; versions: ${i.versions!.join(', ') || '(unversioned)'}`);
      out.push('');
      const rows = [['symbol', 'version', 'value', 'size', 'type', 'bind', 'address']];
      for (const s of i.symbols!) rows.push([s.name, s.version ?? '-', hex(s.value), String(s.size), s.type, s.binding, s.address ?? '-']);
      out.push(table(rows));
    }
  }
  out.push('');
  const rows = [['function', 'path', 'why']];
  for (const [name, b] of Object.entries(i.backend)) rows.push([name, b.path, b.reason]);
  out.push(table(rows));
  if (i.disabled) out.push('\nVDSO_DISABLE=1: every call goes to the kernel.');
  return out.join('\n');
}

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('Usage: vdso [--json]\n  Describe this process\'s vDSO and which path serves each clock function.\n');
    return 0;
  }
  const unknown = argv.filter((a) => a !== '--json');
  if (unknown.length) {
    process.stderr.write(`vdso: unknown argument '${unknown[0]}' (try --help)\n`);
    return 2;
  }
  const i = info();
  process.stdout.write(argv.includes('--json') ? JSON.stringify(i, null, 2) + '\n' : render(i) + '\n');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
