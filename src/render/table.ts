import type { ReplyTable } from '../domain/reply.ts';

/** Display width of a string (code points; the table's text is letters, digits and a few symbols). */
const width = (s: string) => [...s].length;

function padName(s: string, w: number): string {
  const chars = [...s];
  if (chars.length <= w) return s + ' '.repeat(w - chars.length);
  return `${chars.slice(0, Math.max(0, w - 1)).join('')}…`;
}

/**
 * A table as fixed-width lines no wider than `maxWidth` (a phone shows ~32–40 monospace
 * characters): the figure columns keep their width and the first (names) column takes what is
 * left; a name longer than that goes on a line of its own (cut with "…" only past `maxWidth`) with
 * its figures on the next. Rows under a `strong` row are indented by one space.
 */
export function monoTable(table: ReplyTable, maxWidth = 36): string[] {
  const cols = table.head.length;
  const numW = Array.from({ length: cols }, (_, i) =>
    i === 0 ? 0 : Math.max(width(table.head[i] ?? ''), ...table.rows.map((r) => width(r.cells[i] ?? ''))),
  );
  const rest = numW.reduce((n, w, i) => (i === 0 ? n : n + w + 1), 0);
  const longestName = Math.max(
    width(table.head[0] ?? ''),
    ...table.rows.map((r) => width(r.cells[0] ?? '') + 1),
  );
  const nameW = Math.max(6, Math.min(longestName, maxWidth - rest));
  const line = (cells: string[], indent: boolean) =>
    [
      padName(`${indent ? ' ' : ''}${cells[0] ?? ''}`, nameW),
      ...cells.slice(1).map((c, i) => (c ?? '').padStart(numW[i + 1] ?? 0)),
    ]
      .join(' ')
      .trimEnd();
  const hasGroups = table.rows.some((r) => r.strong);
  const out = [line(table.head, false)];
  for (const r of table.rows) {
    const indent = hasGroups && !r.strong;
    const name = `${indent ? ' ' : ''}${r.cells[0] ?? ''}`;
    if (width(name) <= nameW) out.push(line(r.cells, indent));
    else out.push(padName(name, maxWidth).trimEnd(), line(['', ...r.cells.slice(1)], false));
  }
  return out;
}
