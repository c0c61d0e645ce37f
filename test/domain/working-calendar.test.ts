import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextWorkingDayAt, planReminders } from '../../src/domain/reminder-plan.ts';
import { libraryYear, tableYear } from '../../src/domain/vn-holidays.ts';
import { YEARS } from '../../src/domain/vn-holidays-table.ts';
import { WorkingCalendar } from '../../src/domain/working-calendar.ts';
import {
  addCalendarDays,
  addWorkingDays,
  atLocalTime,
  isWorkingDay,
  localDate,
  workingDaysBetween,
} from '../../src/domain/working-days.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const builtIn = new WorkingCalendar();
/** The days off of `from`..`to` (inclusive) that fall on weekdays, by date. */
const offBetween = (cal: WorkingCalendar, from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) if (!cal.isWorking(d)) out.push(d);
  return out;
};
const dow = (ymd: string) => new Date(`${ymd}T00:00:00Z`).getUTCDay();
const weekdaysOff = (cal: WorkingCalendar, from: string, to: string) =>
  offBetween(cal, from, to).filter((d) => dow(d) >= 1 && dow(d) <= 5);

describe("Viet Nam's public holidays, built in (date-holidays VN, lunar dates for UTC+7)", () => {
  it('the generated table is what the installed date-holidays computes, for every year it holds (2000–2100)', () => {
    const years = Object.keys(YEARS).map(Number);
    expect([years[0], years.at(-1)]).toEqual([2000, 2100]);
    for (const y of years) expect(tableYear(y), String(y)).toEqual(libraryYear(y));
    // Outside the table the library is asked itself.
    expect(tableYear(2101)).toBeNull();
    expect(new WorkingCalendar().dayOf('2101-01-01')?.name).toEqual({
      en: "New Year's Day",
      vi: 'Tết Dương lịch',
    });
  });

  it('Tết 2025: the library’s five days are 28/1–1/2 (3/2 in lieu of Saturday 1/2); the announced break 25/1–2/2 is 27/1 added and 3/2 made a working day', () => {
    expect(builtIn.dayOf('2025-01-29')?.name).toEqual({ en: 'Vietnamese New Year', vi: 'Tết Nguyên Đán' });
    expect(weekdaysOff(builtIn, '2025-01-20', '2025-02-09')).toEqual([
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-03',
    ]);
    expect(builtIn.dayOf('2025-02-03')).toMatchObject({ source: 'in_lieu', off: true });
    const announced = new WorkingCalendar({
      stored: [
        { day: '2025-01-27', kind: 'holiday', name: 'Tết (announced)' },
        { day: '2025-02-03', kind: 'workday', name: null },
      ],
    });
    expect(offBetween(announced, '2025-01-24', '2025-02-03')).toEqual(
      Array.from({ length: 9 }, (_, i) => addCalendarDays('2025-01-25', i)),
    );
    expect(announced.isWorking('2025-01-24')).toBe(true);
    expect(announced.isWorking('2025-02-03')).toBe(true);
  });

  it('Tết 2026: the library’s 16/2–20/2 is the announced break 14/2–22/2 with its weekends', () => {
    expect(offBetween(builtIn, '2026-02-13', '2026-02-23')).toEqual(
      Array.from({ length: 9 }, (_, i) => addCalendarDays('2026-02-14', i)),
    );
    expect(builtIn.isWorking('2026-02-13')).toBe(true);
    expect(builtIn.isWorking('2026-02-23')).toBe(true);
    expect(builtIn.dayOf('2026-02-17')?.name).toMatchObject({ vi: 'Tết Nguyên Đán' });
  });

  it('Tết 2027: the lunar new year is Saturday 6/2; 5/2–9/2, with 10/2 and 11/2 in lieu of the weekend', () => {
    expect(builtIn.dayOf('2027-02-06')?.name).toMatchObject({ en: 'Vietnamese New Year' });
    expect(weekdaysOff(builtIn, '2027-02-01', '2027-02-14')).toEqual([
      '2027-02-05',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
    ]);
  });

  it.each([
    ['2025-04-07', null],
    ['2026-04-26', '2026-04-27'],
    ['2027-04-16', null],
  ])('the Hùng Kings’ day (10/3 lunar) is %s; in lieu: %s', (day, inLieu) => {
    expect(builtIn.dayOf(day)).toMatchObject({
      source: 'public',
      name: { en: 'Hung Kings Commemorations', vi: 'Giỗ tổ Hùng Vương' },
    });
    if (inLieu)
      expect(builtIn.dayOf(inLieu)).toMatchObject({ source: 'in_lieu', name: { vi: 'Giỗ tổ Hùng Vương' } });
  });

  it('30/4, 1/5, and National Day with its second day (1/9, or 3/9 when 1/9 is a weekend)', () => {
    for (const y of [2025, 2026, 2027]) {
      expect(builtIn.dayOf(`${y}-04-30`)?.source).toBe('public');
      expect(builtIn.dayOf(`${y}-05-01`)?.source).toBe('public');
      expect(builtIn.dayOf(`${y}-09-02`)?.name).toEqual({ en: 'National Day', vi: 'Quốc khánh' });
    }
    expect(builtIn.dayOf('2025-09-01')?.name).toMatchObject({ vi: 'Quốc khánh' });
    expect(builtIn.dayOf('2024-09-03')?.name).toMatchObject({ vi: 'Quốc khánh' }); // 1/9/2024 was a Sunday
    expect(builtIn.isWorking('2024-09-03')).toBe(false);
    // 2026 as announced: 31/8 off, Saturday 22/8 worked instead.
    const y2026 = new WorkingCalendar({ holidays: ['2026-08-31'], workdays: ['2026-08-22'] });
    expect(offBetween(y2026, '2026-08-29', '2026-09-03')).toEqual([
      '2026-08-29',
      '2026-08-30',
      '2026-08-31',
      '2026-09-01',
      '2026-09-02',
    ]);
    expect(y2026.isWorking('2026-08-22')).toBe(true);
  });

  it('a make-up working day wins over a day off; an admin’s day over the environment’s', () => {
    const cal = new WorkingCalendar({
      holidays: ['2026-03-09'],
      workdays: ['2026-03-14'],
      stored: [{ day: '2026-03-09', kind: 'workday', name: 'make-up' }],
    });
    expect(cal.isWorking('2026-03-09')).toBe(true);
    expect(cal.isWorking('2026-03-14')).toBe(true);
    expect(cal.year(2026).filter((d) => d.source !== 'public' && d.source !== 'in_lieu')).toEqual([
      { day: '2026-03-09', off: false, source: 'admin', name: 'make-up' },
      { day: '2026-03-14', off: false, source: 'env', name: null },
    ]);
  });
});

