import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/domain/errors.ts';
import { nextWorkingDayAt, parseOffsets, planReminders } from '../../src/domain/reminder-plan.ts';
import { WorkingCalendar } from '../../src/domain/working-calendar.ts';
import { atLocalTime, isWorkingDay } from '../../src/domain/working-days.ts';

const TZ = 'Asia/Ho_Chi_Minh'; // UTC+7
const vn = (local: string) => atLocalTime(local.slice(0, 10), local.slice(11), TZ);
const M = 60_000;
const H = 60 * M;
const D = 24 * H;

/** The plan as `label @ local time` strings, easy to read in a failure. */
function plan(deadline: string, offsets: string | number[], now: string, holidays: string[] = []): string[] {
  return planReminders({
    deadline: vn(deadline),
    offsets,
    reminderTime: '08:00',
    tz: TZ,
    calendar: new WorkingCalendar({ holidays }),
    now: vn(now),
  }).map((r) => {
    const local = new Date(r.at.getTime() + 7 * H).toISOString().slice(0, 16).replace('T', ' ');
    return `${r.offset} @ ${local}`;
  });
}

function userErrorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isUserError(err) ? err.code : 'other';
  }
  return undefined;
}

describe('parseOffsets', () => {
  it('parses m/h/d into milliseconds, largest first', () => {
    expect(parseOffsets('7d,3d,1d,0d')).toEqual([7 * D, 3 * D, D, 0]);
    expect(parseOffsets(' 30m, 2h 1D ')).toEqual([D, 2 * H, 30 * M]);
  });
  it('drops duplicates and takes an empty text as no reminders', () => {
    expect(parseOffsets('1d,1d,24h')).toEqual([D]);
    expect(parseOffsets('')).toEqual([]);
  });
  it.each(['7x', '3', 'd', '-1d', '1.5d', '7d,,oops'])('refuses %j', (text) => {
    expect(userErrorCode(() => parseOffsets(text))).toBe('config.offsets');
  });
});

describe('planReminders', () => {
  it('day offsets on a Monday deadline: 1d goes to the preceding Friday', () => {
    expect(plan('2025-06-16 17:00', '7d,1d,0d', '2025-06-01 00:00')).toEqual([
      '7d @ 2025-06-09 08:00',
      '1d @ 2025-06-13 08:00',
      '0d @ 2025-06-16 08:00',
    ]);
  });

  it('two offsets on the same instant give one reminder, labelled with the larger', () => {
    expect(plan('2025-06-16 17:00', '7d,3d,1d,0d', '2025-06-01 00:00')).toEqual([
      '7d @ 2025-06-09 08:00',
      '3d @ 2025-06-13 08:00',
      '0d @ 2025-06-16 08:00',
    ]);
  });

  it('minute and hour offsets fire exactly before the deadline, in time order', () => {
    expect(plan('2025-06-18 09:30', '30m,2h,90m,0d', '2025-06-01 00:00')).toEqual([
      '2h @ 2025-06-18 07:30',
      '90m @ 2025-06-18 08:00',
      '30m @ 2025-06-18 09:00',
    ]);
  });

  it('0d is clamped to the deadline when REMINDER_TIME is later than it', () => {
    expect(plan('2025-06-18 07:00', '1h,0d', '2025-06-01 00:00')).toEqual([
      '1h @ 2025-06-18 06:00',
      '0d @ 2025-06-18 07:00',
    ]);
  });

  it('a holiday moves a day reminder to the working day before it', () => {
    const holidays = ['2025-09-01', '2025-09-02'];
    expect(plan('2025-09-03 17:00', '1d,0d', '2025-08-01 00:00', holidays)).toEqual([
      '1d @ 2025-08-29 08:00',
      '0d @ 2025-09-03 08:00',
    ]);
  });

  it('a weekend deadline keeps its day but its 0d reminder goes out on Friday', () => {
    expect(plan('2025-06-14 17:00', '0d,2h', '2025-06-01 00:00')).toEqual([
      '0d @ 2025-06-13 08:00',
      '2h @ 2025-06-14 15:00',
    ]);
  });

  it('drops offsets already past and keeps one due exactly now', () => {
    expect(plan('2025-06-16 17:00', '7d,1d,0d', '2025-06-13 09:00')).toEqual(['0d @ 2025-06-16 08:00']);
    expect(plan('2025-06-16 17:00', '7d,1d,0d', '2025-06-13 08:00')).toEqual([
      '1d @ 2025-06-13 08:00',
      '0d @ 2025-06-16 08:00',
    ]);
    expect(plan('2025-06-16 17:00', '7d,1d,0d', '2025-06-17 08:00')).toEqual([]);
  });

  it('takes offsets in milliseconds: whole days are day-sized', () => {
    expect(plan('2025-06-16 17:00', [H, 7 * D, 30 * H], '2025-06-01 00:00')).toEqual([
      '7d @ 2025-06-09 08:00',
      '30h @ 2025-06-15 11:00',
      '1h @ 2025-06-16 16:00',
    ]);
    expect(userErrorCode(() => plan('2025-06-16 17:00', [-D], '2025-06-01 00:00'))).toBe('config.offsets');
  });

  it('refuses a bad REMINDER_TIME', () => {
    const input = {
      deadline: vn('2025-06-16 17:00'),
      offsets: '1d',
      tz: TZ,
      calendar: new WorkingCalendar(),
      now: vn('2025-06-01 00:00'),
    };
    expect(userErrorCode(() => planReminders({ ...input, reminderTime: '25:00' }))).toBe(
      'config.reminder_time',
    );
    expect(planReminders({ ...input, reminderTime: '9:30' })[0]?.at.toISOString()).toBe(
      '2025-06-13T02:30:00.000Z',
    );
  });
});

