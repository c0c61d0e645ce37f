import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TZ,
  daysBetween,
  formatDate,
  formatDateSmart,
  formatDateTime,
  isValidTimeZone,
  parseDate,
  startOfMonth,
  startOfWeek,
} from '../src/dates.ts';
import { thrown } from './support/thrown.ts';

const HCM = 'Asia/Ho_Chi_Minh'; // UTC+7, no DST: 17:00 local = 10:00Z
const NY = 'America/New_York'; // UTC-5 / UTC-4 (DST from 08/03/2026)

/** An instant from a Ho Chi Minh City wall-clock time `YYYY-MM-DDTHH:mm`. */
const hcm = (local: string) => new Date(`${local}:00+07:00`);

/** Parses in HCM and shows the result as local `DD/MM/YYYY HH:mm`. */
const at = (now: string, input: string, lang?: 'en' | 'vi') =>
  formatDateTime(parseDate(input, { now: hcm(now), tz: HCM, lang }), HCM);

const code = (now: string, input: string, tz = HCM) =>
  thrown(() => parseDate(input, { now: hcm(now), tz })).code;

describe('parseDate: every form, en and vi (HCM, Wednesday 04/03/2026 10:00)', () => {
  const NOW = '2026-03-04T10:00';
  // Each row: the expected local result, then every input that must give it.
  const groups: [string, ...string[]][] = [
    ['20/03/2026 17:00', '2026-03-20', '20/03/2026', '20.03.2026', '20/03', '20.03', '20-03-2026'],
    ['05/03/2026 17:00', '2026-3-5', '5/3/2026', 'tomorrow', 'ngày mai', 'ngay mai', 'Ngày Mai'],
    ['05/03/2026 17:00', 'nga\u0300y mai', 'thu', 'thursday', 'thứ năm', 'thứ 5', 't5'], // NFD input too
    ['04/03/2026 17:00', '04/03', 'today', '+0d', 'hôm nay', 'hom nay', 'Hôm Nay', '  TODAY  '],
    ['03/03/2027 17:00', '03/03'],
    ['07/03/2026 17:00', '+3d', 'sat', 'saturday', 'thứ bảy', 'thứ 7', 't7'],
    ['18/03/2026 17:00', '+2w', '+14d'],
    ['09/03/2026 17:00', 'mon', 'Monday', 'thứ hai', 'thu hai', 'thứ 2', 't2', 'T2'],
    ['10/03/2026 17:00', 'tue', 'tuesday', 'thứ ba', 't3'],
    ['11/03/2026 17:00', 'wed', 'wednesday', 'thứ tư', 't4'],
    ['06/03/2026 17:00', 'fri', 'FRIDAY', 'thứ sáu', 'thứ 6', 'T6', 'eow', '  fri  '],
    ['08/03/2026 17:00', 'sun', 'sunday', 'chủ nhật', 'chu nhat', 'cn', 'CN'],
    ['31/03/2026 17:00', 'eom'],
    ['31/12/2026 17:00', 'eoy'],
  ];
  it.each(groups.flatMap(([expected, ...inputs]) => inputs.map((input) => [input, expected])))(
    '%s -> %s',
    (input, expected) => {
      expect(at(NOW, input)).toBe(expected);
      expect(at(NOW, input, 'vi')).toBe(expected);
    },
  );

  it.each([
    ['2026-12-31 09:30', '31/12/2026 09:30'],
    ['2026-12-31T09:30', '31/12/2026 09:30'],
    ['31/12/2026 9:05', '31/12/2026 09:05'],
    ['31.12.2026 23:59', '31/12/2026 23:59'],
    ['31/12 00:00', '31/12/2026 00:00'],
    ['today 10:00', '04/03/2026 10:00'],
    ['today 23:59', '04/03/2026 23:59'],
    ['tomorrow 09:30', '05/03/2026 09:30'],
    ['tomorrow   7:00', '05/03/2026 07:00'],
    ['+3d 08:00', '07/03/2026 08:00'],
    ['+1w 12:00', '11/03/2026 12:00'],
    ['fri 14:00', '06/03/2026 14:00'],
    ['wed 08:00', '11/03/2026 08:00'],
    ['eow 16:00', '06/03/2026 16:00'],
    ['eom 18:00', '31/03/2026 18:00'],
    ['eoy 12:00', '31/12/2026 12:00'],
    ['hôm nay 16:30', '04/03/2026 16:30'],
    ['ngày mai 09:30', '05/03/2026 09:30'],
    ['thứ sáu 14:00', '06/03/2026 14:00'],
    ['cn 8:00', '08/03/2026 08:00'],
  ])('%s -> %s (with a time)', (input, expected) => {
    expect(at(NOW, input)).toBe(expected);
  });

  it('returns the UTC instant of 17:00 local (10:00Z in HCM)', () => {
    expect(parseDate('2026-03-20', { now: hcm(NOW), tz: HCM }).toISOString()).toBe(
      '2026-03-20T10:00:00.000Z',
    );
    expect(parseDate('tomorrow 09:30', { now: hcm(NOW), tz: HCM }).toISOString()).toBe(
      '2026-03-05T02:30:00.000Z',
    );
  });

  it('accepts exactly now', () => {
    expect(at(NOW, 'today 10:00')).toBe('04/03/2026 10:00');
  });
});

