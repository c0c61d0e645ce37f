import type { UnitRecord } from './records.ts';
import type { BlockerStatus, Category, Priority, Source } from './types.ts';

/**
 * Text a spreadsheet would run as a formula: starting with `=`, `+`, `-`, `@` (or their
 * full-width forms), a tab or a CR, also after leading spaces. Leading apostrophes are skipped, so
 * the export adds one more to text that already has them and the import can always take exactly
 * one off (the round trip stays exact).
 */
export const FORMULA_LIKE = /^'*(?:[\t\r]|\s*[=+\-@＝＋－＠])/u;

/** The columns of `/export/blockers.csv`, in order: what the export writes and the import reads. */
export const CSV_COLUMNS = [
  'id',
  'title',
  'status',
  'overdue',
  'priority',
  'category',
  'source',
  'owner unit',
  'owner person',
  'reporting unit',
  'deadline',
  'original deadline',
  'slip count',
  'slip days',
  'created',
  'resolved',
] as const;

/** A blocker as its spreadsheet row says it (the export writes these fields, the import reads them). */
export interface SpreadsheetFields {
  title: string;
  status: BlockerStatus;
  priority: Priority;
  category: Category;
  source: Source;
  ownerUnit: UnitRecord | null;
  /** The owner person's display name only (never a caller's). */
  ownerPerson: string | null;
  reportingUnit: UnitRecord | null;
  deadline: Date | null;
  originalDeadline: Date | null;
  slipCount: number;
  slipDays: number;
  createdAt: Date;
  resolvedAt: Date | null;
}
