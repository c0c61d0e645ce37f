/**
 * Reading an import file (src/services/import.ts): the CSV of `/export/blockers.csv` into checked
 * rows, or every problem by line. No writes.
 */
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import type { UnitRecord } from '../domain/records.ts';
import { CSV_COLUMNS, FORMULA_LIKE } from '../domain/spreadsheet.ts';
import {
  BLOCKER_STATUSES,
  type BlockerStatus,
  CATEGORIES,
  type Category,
  fmtId,
  PRIORITIES,
  type Priority,
  parseRecordId,
  SOURCES,
  type Source,
} from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import { blockers } from '../store/schema.ts';
import { unitsRepo } from '../store/units-repo.ts';

/** The export's columns, in its order (one list: src/domain/spreadsheet.ts). */
export const IMPORT_COLUMNS = CSV_COLUMNS;
type Column = (typeof IMPORT_COLUMNS)[number];

/** One thing wrong with the file, on a line (1 is the header); `code`/`params` name an i18n message. */
export interface ImportProblem {
  line: number;
  code: string;
  params: Record<string, string | number>;
}

/** The file was not imported: every problem found, by line. Nothing was written. */
export class ImportRejected extends Error {
  override readonly name = 'ImportRejected';
  constructor(readonly problems: ImportProblem[]) {
    super(`import rejected: ${problems.length} problem(s)`);
  }
}

export interface Row {
  line: number;
  id: number;
  title: string;
  status: BlockerStatus;
  priority: Priority;
  category: Category;
  source: Source;
  ownerUnit: UnitRecord | null;
  ownerPerson: string | null;
  reportingUnit: UnitRecord | null;
  deadline: Date | null;
  originalDeadline: Date | null;
  slipCount: number;
  slipDays: number;
  createdAt: Date;
  resolvedAt: Date | null;
}

/** Undoes the export's formula guard (`'=SUM(…)` was typed as `=SUM(…)`, `''=x` as `'=x`). */
export const unneutralise = (text: string) =>
  text.startsWith("'") && FORMULA_LIKE.test(text.slice(1)) ? text.slice(1) : text;

/** ISO 8601 with an offset or `Z`, as the export writes it; `''` is none. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads the CSV into checked rows, or throws {@link ImportRejected} with every problem. */
export async function readRows(db: Db, text: string): Promise<Row[]> {
  const problems: ImportProblem[] = [];
  const problem = (line: number, code: string, params: Record<string, string | number> = {}) =>
    void problems.push({ line, code, params });
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, csv-parse gives each record with the line it ends on (typed as plain records).
    records = parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    throw new ImportRejected([
      { line: e.lines ?? 1, code: 'import.bad_csv', params: { reason: e.message ?? String(err) } },
    ]);
  }
  const [head, ...body] = records;
  if (!head) throw new ImportRejected([{ line: 1, code: 'import.empty', params: {} }]);
  const header = head.record.map((h) => h.trim().toLowerCase());
  for (const h of header)
    if (!(IMPORT_COLUMNS as readonly string[]).includes(h))
      problem(1, 'import.unknown_column', { column: h });
  for (const c of IMPORT_COLUMNS) if (!header.includes(c)) problem(1, 'import.missing_column', { column: c });
  if (problems.length) throw new ImportRejected(problems);

  const units = new Map((await unitsRepo.all(db)).map((u) => [u.code, u]));
  const seen = new Set<number>();
  const rows: Row[] = [];
  let prevEnd = head.info.lines;
  for (const { record: cells, info } of body) {
    // The line a record starts on (a quoted title may run over several lines).
    const line = prevEnd + 1;
    prevEnd = info.lines;
    if (cells.length !== header.length) {
      problem(line, 'import.cell_count', { count: cells.length, expected: header.length });
      continue;
    }
    const cell = (c: Column) => (cells[header.indexOf(c)] ?? '').trim();
    const before = problems.length;
    const choice = <T extends string>(c: Column, list: readonly T[]): T => {
      const v = cell(c).toLowerCase();
      const hit = list.find((x) => x === v);
      if (!hit) problem(line, 'import.bad_value', { column: c, value: cell(c), choices: list.join(', ') });
      return hit ?? (list[0] as T);
    };
    const date = (c: Column, required = false): Date | null => {
      const v = cell(c);
      if (!v) {
        if (required) problem(line, 'import.missing_value', { column: c });
        return null;
      }
      const d = new Date(v);
      if (!ISO.test(v) || Number.isNaN(d.getTime())) {
        problem(line, 'import.bad_date', { column: c, value: v });
        return null;
      }
      return d;
    };
    const count = (c: Column): number => {
      const v = cell(c) || '0';
      if (!/^\d{1,6}$/.test(v)) problem(line, 'import.bad_number', { column: c, value: v });
      return Number.parseInt(v, 10) || 0;
    };
    const unit = (c: Column): UnitRecord | null => {
      const code = cell(c).toUpperCase();
      if (!code) return null;
      const u = units.get(code);
      if (!u) problem(line, 'import.unknown_unit', { unit: code });
      return u ?? null;
    };
    const id = parseRecordId('B', cell('id'));
    if (id === null) problem(line, 'import.bad_id', { value: cell('id') });
    else if (seen.has(id)) problem(line, 'import.duplicate_id', { id: fmtId.blocker(id) });
    else seen.add(id);
    const title = unneutralise(cell('title'));
    if (!title) problem(line, 'import.missing_value', { column: 'title' });
    else if (title.length > 300) problem(line, 'import.title_too_long', { max: 300 });
    const row: Row = {
      line,
      id: id ?? 0,
      title,
      status: choice('status', BLOCKER_STATUSES),
      priority: choice('priority', PRIORITIES),
      category: choice('category', CATEGORIES),
      source: choice('source', SOURCES),
      ownerUnit: unit('owner unit'),
      ownerPerson: unneutralise(cell('owner person')) || null,
      reportingUnit: unit('reporting unit'),
      deadline: date('deadline'),
      originalDeadline: date('original deadline'),
      slipCount: count('slip count'),
      slipDays: count('slip days'),
      createdAt: date('created', true) ?? new Date(0),
      resolvedAt: date('resolved'),
    };
    if (cell('overdue') && !['yes', 'no'].includes(cell('overdue').toLowerCase()))
      problem(line, 'import.bad_value', { column: 'overdue', value: cell('overdue'), choices: 'yes, no' });
    if (problems.length === before) rows.push(row);
  }
  if (body.length === 0) problem(2, 'import.no_rows');
  // Ids already taken in this database (importing twice, or into a database in use).
  if (seen.size > 0) {
    const taken = await db
      .select({ id: blockers.id })
      .from(blockers)
      .where(sql`${blockers.id} in ${[...seen]}`);
    const takenIds = new Set(taken.map((t) => t.id));
    for (const r of rows)
      if (takenIds.has(r.id)) problem(r.line, 'import.id_taken', { id: fmtId.blocker(r.id) });
  }
  if (problems.length) throw new ImportRejected(problems.sort((a, b) => a.line - b.line));
  return rows;
}
