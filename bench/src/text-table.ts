/**
 * A plain-text table for a benchmark's summary: columns as wide as their widest cell, two spaces
 * apart, a rule under the header; numbers right-aligned, the `left` columns (by index, -1 for
 * the last) left-aligned.
 */
export function textTable(header: string[], rows: string[][], left: number[] = []): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const leftAligned = new Set(left.map((column) => (column < 0 ? header.length + column : column)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        leftAligned.has(column)
          ? cell.padEnd(widths[column] ?? 0)
          : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}