describe('parseDate: month ends, leap years, the year end', () => {
  it.each([
    // 31/01 (Saturday) 10:00
    ['2026-01-31T10:00', '+1d', '01/02/2026 17:00'],
    ['2026-01-31T10:00', 'tomorrow', '01/02/2026 17:00'],
    ['2026-01-31T10:00', 'eom', '31/01/2026 17:00'],
    ['2026-01-31T10:00', '01/02', '01/02/2026 17:00'],
    ['2026-01-31T10:00', '30/01', '30/01/2027 17:00'],
    ['2026-01-31T10:00', 'eow', '06/02/2026 17:00'],
    ['2026-01-31T10:00', 'sun', '01/02/2026 17:00'],
    ['2026-02-10T10:00', 'eom', '28/02/2026 17:00'],
    ['2028-02-10T10:00', 'eom', '29/02/2028 17:00'],
    ['2028-02-28T10:00', '+1d', '29/02/2028 17:00'],
    ['2028-02-29T10:00', '+1d', '01/03/2028 17:00'],
    ['2026-02-28T10:00', '+1d', '01/03/2026 17:00'],
    ['2026-03-04T10:00', '29/02', '29/02/2028 17:00'],
    ['2028-02-10T10:00', '29/02', '29/02/2028 17:00'],
    ['2026-04-30T10:00', 'eom', '30/04/2026 17:00'],
    // 31/12 (Thursday) 10:00
    ['2026-12-31T10:00', '+1d', '01/01/2027 17:00'],
    ['2026-12-31T10:00', 'tomorrow', '01/01/2027 17:00'],
    ['2026-12-31T10:00', 'ngày mai', '01/01/2027 17:00'],
    ['2026-12-31T10:00', '+1w', '07/01/2027 17:00'],
    ['2026-12-31T10:00', '01/01', '01/01/2027 17:00'],
    ['2026-12-31T10:00', '31/12', '31/12/2026 17:00'],
    ['2026-12-31T10:00', '30/12', '30/12/2027 17:00'],
    ['2026-12-31T10:00', 'eoy', '31/12/2026 17:00'],
    ['2026-12-31T10:00', 'eom', '31/12/2026 17:00'],
    ['2026-12-31T10:00', 'eow', '01/01/2027 17:00'],
    ['2026-12-31T10:00', 'mon', '04/01/2027 17:00'],
    // After the year wrapped: 01/01/2027 08:00
    ['2027-01-01T08:00', '31/12', '31/12/2027 17:00'],
    ['2027-01-01T08:00', '01/01', '01/01/2027 17:00'],
    ['2027-01-01T08:00', 'eoy', '31/12/2027 17:00'],
  ])('at %s, %s -> %s', (now, input, expected) => {
    expect(at(now, input)).toBe(expected);
  });
});

describe('parseDate: eow rolls to next Friday once this one has passed', () => {
  it.each([
    ['2026-03-02T10:00', '06/03/2026 17:00'], // Monday
    ['2026-03-06T10:00', '06/03/2026 17:00'], // Friday before 17:00
    ['2026-03-06T17:00', '06/03/2026 17:00'], // Friday at exactly 17:00
    ['2026-03-06T18:00', '13/03/2026 17:00'], // Friday after 17:00
    ['2026-03-07T10:00', '13/03/2026 17:00'], // Saturday
    ['2026-03-08T23:00', '13/03/2026 17:00'], // Sunday
  ])('at %s -> %s', (now, expected) => {
    expect(at(now, 'eow')).toBe(expected);
  });
});

