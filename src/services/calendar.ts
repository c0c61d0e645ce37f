import { assertCan, permActor } from '../domain/permissions.ts';
import { type StoredDay, WorkingCalendar } from '../domain/working-calendar.ts';
import { aggregatesRepo } from '../store/aggregates-repo.ts';
import { calendarRepo } from '../store/calendar-repo.ts';
import { type Actor, afterCommit, change, later, record, Service, type ServiceDeps } from './deps.ts';

/** What one `/wg holiday add|workday|remove` did. */
export type CalendarChange = 'set' | 'same' | 'removed' | 'absent';

/**
 * The working calendar (`/wg holiday`): Viet Nam's public holidays built in, `HOLIDAYS` and
 * `WORKDAYS`, and the days admins add (`calendar_days`). Every working-day rule takes its
 * calendar from `get()`. A change is in the history (entity `calendar`, id the date) and asks the
 * scheduler, through the outbox in the same transaction, to plan every open item's reminders again.
 */
export class CalendarService extends Service {
  /** The calendar last built, and the history head it was built at (any record's change moves it). */
  private cached: { mark: string; calendar: WorkingCalendar } | null = null;

  /**
   * The working calendar now. Built again only when a record changed since (in this process or
   * another: the history head, one row read by key, moves with every change), so a change elsewhere is seen at once.
   */
  async get(): Promise<WorkingCalendar> {
    const mark = await aggregatesRepo.historyMark(this.db);
    if (this.cached?.mark === mark) return this.cached.calendar;
    const { HOLIDAYS, WORKDAYS } = this.deps.config;
    const calendar = new WorkingCalendar({
      holidays: HOLIDAYS,
      workdays: WORKDAYS,
      stored: await calendarRepo.all(this.db),
    });
    this.cached = { mark, calendar };
    return calendar;
  }

  /** `/wg holiday add DATE [name]`: a day off (admins). */
  dayOff(actor: Actor, day: string, name: string | null): Promise<CalendarChange> {
    return this.put(actor, { day, kind: 'holiday', name });
  }

  /** `/wg holiday workday DATE [name]`: a make-up working day (admins). */
  workday(actor: Actor, day: string, name: string | null): Promise<CalendarChange> {
    return this.put(actor, { day, kind: 'workday', name });
  }

  private async put(actor: Actor, d: StoredDay): Promise<CalendarChange> {
    assertCan(permActor(actor), 'wg.holiday');
    const now = this.deps.clock.now();
    const done = await change(this.deps, actor, async (tx) => {
      const was = await calendarRepo.byDay(tx, d.day);
      if (was && was.kind === d.kind && was.name === d.name) return 'same' as const;
      await calendarRepo.put(tx, d, now);
      await record(tx, actor, now, {
        entityType: 'calendar',
        entityId: d.day,
        action: d.kind === 'workday' ? 'workday' : 'day_off',
        changes: { name: d.name, ...(was ? { was: { kind: was.kind, name: was.name } } : {}) },
      });
      await later(tx, now, { kind: 'calendar_changed' });
      return 'set' as const;
    });
    this.cached = null;
    await afterCommit(this.deps);
    return done;
  }

  /** `/wg holiday remove DATE`: takes back a day admins added (admins); 'absent' when none was. */
  async remove(actor: Actor, day: string): Promise<CalendarChange> {
    assertCan(permActor(actor), 'wg.holiday');
    const now = this.deps.clock.now();
    const done = await change(this.deps, actor, async (tx) => {
      const was = await calendarRepo.byDay(tx, day);
      if (!was || !(await calendarRepo.remove(tx, day))) return 'absent' as const;
      await record(tx, actor, now, {
        entityType: 'calendar',
        entityId: day,
        action: 'remove_day',
        changes: { was: { kind: was.kind, name: was.name } },
      });
      await later(tx, now, { kind: 'calendar_changed' });
      return 'removed' as const;
    });
    this.cached = null;
    await afterCommit(this.deps);
    return done;
  }
}

export const calendarService = (deps: ServiceDeps) => new CalendarService(deps);
