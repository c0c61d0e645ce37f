/**
 * Reading an import file (src/services/import.ts): the CSV of `/export/blockers.csv` into checked
 * rows, or every problem by line. No writes.
 */
import { parse } from 'csv-parse/sync';
import { TITLE_MAX } from '../domain/limits.ts';
import type { UnitRecord } from '../domain/records.ts';
import { CSV_COLUMNS, FORMULA_LIKE, type SpreadsheetFields } from '../domain/spreadsheet.ts';
import { BLOCKER_STATUSES, CATEGORIES, fmtId, PRIORITIES, parseRecordId, SOURCES } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import type { Db } from '../store/db.ts';
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

/** One checked line of the file. */
export interface Row extends SpreadsheetFields {
  line: number;
  id: number;
}

/** Undoes the export's formula guard (`'=SUM(…)` was typed as `=SUM(…)`, `''=x` as `'=x`). */
export const unneutralise = (text: string) =>
  text.startsWith("'") && FORMULA_LIKE.test(text.slice(1)) ? text.slice(1) : text;

/** ISO 8601 with an offset or `Z`, as the export writes it; `''` is none. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

type Params = Record<string, string | number>;

/** Every problem found so far, by line. */
class Problems {
  readonly list: ImportProblem[] = [];
  add(line: number, code: string, params: Params = {}): void {
    this.list.push({ line, code, params });
  }
  /** Nothing is imported when anything is wrong: every problem at once, by line. */
  throwIfAny(): void {
    if (this.list.length) throw new ImportRejected([...this.list].sort((a, b) => a.line - b.line));
  }
}

/** A CSV record with the line it ends on. */
type CsvRecord = { record: string[]; info: { lines: number } };

function parseCsv(text: string): CsvRecord[] {
  try {
    // With `info`, csv-parse gives each record with the line it ends on (typed as plain records).
    return parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as CsvRecord[];
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    throw new ImportRejected([
      { line: e.lines ?? 1, code: 'import.bad_csv', params: { reason: e.message ?? String(err) } },
    ]);
  }
}

/** The header's columns (lower case), or every unknown and missing column. */
function readHeader(head: CsvRecord | undefined): string[] {
  if (!head) throw new ImportRejected([{ line: 1, code: 'import.empty', params: {} }]);
  const problems = new Problems();
  const header = head.record.map((h) => h.trim().toLowerCase());
  for (const h of header)
    if (!(IMPORT_COLUMNS as readonly string[]).includes(h))
      problems.add(1, 'import.unknown_column', { column: h });
  for (const c of IMPORT_COLUMNS)
    if (!header.includes(c)) problems.add(1, 'import.missing_column', { column: c });
  problems.throwIfAny();
  return header;
}

/** One record's cells read by column, each kind of value checked; what is wrong goes to `problems`. */
class Cells {
  constructor(
    private readonly header: string[],
    private readonly cells: string[],
    private readonly line: number,
    private readonly problems: Problems,
  ) {}

  private problem(code: string, params: Params = {}): void {
    this.problems.add(this.line, code, params);
  }

  text(c: Column): string {
    return (this.cells[this.header.indexOf(c)] ?? '').trim();
  }

  choice<T extends string>(c: Column, list: readonly T[]): T {
    const v = this.text(c).toLowerCase();
    const hit = list.find((x) => x === v);
    if (!hit) this.problem('import.bad_value', { column: c, value: this.text(c), choices: list.join(', ') });
    return hit ?? (list[0] as T);
  }

  date(c: Column, required = false): Date | null {
    const v = this.text(c);
    if (!v) {
      if (required) this.problem('import.missing_value', { column: c });
      return null;
    }
    const d = new Date(v);
    if (ISO.test(v) && !Number.isNaN(d.getTime())) return d;
    this.problem('import.bad_date', { column: c, value: v });
    return null;
  }

  count(c: Column): number {
    const v = this.text(c) || '0';
    if (!/^\d{1,6}$/.test(v)) this.problem('import.bad_number', { column: c, value: v });
    return Number.parseInt(v, 10) || 0;
  }

  unit(c: Column, units: Map<string, UnitRecord>): UnitRecord | null {
    const code = this.text(c).toUpperCase();
    if (!code) return null;
    const u = units.get(code);
    if (!u) this.problem('import.unknown_unit', { unit: code });
    return u ?? null;
  }

  /** The blocker's id: a `B-n` not seen on an earlier line. */
  id(seen: Set<number>): number {
    const id = parseRecordId('B', this.text('id'));
    if (id === null) this.problem('import.bad_id', { value: this.text('id') });
    else if (seen.has(id)) this.problem('import.duplicate_id', { id: fmtId.blocker(id) });
    else seen.add(id);
    return id ?? 0;
  }

  /** The title, as the command takes it: present and within the one title limit. */
  title(): string {
    const title = unneutralise(this.text('title'));
    if (!title) this.problem('import.missing_value', { column: 'title' });
    else if (title.length > TITLE_MAX) this.problem('blocker.title_too_long', { max: TITLE_MAX });
    return title;
  }

  /** `overdue` is derived on every read; the file's column is only checked. */
  checkOverdue(): void {
    const v = this.text('overdue');
    if (v && !['yes', 'no'].includes(v.toLowerCase()))
      this.problem('import.bad_value', { column: 'overdue', value: v, choices: 'yes, no' });
  }
}

/** One record as a row: its identity, its vocabulary, who owns it, its dates and its slips. */
function readRow(line: number, c: Cells, units: Map<string, UnitRecord>, seen: Set<number>): Row {
  const row: Row = {
    line,
    id: c.id(seen),
    title: c.title(),
    status: c.choice('status', BLOCKER_STATUSES),
    priority: c.choice('priority', PRIORITIES),
    category: c.choice('category', CATEGORIES),
    source: c.choice('source', SOURCES),
    ownerUnit: c.unit('owner unit', units),
    ownerPerson: unneutralise(c.text('owner person')) || null,
    reportingUnit: c.unit('reporting unit', units),
    deadline: c.date('deadline'),
    originalDeadline: c.date('original deadline'),
    slipCount: c.count('slip count'),
    slipDays: c.count('slip days'),
    createdAt: c.date('created', true) ?? new Date(0),
    resolvedAt: c.date('resolved'),
  };
  c.checkOverdue();
  return row;
}

/** Reads the CSV into checked rows, or throws {@link ImportRejected} with every problem. */
export async function readRows(db: Db, text: string): Promise<Row[]> {
  const [head, ...body] = parseCsv(text);
  const header = readHeader(head);
  const problems = new Problems();
  const units = new Map((await unitsRepo.all(db)).map((u) => [u.code, u]));
  const seen = new Set<number>();
  const rows: Row[] = [];
  let prevEnd = head?.info.lines ?? 1;
  for (const { record: cells, info } of body) {
    // The line a record starts on (a quoted title may run over several lines).
    const line = prevEnd + 1;
    prevEnd = info.lines;
    if (cells.length !== header.length) {
      problems.add(line, 'import.cell_count', { count: cells.length, expected: header.length });
      continue;
    }
    const before = problems.list.length;
    const row = readRow(line, new Cells(header, cells, line, problems), units, seen);
    if (problems.list.length === before) rows.push(row);
  }
  if (body.length === 0) problems.add(2, 'import.no_rows');
  // Ids already taken in this database (importing twice, or into a database in use).
  const taken = await blockersRepo.takenIds(db, [...seen]);
  for (const r of rows)
    if (taken.has(r.id)) problems.add(r.line, 'import.id_taken', { id: fmtId.blocker(r.id) });
  problems.throwIfAny();
  return rows;
}
