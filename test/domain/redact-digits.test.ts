/**
 * redactPhones skips its costly search when a text has fewer than five digits: that is only
 * right if no phone number has so few. Checked against the library itself, ASCII and full-width
 * digits, with and without `+`, in every grouping.
 */
import fc from 'fast-check';
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { redactPhones } from '../../src/domain/redact.ts';

const FULL_WIDTH = '０１２３４５６７８９';

describe('phone redaction below five digits', () => {
  it('the library finds no phone number with four digits or fewer, in any text around them', () => {
    const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(
        digits,
        fc.boolean(),
        fc.constantFrom('', '+', '+(', 'call ', 'gọi +'),
        fc.constantFrom('', ' ', '-', '.'),
        (ds, wide, before, sep) => {
          const text = before + ds.map((d) => (wide ? FULL_WIDTH[d] : String(d))).join(sep);
          expect(findPhoneNumbersInText(text, 'VN')).toEqual([]);
          expect(redactPhones(text)).toBe(text);
        },
      ),
      { numRuns: 3000 },
    );
    // Every four-digit run with a leading +, exhaustively.
    for (let n = 0; n < 10_000; n++)
      expect(findPhoneNumbersInText(`+${String(n).padStart(4, '0')}`, 'VN')).toEqual([]);
  });

  it('still redacts numbers written with full-width digits and with five or more digits', () => {
    expect(redactPhones('gọi ０９１２ ３４５ ６７８ nhé')).not.toContain('６７８');
    expect(redactPhones('call +49 1688 now')).not.toContain('1688');
  });
});