/** A calendar with some random days off and make-up days, over the built-in ones. */
const calendars = fc
  .record({
    off: fc.uniqueArray(fc.integer({ min: 0, max: 1500 }), { maxLength: 12 }),
    work: fc.uniqueArray(fc.integer({ min: 0, max: 1500 }), { maxLength: 12 }),
  })
  .map(
    ({ off, work }) =>
      new WorkingCalendar({
        holidays: off.map((n) => addCalendarDays('2025-01-01', n)),
        workdays: work.map((n) => addCalendarDays('2025-01-01', n)),
      }),
  );

describe('working-day properties', () => {
  it('any date range: the working-day count is the weekdays, minus the weekdays off, plus the make-up weekend days', () => {
    fc.assert(
      fc.property(
        calendars,
        fc.integer({ min: 0, max: 1400 }),
        fc.integer({ min: 0, max: 120 }),
        (cal, a, len) => {
          const from = addCalendarDays('2025-01-01', a);
          const to = addCalendarDays(from, len);
          const at = (d: string) => atLocalTime(d, '17:00', TZ);
          let weekdays = 0;
          for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1))
            if (dow(d) % 6 !== 0) weekdays++;
          const listed = [2025, 2026, 2027, 2028, 2029].flatMap((y) => cal.year(y));
          const inRange = listed.filter((d) => d.day > from && d.day <= to);
          const off = inRange.filter((d) => d.off && dow(d.day) % 6 !== 0).length;
          const extra = inRange.filter((d) => !d.off && dow(d.day) % 6 === 0).length;
          const count = workingDaysBetween(at(from), at(to), TZ, cal);
          expect(count).toBe(weekdays - off + extra);
          if (count > 0) {
            const back = addWorkingDays(at(from), count, TZ, cal);
            expect(localDate(back, TZ) <= to).toBe(true);
            expect(workingDaysBetween(at(from), back, TZ, cal)).toBe(count);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a reminder is never on a day off unless it is minute- or hour-sized', () => {
    fc.assert(
      fc.property(
        calendars,
        fc.integer({ min: 0, max: 1400 }),
        fc.integer({ min: 0, max: 23 * 60 + 59 }),
        fc.uniqueArray(fc.constantFrom('14d', '7d', '3d', '1d', '0d', '36h', '2h', '90m'), { minLength: 1 }),
        (calendar, day, minute, offsets) => {
          const deadline = atLocalTime(
            addCalendarDays('2025-01-01', day),
            `${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}`,
            TZ,
          );
          const now = atLocalTime('2024-12-01', '00:00', TZ);
          const plan = planReminders({
            deadline,
            offsets: offsets.join(','),
            reminderTime: '08:00',
            tz: TZ,
            calendar,
            now,
          });
          for (const r of plan) {
            const exact = !r.offset.endsWith('d') || r.at.getTime() === deadline.getTime();
            if (!exact)
              expect(isWorkingDay(r.at, TZ, calendar), `${r.offset} at ${r.at.toISOString()}`).toBe(true);
          }
          expect(isWorkingDay(nextWorkingDayAt(deadline, '08:00', TZ, calendar), TZ, calendar)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
