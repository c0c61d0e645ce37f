/**
 * The fast wall-clock helpers agree with dayjs (what the exports and the day counts used before)
 * for any instant, in zones with and without daylight saving and with odd offsets.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoWithOffset, localDayNumber } from '../../src/domain/local-time.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

const ZONES = [
  'Asia/Ho_Chi_Minh',
  'Europe/Paris',
  'America/New_York',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'UTC',
];
const instant = fc
  .integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) })
  .map((ms) => new Date(ms));

describe('local time', () => {
  it('isoWithOffset is dayjs’s YYYY-MM-DDTHH:mm:ssZ', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (d, tz) => {
        expect(isoWithOffset(d, tz)).toBe(dayjs(d).tz(tz).format('YYYY-MM-DDTHH:mm:ssZ'));
      }),
      { numRuns: 2000 },
    );
  });

  it('isoWithOffset around a daylight-saving change and at midnight', () => {
    expect(isoWithOffset(new Date('2026-03-29T00:59:59Z'), 'Europe/Paris')).toBe('2026-03-29T01:59:59+01:00');
    expect(isoWithOffset(new Date('2026-03-29T01:00:00Z'), 'Europe/Paris')).toBe('2026-03-29T03:00:00+02:00');
    expect(isoWithOffset(new Date('2026-12-31T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe(
      '2027-01-01T00:00:00+07:00',
    );
  });

  it('localDayNumber differences are dayjs’s calendar-day differences', () => {
    fc.assert(
      fc.property(instant, instant, fc.constantFrom(...ZONES), (a, b, tz) => {
        const dj = dayjs
          .utc(dayjs(b).tz(tz).format('YYYY-MM-DD'))
          .diff(dayjs.utc(dayjs(a).tz(tz).format('YYYY-MM-DD')), 'day');
        expect(localDayNumber(b, tz) - localDayNumber(a, tz)).toBe(dj);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('date formats', () => {
  it('formatDate, formatDateTime and formatDateSmart are the dayjs formats they replaced', async () => {
    const { formatDate, formatDateTime, formatDateSmart } = await import('../../src/dates.ts');
    const on17 = instant.map((d) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000));
    fc.assert(
      fc.property(fc.oneof(instant, on17), fc.constantFrom(...ZONES), (d, tz) => {
        const l = dayjs(d).tz(tz);
        expect(formatDate(d, tz)).toBe(l.format('DD/MM/YYYY'));
        expect(formatDateTime(d, tz)).toBe(l.format('DD/MM/YYYY HH:mm'));
        const isDefault = l.hour() === 17 && l.minute() === 0 && l.second() === 0;
        expect(formatDateSmart(d, tz)).toBe(l.format(isDefault ? 'DD/MM/YYYY' : 'DD/MM/YYYY HH:mm'));
      }),
      { numRuns: 3000 },
    );
  });
});