describe('parseDate: errors', () => {
  const NOW = '2026-03-04T10:00';

  it.each([
    '30/02/2099',
    '31/04/2027',
    '2027-02-29',
    '2026-13-01',
    '00/01/2027',
    '31/04',
    '30/02',
    '32/01',
    '31/06 09:00',
  ])('%s -> date.no_such_day', (input) => {
    expect(code(NOW, input)).toBe('date.no_such_day');
  });

  it.each([
    '',
    '   ',
    'garbage',
    'yesterday',
    'next friday',
    'hôm qua',
    '10:30',
    'today 24:00',
    'today 25:61',
    'tomorrow 12:60',
    'tomorrow 9',
    '+3m',
    '+3 days',
    '+-3d',
    '-3d',
    '+123456d',
    '2026/03/20',
    '20/03/26',
    '20/03.2026',
    '99999-01-01',
    'frid',
    'thứ tám',
    't8',
    'fri fri',
  ])('%j -> date.invalid', (input) => {
    expect(code(NOW, input)).toBe('date.invalid');
  });

  it.each([
    ['2026-03-04T10:00', '03/03/2026'],
    ['2026-03-04T10:00', '2026-03-03'],
    ['2026-03-04T10:00', 'today 09:59'],
    ['2026-03-04T17:01', 'today'],
    ['2026-03-04T17:01', 'hôm nay'],
    ['2026-03-04T17:01', '04/03/2026'],
    ['2026-03-04T17:01', '04/03'],
    ['2026-03-04T17:01', '+0d'],
    ['2026-01-31T18:00', 'eom'],
    ['2026-12-31T18:00', 'eoy'],
    ['2026-12-31T18:00', 'eom'],
    ['2026-12-31T18:00', '31/12'],
    ['2026-03-04T10:00', 'hôm nay 09:00'],
  ])('at %s, %s -> date.past', (now, input) => {
    expect(code(now, input)).toBe('date.past');
  });

  it('reports the trimmed input in the params', () => {
    const err = thrown(() => parseDate('  30/02/2099 ', { now: hcm('2026-03-04T10:00'), tz: HCM }));
    expect(err.name).toBe('UserError');
    expect(err.params).toEqual({ input: '30/02/2099' });
  });

  it('refuses an unknown time zone with tz.invalid', () => {
    const err = thrown(() => parseDate('tomorrow', { now: hcm('2026-03-04T10:00'), tz: 'Mars/Base' }));
    expect(err.code).toBe('tz.invalid');
    expect(err.params).toEqual({ tz: 'Mars/Base' });
  });
});

describe('parseDate: another time zone (America/New_York)', () => {
  const ny = (now: string, input: string) => parseDate(input, { now: new Date(now), tz: NY }).toISOString();

  it.each([
    ['2026-01-31T15:00:00Z', 'tomorrow', '2026-02-01T22:00:00.000Z'], // 17:00 EST
    ['2026-01-31T15:00:00Z', 'today', '2026-01-31T22:00:00.000Z'],
    ['2026-01-31T15:00:00Z', 'eom', '2026-01-31T22:00:00.000Z'],
    ['2026-01-31T15:00:00Z', '2026-03-07', '2026-03-07T22:00:00.000Z'], // EST
    ['2026-01-31T15:00:00Z', '2026-03-08', '2026-03-08T21:00:00.000Z'], // EDT (DST day)
    ['2026-01-31T15:00:00Z', '2026-03-08 09:30', '2026-03-08T13:30:00.000Z'],
    ['2026-01-31T15:00:00Z', '01/01', '2027-01-01T22:00:00.000Z'],
    ['2026-12-31T15:00:00Z', '+1d', '2027-01-01T22:00:00.000Z'],
  ])('at %s, %s -> %s', (now, input, expected) => {
    expect(ny(now, input)).toBe(expected);
  });

  it('uses the local calendar day of the zone, not of UTC or HCM', () => {
    const now = new Date('2026-01-31T23:30:00Z'); // 18:30 on 31/01 in NY, 06:30 on 01/02 in HCM
    expect(parseDate('today', { now, tz: HCM }).toISOString()).toBe('2026-02-01T10:00:00.000Z');
    expect(thrown(() => parseDate('today', { now, tz: NY })).code).toBe('date.past');
    expect(parseDate('tomorrow', { now, tz: NY }).toISOString()).toBe('2026-02-01T22:00:00.000Z');
  });
});

