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
