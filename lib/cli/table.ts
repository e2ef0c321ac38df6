import { visibleLength } from './style';

export type Align = 'left' | 'right';

/**
 * Aligned columns separated by two spaces; cells may carry color codes.
 * Numbers read best right-aligned, so each column says how to align.
 */
export function renderRows(rows: string[][], align: Align[] = []): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((r) => visibleLength(r[c] ?? ''))));
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
