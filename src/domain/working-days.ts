/**
 * Working-day arithmetic in a local calendar (DESIGN.md "Reminders"): which local dates are
 * working days is the working calendar's answer (`working-calendar.ts`: Monday to Friday, minus
 * Viet Nam's public holidays, admins' days off and `HOLIDAYS`, plus make-up working days).
 * Day-sized reminders land on working days and overdue escalation counts working days. Pure:
 * every instant is a parameter, the time zone is explicit.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Which local dates (`YYYY-MM-DD`) are working days: the working calendar, as these rules see it. */
export interface WorkingDays {
  isWorking(ymd: string): boolean;
}

/** Safety bound for searches over days: no calendar has two years of holidays in a row. */
const MAX_DAY_SCAN = 800;

/** The local calendar date (`YYYY-MM-DD`) of `date` in `tz`. */
export function localDate(date: Date, tz: string): string {
  return dayjs(date).tz(tz).format('YYYY-MM-DD');
}

/** The local wall-clock time (`HH:mm:ss.SSS`) of `date` in `tz`. */
function localTime(date: Date, tz: string): string {
  return dayjs(date).tz(tz).format('HH:mm:ss.SSS');
}

/** `ymd` (`YYYY-MM-DD`) moved by `n` calendar days; no time zone is involved. */
export function addCalendarDays(ymd: string, n: number): string {
  return dayjs.utc(ymd).add(n, 'day').format('YYYY-MM-DD');
}

/** Day of the week of the local date `ymd`: 0 Sunday … 6 Saturday (no time zone is involved). */
export function weekday(ymd: string): number {
  return new Date(`${ymd}T00:00:00Z`).getUTCDay();
}

/**
 * The instant of wall-clock `time` (`HH:mm`, `HH:mm:ss` or `HH:mm:ss.SSS`) on local date `ymd` in
 * `tz`. Built from the wall clock rather than by adding hours, so it stays right across DST changes.
 */
export function atLocalTime(ymd: string, time: string, tz: string): Date {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?$/.exec(time);
  if (!m) throw new RangeError(`not a time of day: ${time}`);
  const [, h = '0', min = '00', sec = '00', ms = '000'] = m;
  return dayjs.tz(`${ymd}T${h.padStart(2, '0')}:${min}:${sec}.${ms}`, tz).toDate();
}

/** Whether `date` falls on a working day of `cal`, by its local date in `tz`. */
export function isWorkingDay(date: Date, tz: string, cal: WorkingDays): boolean {
  return cal.isWorking(localDate(date, tz));
}

/** The nearest working date strictly after (`step` 1) or before (`step` −1) the local date `ymd`. */
function stepWorkingYmd(ymd: string, step: 1 | -1, cal: WorkingDays): string {
  let d = ymd;
  for (let i = 0; i < MAX_DAY_SCAN; i++) {
    d = addCalendarDays(d, step);
    if (cal.isWorking(d)) return d;
  }
  throw new RangeError(`no working day within ${MAX_DAY_SCAN} days of ${ymd}`);
}

/**
 * The same local wall-clock time on the nearest working day strictly before `date`'s local date.
 * Why: a day-sized reminder that would fall on a weekend or holiday goes out on the working day
 * before it (Saturday → Friday), never after.
 */
export function previousWorkingDay(date: Date, tz: string, cal: WorkingDays): Date {
  const ymd = stepWorkingYmd(localDate(date, tz), -1, cal);
  return atLocalTime(ymd, localTime(date, tz), tz);
}

/**
 * The same local wall-clock time on the nearest working day strictly after `date`'s local date.
 */
export function nextWorkingDay(date: Date, tz: string, cal: WorkingDays): Date {
  const ymd = stepWorkingYmd(localDate(date, tz), 1, cal);
  return atLocalTime(ymd, localTime(date, tz), tz);
}

/**
 * `date` moved by `n` working days, keeping its local wall-clock time: each step goes to the next
 * (n > 0) or previous (n < 0) working day, so starting from a weekend counts from there. `n = 0`
 * returns `date` unchanged.
 */
export function addWorkingDays(date: Date, n: number, tz: string, cal: WorkingDays): Date {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, got ${n}`);
  if (n === 0) return new Date(date.getTime());
  const step = n > 0 ? 1 : -1;
  let ymd = localDate(date, tz);
  for (let i = 0; i < Math.abs(n); i++) ymd = stepWorkingYmd(ymd, step, cal);
  return atLocalTime(ymd, localTime(date, tz), tz);
}

/**
 * The number of working days whose local date is strictly after `a`'s and up to and including
 * `b`'s; 0 when `b` is not on a later date. Why: "overdue for N working days" (a = the deadline,
 * b = now) — a deadline on Friday is 1 working day overdue on Monday, whatever the hour.
 */
export function workingDaysBetween(a: Date, b: Date, tz: string, cal: WorkingDays): number {
  const end = localDate(b, tz);
  let d = localDate(a, tz);
  let count = 0;
  while (d < end) {
    d = addCalendarDays(d, 1);
    if (cal.isWorking(d)) count++;
  }
  return count;
}
