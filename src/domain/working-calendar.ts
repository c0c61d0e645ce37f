/**
 * The working calendar (DESIGN.md "Reminders", `/wg holiday`): Monday to Friday, minus Viet Nam's
 * public holidays and their days in lieu (built in, see `vn-holidays.ts`), minus the days off
 * admins added and `HOLIDAYS`, plus the make-up working days admins added and `WORKDAYS`. Every
 * working-day rule (reminders, the overdue nag, escalation, reports on time, summaries, the digest)
 * asks it. Pure: a value built from its inputs.
 */
import type { Lang } from './types.ts';
import { type BuiltInDay, vnHolidays } from './vn-holidays.ts';
import { type WorkingDays, weekday } from './working-days.ts';

/** A day the calendar's own store keeps (`calendar_days`): a day off or a make-up working day. */
export interface StoredDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string | null;
}

/**
 * One day that is not what its weekday says, as `/wg holiday list` shows it: a day off (`off`)
 * or a make-up working day. `source`: built in (`public`, `in_lieu`), added by an admin
 * (`admin`), or from the environment (`env`).
 */
export interface CalendarDay {
  day: string;
  off: boolean;
  source: 'public' | 'in_lieu' | 'admin' | 'env';
  /** Built-in days have a name per language; an admin's day the name typed (or none). */
  name: Record<Lang, string> | string | null;
}

/** What a calendar is built from. */
export interface CalendarInput {
  /** `HOLIDAYS`, `YYYY-MM-DD`. */
  holidays?: readonly string[];
  /** `WORKDAYS`, `YYYY-MM-DD`. */
  workdays?: readonly string[];
  /** The days admins added (`/wg holiday add|workday`). */
  stored?: readonly StoredDay[];
}

const YMD = /^(\d{4})-\d{2}-\d{2}$/;

export class WorkingCalendar implements WorkingDays {
  /** Days that are not what their weekday says, other than the built-in ones, by date. */
  private readonly own = new Map<string, CalendarDay>();

  constructor(input: CalendarInput = {}) {
    for (const day of input.holidays ?? []) this.own.set(day, { day, off: true, source: 'env', name: null });
    for (const day of input.workdays ?? []) this.own.set(day, { day, off: false, source: 'env', name: null });
    // An admin's day over the environment's: it is the later word on that date.
    for (const s of input.stored ?? [])
      this.own.set(s.day, { day: s.day, off: s.kind === 'holiday', source: 'admin', name: s.name });
  }

  /** The built-in day off on `ymd`, if any. */
  private builtIn(ymd: string): BuiltInDay | undefined {
    const year = Number(YMD.exec(ymd)?.[1]);
    if (!Number.isFinite(year)) throw new RangeError(`not a YYYY-MM-DD date: ${ymd}`);
    return vnHolidays(year).find((h) => h.day === ymd);
  }

  /**
   * Whether `ymd` (`YYYY-MM-DD`, a local date) is a working day. A make-up working day wins over
   * everything; then a day off added (admin, `HOLIDAYS`); then the built-in holidays; then Mon–Fri.
   */
  isWorking(ymd: string): boolean {
    const own = this.own.get(ymd);
    if (own) return !own.off;
    if (this.builtIn(ymd)) return false;
    const dow = weekday(ymd);
    return dow >= 1 && dow <= 5;
  }

  /** What the calendar says of `ymd` when it is not a plain weekday or weekend; else undefined. */
  dayOf(ymd: string): CalendarDay | undefined {
    const own = this.own.get(ymd);
    if (own) return own;
    const b = this.builtIn(ymd);
    return b && { day: b.day, off: true, source: b.kind, name: b.name };
  }

  /** Every day of `year` that is not what its weekday says, in date order (`/wg holiday list`). */
  year(year: number): CalendarDay[] {
    const days = new Map<string, CalendarDay>();
    for (const b of vnHolidays(year))
      days.set(b.day, { day: b.day, off: true, source: b.kind, name: b.name });
    for (const [day, d] of this.own) if (day.startsWith(`${year}-`)) days.set(day, d);
    return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  }
}
