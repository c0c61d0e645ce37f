import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/domain/working-calendar.ts';
import {
  addCalendarDays,
  addWorkingDays,
  atLocalTime,
  isWorkingDay,
  localDate,
  nextWorkingDay,
  previousWorkingDay,
  workingDaysBetween,
} from '../../src/domain/working-days.ts';

const TZ = 'Asia/Ho_Chi_Minh'; // UTC+7, no DST
const HOLIDAYS = ['2025-09-01', '2025-09-02']; // National Day (Mon, Tue), built in too
/** The working calendar with `days` as HOLIDAYS (Viet Nam's public holidays built in). */
const cal = (days: readonly string[] = []) => new WorkingCalendar({ holidays: days });
const vn = (local: string) => atLocalTime(local.slice(0, 10), local.slice(11), TZ);
const iso = (d: Date) => d.toISOString();

describe('local calendar helpers', () => {
  it('reads dates and builds instants in the given zone', () => {
    expect(iso(vn('2025-06-16 08:00'))).toBe('2025-06-16T01:00:00.000Z');
    expect(localDate(new Date('2025-06-15T17:30:00Z'), TZ)).toBe('2025-06-16');
    expect(addCalendarDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(() => atLocalTime('2025-06-16', '8am', TZ)).toThrow(RangeError);
  });

  it('keeps the wall clock across a DST change', () => {
    const berlin = atLocalTime('2025-03-31', '08:00', 'Europe/Berlin'); // after the spring change
    expect(iso(berlin)).toBe('2025-03-31T06:00:00.000Z');
    expect(iso(previousWorkingDay(berlin, 'Europe/Berlin', cal()))).toBe('2025-03-28T07:00:00.000Z');
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['Monday', '2025-06-16 10:00', [], true],
    ['Friday', '2025-06-13 23:59', [], true],
    ['Saturday', '2025-06-14 10:00', [], false],
    ['Sunday', '2025-06-15 10:00', [], false],
    ['a holiday Monday', '2025-09-01 10:00', HOLIDAYS, false],
    ['the day after the holidays', '2025-09-03 10:00', HOLIDAYS, true],
  ] as const)('%s (%s local) → %s', (_n, local, hol, ok) => {
    expect(isWorkingDay(vn(local), TZ, cal(hol))).toBe(ok);
  });

  it('uses the local calendar, not UTC', () => {
    expect(isWorkingDay(new Date('2025-06-13T18:00:00Z'), TZ, cal())).toBe(false); // Sat 01:00 local
    expect(isWorkingDay(new Date('2025-06-15T17:30:00Z'), TZ, cal())).toBe(true); // Mon 00:30 local
    expect(isWorkingDay(new Date('2025-06-15T17:30:00Z'), 'UTC', cal())).toBe(false);
  });
});

describe('previousWorkingDay / nextWorkingDay', () => {
  it('moves a Saturday to Friday at the same local time', () => {
    expect(iso(previousWorkingDay(vn('2025-06-14 08:00'), TZ, cal()))).toBe(iso(vn('2025-06-13 08:00')));
  });
  it('is strictly before: Monday → Friday', () => {
    expect(iso(previousWorkingDay(vn('2025-06-16 08:00'), TZ, cal()))).toBe(iso(vn('2025-06-13 08:00')));
  });
  it('skips holidays', () => {
    expect(iso(previousWorkingDay(vn('2025-09-03 08:00'), TZ, cal(HOLIDAYS)))).toBe(
      iso(vn('2025-08-29 08:00')),
    );
    expect(iso(nextWorkingDay(vn('2025-08-29 17:00'), TZ, cal(HOLIDAYS)))).toBe(iso(vn('2025-09-03 17:00')));
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2025-06-13 17:00', 1, [], '2025-06-16 17:00'],
    ['2025-06-13 17:00', 5, [], '2025-06-20 17:00'],
    ['2025-06-14 09:00', 1, [], '2025-06-16 09:00'],
    ['2025-06-16 09:00', -1, [], '2025-06-13 09:00'],
    ['2025-08-29 17:00', 1, HOLIDAYS, '2025-09-03 17:00'],
    ['2025-09-03 17:00', -1, HOLIDAYS, '2025-08-29 17:00'],
    ['2025-06-14 09:00', 0, [], '2025-06-14 09:00'],
  ] as const)('%s + %i working days → %s', (from, n, hol, to) => {
    expect(iso(addWorkingDays(vn(from), n, TZ, cal(hol)))).toBe(iso(vn(to)));
  });

  it('refuses fractions', () => {
    expect(() => addWorkingDays(vn('2025-06-13 17:00'), 1.5, TZ, cal())).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['same day', '2025-06-13 17:00', '2025-06-13 23:00', [], 0],
    ['Friday deadline, Monday morning', '2025-06-13 17:00', '2025-06-16 09:00', [], 1],
    ['over a weekend only', '2025-06-13 17:00', '2025-06-15 23:00', [], 0],
    ['a full week', '2025-06-13 17:00', '2025-06-20 08:00', [], 5],
    ['across the National Day holidays', '2025-08-29 17:00', '2025-09-03 08:00', HOLIDAYS, 1],
    ['b before a', '2025-06-20 17:00', '2025-06-13 08:00', [], 0],
  ] as const)('%s → %i', (_n, a, b, hol, n) => {
    expect(workingDaysBetween(vn(a), vn(b), TZ, cal(hol))).toBe(n);
  });
});
