/**
 * Which days the scheduled posts go (DESIGN.md "Reminders and scheduled jobs"): the weekly summary
 * on its cron's weekdays, the monthly report on `MONTHLY_REPORT_DAY`; one whose day is a day off
 * of the working calendar goes on the working day before it instead (a Friday summary on a holiday
 * goes on Thursday, or earlier). Their job schedulers fire every day at the post's time and ask
 * {@link postsToday}: a calendar changed later is followed without rescheduling anything. Pure.
 */
import { addCalendarDays, type WorkingDays, weekday } from './working-days.ts';

/** The days a post is scheduled on: weekdays (0 Sunday … 6 Saturday) or a day of the month. */
export interface PostDays {
  weekdays?: readonly number[] | undefined;
  monthDay?: number | undefined;
}

/** Safety bound: no post is scheduled more than a year apart. */
const MAX_SCAN = 400;

const NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function scheduledOn(ymd: string, days: PostDays): boolean {
  if (days.monthDay !== undefined && Number(ymd.slice(8, 10)) === days.monthDay) return true;
  return days.weekdays?.includes(weekday(ymd)) ?? false;
}

/**
 * Whether the post goes on local date `today`: today is a working day, and either today is one of
 * its days, or its next day comes after today with only days off between (that day itself off).
 */
export function postsToday(today: string, days: PostDays, cal: WorkingDays): boolean {
  if (!cal.isWorking(today)) return false;
  if (scheduledOn(today, days)) return true;
  let d = today;
  for (let i = 0; i < MAX_SCAN; i++) {
    d = addCalendarDays(d, 1);
    if (scheduledOn(d, days)) return !cal.isWorking(d);
    if (cal.isWorking(d)) return false;
  }
  return false;
}

/** One day-of-week value (`5`, `7`, `fri`) as 0–6, or null. */
function weekdayOf(v: string): number | null {
  if (/^[0-7]$/.test(v)) return Number(v) % 7;
  const i = NAMES.indexOf(v.toLowerCase());
  return i >= 0 ? i : null;
}

/**
 * A 5-field cron (`WEEKLY_SUMMARY_CRON`) as a daily time and its weekdays, when it is that simple
 * (one minute, one hour, any day of the month and month; weekdays as numbers, names, ranges or
 * lists); else null, and the cron is used as it is (no move off days off).
 */
export function dailyCron(cron: string): { pattern: string; weekdays: number[] } | null {
  const [min, hour, dom, month, dow, ...more] = cron.trim().split(/\s+/);
  if (more.length || !min || !hour || !dow || dom !== '*' || month !== '*') return null;
  if (!/^\d{1,2}$/.test(min) || !/^\d{1,2}$/.test(hour)) return null;
  const out = new Set<number>();
  for (const part of dow === '*' ? ['0-6'] : dow.split(',')) {
    const [a, b, ...rest] = part.split('-');
    const from = weekdayOf(a ?? '');
    // `5-7` ends on Sunday: 7 stays 7 at the end of a range.
    const to = b === undefined ? from : b === '7' ? 7 : weekdayOf(b);
    if (rest.length || from === null || to === null || to < from) return null;
    for (let d = from; d <= to; d++) out.add(d % 7);
  }
  return { pattern: `${min} ${hour} * * *`, weekdays: [...out].sort() };
}
