/** `GET /export/blockers.csv`: every blocker (or the filtered ones) for Excel and other tools. */
import { isoWithOffset } from '../domain/local-time.ts';
import { CSV_COLUMNS, FORMULA_LIKE } from '../domain/spreadsheet.ts';

export { CSV_COLUMNS };

import type { Translate } from '../i18n/index.ts';
import { BATCH_SIZE, type PublicBlocker, type PublicView } from '../services/public-view.ts';
import type { WebQuery } from './web-query.ts';

/** ISO 8601 with the working group's offset (`2026-12-31T17:00:00+07:00`): exact, and readable locally. */
const iso = (d: Date | null, tz: string) => (d ? isoWithOffset(d, tz) : '');

/**
 * A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR,
 * also after leading spaces) gets a leading apostrophe, so text typed in chat cannot become a
 * formula on an official's machine. Applied to every text cell, not only titles. Text that
 * already starts with apostrophes before such a character gets one more, so the import
 * (src/services/import-rows.ts) can always take exactly one off.
 */
export const neutralise = (text: string) => (FORMULA_LIKE.test(text) ? `'${text}` : text);

/**
 * Quote every field holding a CR, an LF, a quote or the separator. csv-stringify quotes only
 * the whole record delimiter (CRLF), so a bare CR or LF would otherwise split a row in Excel.
 */
const MUST_QUOTE = /[\r\n",;]/;

function row(b: PublicBlocker, tz: string): (string | number)[] {
  const cells: (string | number)[] = [
    b.ref,
    b.title,
    b.status,
    b.overdue ? 'yes' : 'no',
    b.priority,
    b.category,
    b.source,
    b.ownerUnit?.code ?? '',
    b.ownerPerson ?? '',
    b.reportingUnit?.code ?? '',
    iso(b.deadline, tz),
    iso(b.originalDeadline, tz),
    b.slipCount,
    b.slipDays,
    iso(b.createdAt, tz),
    iso(b.resolvedAt, tz),
  ];
  return cells.map((c) => (typeof c === 'string' ? neutralise(c) : c));
}

/** A quoted cell: `"…"` with every quote doubled. */
const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * One CSV line (CRLF included) of `cells`, exactly as csv-stringify writes it with
 * {@link csvOptions}: a text cell quoted when {@link MUST_QUOTE} matches (every separator, quote
 * and line break is in it), a number as it is. Written by hand because csv-stringify's general
 * machinery (casts, options per field) was a third of an export's time; test/http/public-read.test.ts
 * and test/http/csv-line.test.ts hold the two equal.
 */
export function csvLine(cells: readonly (string | number)[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as string | number;
    if (i > 0) out += ',';
    out += typeof c === 'number' ? String(c) : MUST_QUOTE.test(c) ? quoted(c) : c;
  }
  return `${out}\r\n`;
}

/** The header line: {@link CSV_COLUMNS}, or as `headers` translates them. */
const headerLine = (headers: Translate | null) => csvLine(csvOptions(headers).columns.map((c) => c.header));

/** The records of `blockers`, one per row, keyed by column. */
export const csvRecords = (blockers: PublicBlocker[], tz: string) =>
  blockers.map((b) => Object.fromEntries(row(b, tz).map((v, i) => [CSV_COLUMNS[i], v])));

/**
 * How the rows are written: header {@link CSV_COLUMNS} (what the import reads) unless `headers`
 * translates it (`?lang=vi`), CRLF after every record, quotes where {@link MUST_QUOTE} says.
 */
export function csvOptions(headers: Translate | null) {
  const columns = CSV_COLUMNS.map((c) => ({
    key: c,
    header: headers ? headers(`csv.${c.replace(/ /g, '_')}`) : c,
  }));
  return { columns, record_delimiter: 'windows', quoted_match: MUST_QUOTE } as const;
}

/**
 * The CSV text in pieces, one per batch of `batchSize` blockers, all read in one snapshot
 * (`PublicView.snapshot`): the first with the UTF-8 byte-order mark (so Excel reads Vietnamese
 * right) and the header, then CRLF rows. Joined, the pieces are exactly what one `stringify` of
 * every row gives.
 */
export function blockersCsv(
  view: PublicView,
  q: WebQuery,
  tz: string,
  headers: Translate | null = null,
  batchSize = BATCH_SIZE,
): AsyncGenerator<string> {
  return view.snapshot((v) => csvPieces(v, q, tz, headers, batchSize));
}

async function* csvPieces(
  view: PublicView,
  q: WebQuery,
  tz: string,
  headers: Translate | null,
  batchSize: number,
): AsyncGenerator<string> {
  let head = `\ufeff${headerLine(headers)}`;
  for await (const batch of view.batches({ unit: q.unit, block: q.block, statuses: q.statuses }, batchSize)) {
    let piece = head;
    for (const b of batch) piece += csvLine(row(b, tz));
    yield piece;
    head = '';
  }
  if (head) yield head;
}
