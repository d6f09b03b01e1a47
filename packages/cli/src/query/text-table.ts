import { safeText } from './terminal-text.js';

/** Columns padded to their widest cell; cells are made safe for the terminal first. */
export function textTable(header: string[], rows: unknown[][]): string {
  const cells = [header, ...rows.map((row) => row.map(safeText))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