describe('nextWorkingDayAt', () => {
  it.each([
    ['before REMINDER_TIME on a working day: today', '2025-06-13 07:00', [], '2025-06-13 08:00'],
    ['exactly at REMINDER_TIME: the next working day', '2025-06-13 08:00', [], '2025-06-16 08:00'],
    ['Friday afternoon: Monday', '2025-06-13 16:00', [], '2025-06-16 08:00'],
    ['Saturday: Monday', '2025-06-14 07:00', [], '2025-06-16 08:00'],
    ['Sunday late: Monday', '2025-06-15 23:30', [], '2025-06-16 08:00'],
    ['over holidays', '2025-08-29 09:00', ['2025-09-01', '2025-09-02'], '2025-09-03 08:00'],
    ['holiday morning', '2025-09-01 07:00', ['2025-09-01', '2025-09-02'], '2025-09-03 08:00'],
  ] as const)('%s', (_n, now, holidays, next) => {
    expect(nextWorkingDayAt(vn(now), '08:00', TZ, new WorkingCalendar({ holidays })).toISOString()).toBe(
      vn(next).toISOString(),
    );
  });
});

describe('planReminders properties', () => {
  it('never before now, never after the deadline, no instant twice, day reminders on working days', () => {
    const calendar = new WorkingCalendar({ holidays: ['2025-09-01', '2025-09-02', '2026-01-01'] });
    const base = vn('2025-06-01 00:00').getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * D }),
        fc.integer({ min: 0, max: 400 * D }),
        fc.uniqueArray(fc.constantFrom('14d', '7d', '3d', '2d', '1d', '0d', '36h', '2h', '90m', '15m'), {
          minLength: 1,
        }),
        (deadlineOff, nowOff, offsets) => {
          const deadline = new Date(base + deadlineOff);
          const now = new Date(base + nowOff);
          const out = planReminders({
            deadline,
            offsets: offsets.join(','),
            reminderTime: '08:00',
            tz: TZ,
            calendar,
            now,
          });
          const times = out.map((r) => r.at.getTime());
          expect(new Set(times).size).toBe(times.length);
          expect([...times].sort((a, b) => a - b)).toEqual(times);
          for (const r of out) {
            expect(r.at.getTime()).toBeGreaterThanOrEqual(now.getTime());
            expect(r.at.getTime()).toBeLessThanOrEqual(deadline.getTime());
            if (r.offset.endsWith('d') && r.at.getTime() !== deadline.getTime()) {
              expect(isWorkingDay(r.at, TZ, calendar)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
