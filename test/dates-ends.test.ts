import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDateTime, parseDate } from '../src/dates.ts';

/** Month ends, the year end and the 17:00 boundary with explicit times; a round-trip property. */
const HCM = 'Asia/Ho_Chi_Minh';
const hcm = (local: string) => new Date(`${local}:00+07:00`);
const at = (now: string, input: string, lang?: 'en' | 'vi') =>
  formatDateTime(parseDate(input, { now: hcm(now), tz: HCM, lang }), HCM);
function code(now: string, input: string): string {
  try {
    parseDate(input, { now: hcm(now), tz: HCM });
  } catch (err) {
    return (err as { code: string }).code;
  }
  throw new Error(`${input} parsed`);
}

describe('parseDate: with a time across month ends and the year end (HCM)', () => {
  it.each([
    ['2026-01-31T10:00', '+1d 00:00', '01/02/2026 00:00'],
    ['2026-01-31T10:00', 'ngày mai 08:30', '01/02/2026 08:30'],
    ['2026-01-31T10:00', 'eom 23:59', '31/01/2026 23:59'],
    ['2026-02-28T10:00', 'eom 10:00', '28/02/2026 10:00'],
    ['2028-02-28T22:00', 'tomorrow 06:00', '29/02/2028 06:00'],
    ['2026-04-30T16:00', '01.05 09:30', '01/05/2026 09:30'],
    ['2026-04-30T16:00', '01/05/2026 9:30', '01/05/2026 09:30'],
    ['2026-12-31T10:00', '+1d 00:00', '01/01/2027 00:00'],
    ['2026-12-31T10:00', 'ngày mai 07:45', '01/01/2027 07:45'],
    ['2026-12-31T10:00', 'hôm nay 23:59', '31/12/2026 23:59'],
    ['2026-12-31T10:00', 'eoy 23:59', '31/12/2026 23:59'],
    ['2026-12-31T10:00', '2027-01-01 08:00', '01/01/2027 08:00'],
    ['2026-12-31T10:00', '01.01 08:00', '01/01/2027 08:00'],
    ['2026-12-31T10:00', 'fri 09:00', '01/01/2027 09:00'],
    ['2026-12-31T16:59', 'today', '31/12/2026 17:00'],
    ['2026-12-31T17:00', 'eoy', '31/12/2026 17:00'],
    ['2026-12-31T23:30', 'tomorrow 00:00', '01/01/2027 00:00'],
  ])('at %s, %s -> %s', (now, input, expected) => {
    expect(at(now, input)).toBe(expected);
    expect(at(now, input, 'vi')).toBe(expected);
  });

  it.each([
    ['2026-12-31T17:01', 'eoy'],
    ['2026-12-31T17:01', 'hôm nay'],
    ['2026-12-31T10:00', 'today 09:00'],
    ['2026-01-31T23:00', 'eom 22:59'],
  ])('at %s, %s -> date.past', (now, input) => {
    expect(code(now, input)).toBe('date.past');
  });
});

describe('parseDate: every numeric form reads back the day and time it names (property)', () => {
  const now = hcm('2026-03-04T10:00');
  const pad = (n: number) => String(n).padStart(2, '0');

  it('YYYY-MM-DD, DD/MM/YYYY and DD.MM.YYYY, with and without HH:mm, give that local time in HCM', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 * 366 }),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))),
        fc.constantFrom('iso', 'slash', 'dot'),
        (days, time, form) => {
          const day = new Date(now.getTime() + days * 86_400_000 + 7 * 3_600_000); // HCM wall clock as UTC
          const [y, m, d] = [day.getUTCFullYear(), pad(day.getUTCMonth() + 1), pad(day.getUTCDate())];
          const date =
            form === 'iso' ? `${y}-${m}-${d}` : form === 'slash' ? `${d}/${m}/${y}` : `${d}.${m}.${y}`;
          const [hh, mm] = time ?? [17, 0];
          const text = time ? `${date} ${hh}:${pad(mm)}` : date;
          expect(at('2026-03-04T10:00', text)).toBe(`${d}/${m}/${y} ${pad(hh)}:${pad(mm)}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