describe('formatting and calendar helpers', () => {
  const d = new Date('2026-03-20T10:00:00Z'); // 17:00 HCM, 06:00 NY (EDT)

  it('formats dates', () => {
    expect(formatDate(d, HCM)).toBe('20/03/2026');
    expect(formatDateTime(d, HCM)).toBe('20/03/2026 17:00');
    expect(formatDateTime(d, NY)).toBe('20/03/2026 06:00');
    expect(formatDateSmart(d, HCM)).toBe('20/03/2026');
    expect(formatDateSmart(d, NY)).toBe('20/03/2026 06:00');
    expect(formatDateSmart(new Date('2026-03-20T02:30:00Z'), HCM)).toBe('20/03/2026 09:30');
    expect(formatDate(new Date('2026-12-31T17:30:00Z'), HCM)).toBe('01/01/2027');
  });

  it('counts calendar days in the zone', () => {
    const a = new Date('2026-01-31T16:00:00Z'); // 23:00 31/01 HCM, 11:00 31/01 NY
    const b = new Date('2026-01-31T17:30:00Z'); // 00:30 01/02 HCM, 12:30 31/01 NY
    expect(daysBetween(a, b, HCM)).toBe(1);
    expect(daysBetween(a, b, NY)).toBe(0);
    expect(daysBetween(b, a, HCM)).toBe(-1);
    expect(daysBetween(hcm('2026-12-31T17:00'), hcm('2027-03-01T08:00'), HCM)).toBe(60);
    expect(daysBetween(new Date('2026-03-01T12:00:00Z'), new Date('2026-03-15T12:00:00Z'), NY)).toBe(14);
  });

  it('finds Monday 00:00 and the 1st 00:00 local', () => {
    expect(startOfWeek(hcm('2026-03-04T10:00'), HCM).toISOString()).toBe('2026-03-01T17:00:00.000Z');
    expect(startOfWeek(hcm('2026-03-08T23:59'), HCM).toISOString()).toBe('2026-03-01T17:00:00.000Z');
    expect(startOfWeek(hcm('2026-03-02T00:00'), HCM).toISOString()).toBe('2026-03-01T17:00:00.000Z');
    expect(startOfWeek(hcm('2027-01-01T10:00'), HCM).toISOString()).toBe('2026-12-27T17:00:00.000Z');
    expect(startOfWeek(new Date('2026-03-10T12:00:00Z'), NY).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfMonth(hcm('2026-03-04T10:00'), HCM).toISOString()).toBe('2026-02-28T17:00:00.000Z');
    expect(startOfMonth(new Date('2026-03-10T12:00:00Z'), NY).toISOString()).toBe('2026-03-01T05:00:00.000Z');
  });

  it('validates time zones', () => {
    expect(DEFAULT_TZ).toBe('Asia/Ho_Chi_Minh');
    for (const tz of [HCM, NY, 'UTC', 'Europe/Berlin']) expect(isValidTimeZone(tz)).toBe(true);
    for (const tz of ['Mars/Base', '', ' ', 'Asia/Ho Chi Minh', 'Asia/Ho_Chi_Minh\n']) {
      expect(isValidTimeZone(tz)).toBe(false);
    }
  });
});

describe('parseDate properties', () => {
  const now = hcm('2026-03-04T10:00');

  it('returns a future instant or throws a UserError for any text', () => {
    const check = (input: string) => {
      try {
        const r = parseDate(input, { now, tz: HCM });
        expect(r.getTime()).toBeGreaterThanOrEqual(now.getTime());
      } catch (err) {
        expect((err as Error).name).toBe('UserError');
      }
    };
    fc.assert(fc.property(fc.string({ unit: 'binary' }), check), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'0123:/.-+ dwt') }), check), { numRuns: 300 });
  });

  it('reads back its own DD/MM/YYYY output as 17:00 local, in both zones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4000 }), fc.constantFrom(HCM, NY), (days, tz) => {
        const d = parseDate(`+${days}d`, { now, tz });
        expect(parseDate(formatDate(d, tz), { now, tz }).getTime()).toBe(d.getTime());
        expect(formatDateSmart(d, tz)).toBe(formatDate(d, tz));
        expect(daysBetween(now, d, tz)).toBe(days);
      }),
      { numRuns: 200 },
    );
  });
});
