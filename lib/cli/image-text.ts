import type { ImageDescription, SymbolInfo } from '../types';
import type { Style } from './style';
import { renderTable } from './table';

export function hex(v: number | string): string {
  return typeof v === 'number' ? '0x' + v.toString(16) : v;
}

/** readelf's spelling: name@@VERSION for the default version, name@VERSION for a hidden one. */
export function versionedName(s: SymbolInfo): string {
  // GNU ld's absolute symbol named after its version is shown bare, as readelf does.
  return s.version === null || s.name === s.version ? s.name : `${s.name}${s.hidden ? '@' : '@@'}${s.version}`;
}

/** The ELF facts, every defined symbol, and the ABI's entry points, as text. */
export function renderImage(d: Partial<ImageDescription>, style: Style, withAddress: boolean): string[] {
  const out: string[] = [];
  if (!d.elfClass) return out;
  out.push(
    `${style.bold('ELF' + d.elfClass)} ${d.endianness}-endian, machine ${d.machine} (${d.abi ?? 'unknown ABI'}), ` +
      `e_flags ${hex(d.flags ?? 0)}, soname ${d.soname ?? '(none)'}, kernel ${d.kernelVersion ?? 'unknown'}`,
  );
  out.push(`hash tables: ${d.hashStyles!.join(', ') || '(none)'}; versions: ${d.versions!.join(', ') || '(unversioned)'}`);
  out.push('');
  const header = ['symbol', 'value', 'size', 'type', 'bind'];
  if (withAddress) header.push('address');
  const rows = d.symbols!.map((s) => {
    const row = [s.name === '' && s.type === 'SECTION' ? style.dim('(section)') : versionedName(s), hex(s.value), String(s.size), s.type, s.binding];
    if (withAddress) row.push(s.address ?? '-');
    return row;
  });
  out.push(renderTable(header, rows, ['left', 'right', 'right'], style.bold));
  if (d.functions!.length) {
    out.push('');
    const fnRows = d.functions!.map((f) => [
      f.function,
      `${f.symbol}@${f.version}`,
      f.present ? style.green('present') : style.yellow('missing'),
      f.value === null ? '-' : hex(f.value),
    ]);
    out.push(renderTable([`${d.abi} entry points`, 'symbol', 'status', 'value'], fnRows, [], style.bold));
  }
  return out;
}
