import { describe, expect, it } from 'vitest';
import { dailyCron, postsToday } from '../../src/domain/post-days.ts';
import { WorkingCalendar } from '../../src/domain/working-calendar.ts';

const cal = new WorkingCalendar({ holidays: ['2030-12-13'], workdays: ['2030-12-14'] });

describe('postsToday: its day, or the working day before one off', () => {
  it.each([
    ['a plain Friday', '2030-12-06', true],
    ['the Thursday before it', '2030-12-05', false],
    ['the Thursday before a Friday off', '2030-12-12', true],
    ['the Friday off', '2030-12-13', false],
    ['a make-up Saturday after it', '2030-12-14', false],
  ])('weekly on Fridays: %s (%s) → %s', (_n, day, posts) => {
    expect(postsToday(day, { weekdays: [5] }, cal)).toBe(posts);
  });

  it('Tết 2026: a Friday summary in the week off goes on the Friday before the break', () => {
    const builtIn = new WorkingCalendar();
    const days = ['2026-02-13', '2026-02-16', '2026-02-20', '2026-02-23', '2026-02-27'];
    expect(days.filter((d) => postsToday(d, { weekdays: [5] }, builtIn))).toEqual([
      '2026-02-13',
      '2026-02-27',
    ]);
  });

  it('the monthly report on the 14th: a Sunday 14th goes on Friday the 12th', () => {
    const builtIn = new WorkingCalendar();
    const posted = ['2027-02-11', '2027-02-12', '2027-02-13', '2027-02-14', '2027-02-15'].filter((d) =>
      postsToday(d, { monthDay: 14 }, builtIn),
    );
    // 2027-02-14 is a Sunday; 10–11/02 are the days in lieu of Tết's weekend, 12/02 works.
    expect(posted).toEqual(['2027-02-12']);
  });
});

describe('dailyCron', () => {
  it.each([
    ['0 16 * * 5', { pattern: '0 16 * * *', weekdays: [5] }],
    ['30 9 * * 1-5', { pattern: '30 9 * * *', weekdays: [1, 2, 3, 4, 5] }],
    ['0 16 * * fri,sun', { pattern: '0 16 * * *', weekdays: [0, 5] }],
    ['0 16 * * 5-7', { pattern: '0 16 * * *', weekdays: [0, 5, 6] }],
    ['0 16 1 * 5', null],
    ['*/5 16 * * 5', null],
    ['0 16 * * 5/2', null],
  ])('%s → %j', (cron, out) => {
    expect(dailyCron(cron)).toEqual(out);
  });
});
