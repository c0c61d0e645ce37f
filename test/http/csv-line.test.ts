/**
 * The export's hand-written CSV line is what csv-stringify writes with the export's options, for
 * any cells: separators, quotes, bare CR and LF, formulas, Vietnamese, empty cells, numbers.
 */
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvLine, csvOptions } from '../../src/http/export-csv.ts';
import { translator } from '../../src/i18n/index.ts';

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('a', 'ă', ',', ';', '"', "'", '\r', '\n', ' ', '=', '\t', '😀') }),
);
const cell = fc.oneof(text, fc.integer({ min: -1000, max: 100_000 }));

describe('csvLine', () => {
  it('writes any row as csv-stringify does with the export options', () => {
    const options = csvOptions(null);
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: CSV_COLUMNS.length, maxLength: CSV_COLUMNS.length }),
        (cells) => {
          const record = Object.fromEntries(cells.map((v, i) => [CSV_COLUMNS[i], v]));
          expect(csvLine(cells)).toBe(stringify([record], { ...options, header: false }));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('writes the header lines (English and Vietnamese) as csv-stringify does', () => {
    for (const headers of [null, translator('vi')]) {
      const options = csvOptions(headers);
      expect(csvLine(options.columns.map((c) => c.header))).toBe(stringify([], { ...options, header: true }));
    }
  });
});
