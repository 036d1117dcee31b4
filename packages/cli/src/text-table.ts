/** Left-aligned columns with a header row, for list commands in text mode. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return renderColumns([headers, ...rows]);
}

/** Left-aligned columns, two spaces apart. */
export function renderColumns(rows: readonly (readonly string[])[]): string {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(0, ...rows.map((r) => (r[i] ?? '').length)),
  );
  return rows
    .map((cells) =>
      cells
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
