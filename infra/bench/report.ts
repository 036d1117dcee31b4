import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface ReportRow {
  readonly bench: string;
  readonly metric: string;
  readonly value: string;
  readonly note?: string;
}

/** Prints rows as an aligned plain-text table (copy-pasteable into docs/performance.md). */
export function printTable(rows: readonly ReportRow[]): void {
  const cells = rows.map((r) => [r.bench, r.metric, r.value, r.note ?? '']);
  const header = ['bench', 'metric', 'value', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) =>
    c
      .map((v, i) => (i === 2 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const c of cells) console.log(line(c));
}

/** Prints a header and rows as right-aligned columns but the first. */
export function printColumns(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}

const BENCH_DIR = fileURLToPath(new URL('../../.bench/', import.meta.url));

/** Writes the full result as .bench/bench-<ISO time>.json at the repository root; returns the path. */
export async function writeResult(result: object, startedAt: Date): Promise<string> {
  await mkdir(BENCH_DIR, { recursive: true });
  const path = `${BENCH_DIR}bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  await writeFile(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

/** 12345.6 -> "12,346"; small numbers keep one decimal. */
export function formatNumber(n: number | null, digits = 0): string {
  if (n === null || Number.isNaN(n)) return 'n/a';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
