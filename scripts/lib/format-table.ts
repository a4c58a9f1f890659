/** A plain-text table for terminal output. Numbers read best right-aligned, words left-aligned. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('left' | 'right')[] = header.map((_, c) => (c === 0 ? 'left' : 'right')),
): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      // A cell beyond the header's columns has no width to fill: it is printed as it is.
      .map((cell, c) => (align[c] === 'left' ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
