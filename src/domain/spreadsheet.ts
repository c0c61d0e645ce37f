/**
 * Text a spreadsheet would run as a formula: starting with `=`, `+`, `-`, `@` (or their
 * full-width forms), a tab or a CR, also after leading spaces. Leading apostrophes are skipped, so
 * the export adds one more to text that already has them and the import can always take exactly
 * one off (the round trip stays exact).
 */
export const FORMULA_LIKE = /^'*(?:[\t\r]|\s*[=+\-@＝＋－＠])/u;
