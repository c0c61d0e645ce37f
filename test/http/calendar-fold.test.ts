/** Our line folding of the calendar is ical-generator's `foldLines`, for any text. */
import fc from 'fast-check';
import { foldLines } from 'ical-generator';
import { describe, expect, it } from 'vitest';
import { foldIcsLines } from '../../src/http/calendar.ts';

const line = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      'Đơn vị Sở Tài chính — hạn chót',
      '🇻🇳 B-12 · Bộ Tài chính',
      'a'.repeat(80),
      'é'.repeat(60),
    ),
  ),
  { maxLength: 6 },
);

describe('calendar line folding', () => {
  it('equals ical-generator’s foldLines on any lines, Vietnamese, emoji and broken surrogates too', () => {
    fc.assert(
      fc.property(line, (parts) => {
        const text = parts.join('\r\n');
        expect(foldIcsLines(text)).toBe(foldLines(text));
      }),
      { numRuns: 1000 },
    );
  });
});
