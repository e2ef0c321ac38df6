import { visibleLength } from './style';

export type Align = 'left' | 'right';

/**
 * Aligned columns separated by two spaces; cells may carry color codes.
 * Numbers read best right-aligned, so each column says how to align.
 */
export function renderRows(rows: string[][], align: Align[] = []): string[] {
  // One pass, no spread: a table may have more rows than a call has room for arguments.
  const widths: number[] = [];
  for (const r of rows) {
    for (let c = 0; c < r.length; c++) widths[c] = Math.max(widths[c] ?? 0, visibleLength(r[c] ?? ''));
  }
  return rows.map((r) =>
    widths
      .map((w, c) => {
        const cell = r[c] ?? '';
        const pad = ' '.repeat(w - visibleLength(cell));
        return align[c] === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** A table whose first line is the header, optionally styled. */
export function renderTable(header: string[], rows: string[][], align: Align[] = [], headStyle?: (s: string) => string): string {
  const [head, ...body] = renderRows([header, ...rows], align);
  return [headStyle ? headStyle(head) : head, ...body].join('\n');
}
