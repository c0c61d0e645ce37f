/**
 * The words every report uses, defined once (DESIGN.md "The summary"): what "closed", "resolved
 * within a period", "days overdue" and "reported on time" mean. The weekly summary, the monthly
 * report, the web view, the exports and the jobs all count with these, so the same item at the same
 * moment has the same number everywhere. Pure: every instant and the time zone are parameters.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { isClosed, isOverdue } from './blocker-status.ts';
import { localDayNumber } from './local-time.ts';
import type { BlockerStatus } from './types.ts';
import { addCalendarDays, atLocalTime, localDate, type WorkingDays } from './working-days.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

export { isClosed, isOverdue };

/** A half-open span of time `[from, to)`. */
export interface Span {
  from: Date;
  to: Date;
}

/** What a blocker needs for the counts. */
export interface CountedBlockerFacts {
  status: BlockerStatus;
  deadline: Date | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

const inSpan = (d: Date | null, s: Span) => d !== null && d >= s.from && d < s.to;

/** Opened within the span: created in it. */
export function openedWithin(b: CountedBlockerFacts, s: Span): boolean {
  return inSpan(b.createdAt, s);
}

/** Resolved within the span: its status is `resolved` and its resolution falls in `[from, to)` (dropped ones are not results). */
export function resolvedWithin(b: CountedBlockerFacts, s: Span): boolean {
  return b.status === 'resolved' && inSpan(b.resolvedAt, s);
}

/**
 * Open at instant `t` (for "as it stood then" figures: last week, the previous period): created by
 * `t` and not resolved by `t`. A closed record without a resolution time counts as closed.
 */
export function openAt(b: CountedBlockerFacts, t: Date): boolean {
  if (b.createdAt > t) return false;
  if (b.resolvedAt !== null) return b.resolvedAt > t;
  return !isClosed(b.status);
}

/** Overdue at instant `t`: open then, with a deadline strictly before `t`. */
export function overdueAt(b: CountedBlockerFacts, t: Date): boolean {
  return openAt(b, t) && b.deadline !== null && b.deadline < t;
}

/**
 * Days overdue: whole calendar days from the deadline's local date to `now`'s local date in `tz`
 * (`TZ_DEFAULT`), at least 1 once the deadline has passed, 0 before. A deadline of 17:00 on Monday
 * is 1 day overdue from Monday 17:00:01 through Tuesday, 2 on Wednesday. Escalation counts working
 * days instead (see `working-days.ts`) and says so.
 */
export function daysOverdue(deadline: Date, now: Date, tz: string): number {
  if (deadline.getTime() >= now.getTime()) return 0;
  return Math.max(1, localDayNumber(now, tz) - localDayNumber(deadline, tz));
}

/** Calendar days a deadline moved (new − old, local dates in `tz`); negative when brought forward. */
export function daysSlipped(oldDate: Date, newDate: Date, tz: string): number {
  return localDayNumber(newDate, tz) - localDayNumber(oldDate, tz);
}

/**
 * Time-zone arithmetic is the summary's hot spot (thousands of roadmap items × weeks, all on the
 * same few instants): the calendar functions below remember their answers. Pure, so a cache
 * cannot change a result; bounded, so it cannot grow without end.
 */
function remembered<A extends [Date, ...(string | number)[]]>(f: (...args: A) => Date): (...args: A) => Date {
  // One map of instants per combination of the other arguments (time zone, weeks): no key strings.
  const caches = new Map<string, Map<number, number>>();
  return (...args: A) => {
    const [d, ...rest] = args;
    const restKey = rest.length === 1 ? String(rest[0]) : rest.join('|');
    let cache = caches.get(restKey);
    if (!cache) {
      cache = new Map();
      caches.set(restKey, cache);
    }
    const hit = cache.get(d.getTime());
    if (hit !== undefined) return new Date(hit);
    const out = f(...args);
    if (cache.size >= 10_000) cache.clear();
    cache.set(d.getTime(), out.getTime());
    return out;
  };
}

/** Local Monday 00:00 of the week that holds `t`. */
export const weekStartOf = remembered(function weekStartOf(t: Date, tz: string): Date {
  const l = dayjs(t).tz(tz);
  const monday = l.subtract((l.day() + 6) % 7, 'day').format('YYYY-MM-DD');
  return dayjs.tz(`${monday}T00:00:00`, tz).toDate();
});

/** `n` calendar weeks after the local Monday `monday` (wall clock, safe across DST). */
export const addWeeks = remembered(function addWeeks(monday: Date, n: number, tz: string): Date {
  const day = dayjs(monday)
    .tz(tz)
    .add(n * 7, 'day')
    .format('YYYY-MM-DD');
  return dayjs.tz(`${day}T00:00:00`, tz).toDate();
});

/**
 * The monitoring period that holds `t`: from the 15th of one month 00:00 to the 15th of the next
 * (exclusive), local time; it is named after the month it ends in, whose 14th is its last day and
 * whose 15th is the Central Inspection Commission's deadline. On 1 December it is 15/11–14/12
 * ("2026-12"); on 15 December it is 15/12–14/01 ("2027-01").
 */
export function monitoringPeriod(t: Date, tz: string): Span & { key: string } {
  const l = dayjs(t).tz(tz);
  const end = l.date() >= 15 ? l.add(1, 'month') : l;
  return monitoringPeriodOf(end.year(), end.month() + 1, tz);
}

/** The monitoring period named `YYYY-MM` (it ends on the 14th of that month). */
export function monitoringPeriodOf(year: number, month: number, tz: string): Span & { key: string } {
  const endMonth = `${year}-${String(month).padStart(2, '0')}`;
  const to = dayjs.tz(`${endMonth}-15T00:00:00`, tz);
  const from = dayjs.tz(`${to.subtract(1, 'month').format('YYYY-MM')}-15T00:00:00`, tz);
  return { from: from.toDate(), to: to.toDate(), key: endMonth };
}

/** The period before `p` (same rule, one month earlier). */
export function previousPeriod(p: { key: string }, tz: string): Span & { key: string } {
  const [y, m] = p.key.split('-').map(Number) as [number, number];
  return m === 1 ? monitoringPeriodOf(y - 1, 12, tz) : monitoringPeriodOf(y, m - 1, tz);
}

/** How a unit's weekly roadmap report came in. `pending`: the week's deadline has not passed yet. */
export type ReportTiming = 'on_time' | 'late' | 'missing' | 'pending';

/** Friday 12:00 local of the week starting `weekStart`. */
const fridayNoon = remembered(function fridayNoon(weekStart: Date, tz: string): Date {
  const friday = dayjs(weekStart).tz(tz).add(4, 'day').format('YYYY-MM-DD');
  return dayjs.tz(`${friday}T12:00:00`, tz).toDate();
});

/** {@link lastWorkingWeekday}'s answers, per calendar (a rebuilt calendar starts afresh). */
const lastWorkingCache = new WeakMap<WorkingDays, Map<string, string | null>>();

/**
 * The last working day (`YYYY-MM-DD`) of the week's Monday to Friday on `cal`, or null when the
 * whole week is off (Tết).
 */
function lastWorkingWeekday(weekStart: Date, tz: string, cal: WorkingDays): string | null {
  // Asked per item and week by the summaries: kept per calendar, week and zone.
  const known = lastWorkingCache.get(cal) ?? new Map<string, string | null>();
  lastWorkingCache.set(cal, known);
  const key = `${weekStart.getTime()}|${tz}`;
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  const friday = localDate(fridayNoon(weekStart, tz), tz);
  let out: string | null = null;
  for (let k = 0; k < 5 && out === null; k++) {
    const d = addCalendarDays(friday, -k);
    if (cal.isWorking(d)) out = d;
  }
  known.set(key, out);
  return out;
}

/**
 * The deadline of a week's progress report: 12:00 local on the week's last working day up to
 * Friday (Friday itself unless it is a day off of the working calendar `cal`), so that the weekly
 * summary (Friday 16:00, or the working day before) has it. The request goes out the day before
 * (`WEEKLY_REPORT_CRON`). Without `cal`: Friday 12:00.
 */
export function reportDeadline(weekStart: Date, tz: string, cal?: WorkingDays): Date {
  const friday = fridayNoon(weekStart, tz);
  if (!cal) return friday;
  const day = lastWorkingWeekday(weekStart, tz, cal);
  return day === null || day === localDate(friday, tz) ? friday : atLocalTime(day, '12:00', tz);
}

/** A roadmap item as the reporting rule sees it. */
export interface ReportingItem {
  startAt: Date;
  reports: readonly { percent: number; at: Date }[];
}

/**
 * Whether an item owes a report for the week starting `weekStart`: it started before that week,
 * was not done (100 %) by then, and the week has a working day on `cal` (a week all off owes none).
 */
export function owesReport(item: ReportingItem, weekStart: Date, cal?: WorkingDays, tz?: string): boolean {
  if (item.startAt >= weekStart) return false;
  if (cal && tz && lastWorkingWeekday(weekStart, tz, cal) === null) return false;
  return !item.reports.some((r) => r.at < weekStart && r.percent >= 100);
}

/**
 * Reported on time: a report in the week (Monday 00:00 to the next Monday) at or before the
 * week's {@link reportDeadline}. Late: the first report of the week came after the deadline.
 * Missing: none that week once the week is over, or none by the deadline while the week runs and
 * the deadline has passed (`late` is still possible). `pending`: no report yet and the deadline
 * is still ahead of `now`.
 */
export function reportTiming(
  item: ReportingItem,
  weekStart: Date,
  now: Date,
  tz: string,
  cal?: WorkingDays,
): ReportTiming {
  return timingIn(item, reportWeek(weekStart, tz, cal), now);
}

/** A reporting week: its start (local Monday 00:00), its end and its {@link reportDeadline}. */
export interface ReportWeek {
  start: Date;
  end: Date;
  deadline: Date;
}

export function reportWeek(weekStart: Date, tz: string, cal?: WorkingDays): ReportWeek {
  return { start: weekStart, end: addWeeks(weekStart, 1, tz), deadline: reportDeadline(weekStart, tz, cal) };
}

/** {@link reportTiming} for a week worked out once (a summary asks it of every item). */
export function timingIn(item: ReportingItem, week: ReportWeek, now: Date): ReportTiming {
  const { start, end, deadline } = week;
  const inWeek = item.reports.filter((r) => r.at >= start && r.at < end && r.at <= now);
  if (inWeek.some((r) => r.at <= deadline)) return 'on_time';
  if (inWeek.length > 0) return 'late';
  return now <= deadline ? 'pending' : 'missing';
}

/** A unit's week: the worst of its items' (missing > late > pending > on time), or null when it owed nothing. */
export function unitWeekTiming(timings: readonly ReportTiming[]): ReportTiming | null {
  if (timings.length === 0) return null;
  for (const t of ['missing', 'late', 'pending'] as const) if (timings.includes(t)) return t;
  return 'on_time';
}

/**
 * The reporting-discipline score over several weeks, 0–100: an on-time week counts 1, a late one
 * ½, a missing one 0; pending weeks are left out. Null when no week counts.
 */
export function disciplineScore(weeks: readonly (ReportTiming | null)[]): number | null {
  const counted = weeks.filter((w): w is ReportTiming => w !== null && w !== 'pending');
  if (counted.length === 0) return null;
  const points = counted.reduce((n, w) => n + (w === 'on_time' ? 1 : w === 'late' ? 0.5 : 0), 0);
  return Math.round((points / counted.length) * 100);
}

/**
 * The weeks of the monitoring period holding `now`, before the current one, for which `item` owed
 * a report and sent none (what the weekly report request names as missing).
 */
export function missingWeeks(item: ReportingItem, now: Date, tz: string, cal?: WorkingDays): Date[] {
  const period = monitoringPeriod(now, tz);
  const current = weekStartOf(now, tz);
  const out: Date[] = [];
  for (let w = weekStartOf(period.from, tz); w < current; w = addWeeks(w, 1, tz)) {
    if (reportDeadline(w, tz, cal) < period.from) continue;
    if (owesReport(item, w, cal, tz) && reportTiming(item, w, now, tz, cal) === 'missing') out.push(w);
  }
  return out;
}
