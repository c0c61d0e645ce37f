import type { Job, JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ReminderJobData } from '../../jobs/deadline-reminder.ts';
import type { Config } from '../config.ts';
import type { Clock, ItemRef } from '../domain/ports.ts';
import { planReminders } from '../domain/reminder-plan.ts';
import type { WorkingCalendar } from '../domain/working-calendar.ts';
import type { Logger } from '../logger.ts';
import type { CalendarService } from '../services/calendar.ts';
import type { DueItem, DueItemsService } from '../services/due-items.ts';
import { assertConnected } from './connection.ts';
import { reminderJobId, snoozeJobId } from './names.ts';

export type { ReminderJobData } from '../../jobs/deadline-reminder.ts';

/** How far back reconcile re-adds reminders whose time has passed (lost with a flushed Redis). */
const LOOKBACK_MS = 24 * 3600_000;

const MINUTE = 60_000;
const DAY = 24 * 3600_000;

/** Time left before a deadline as a short label (`2d`, `5h`, `30m`); `0m` when past. */
export function leftLabel(ms: number): string {
  if (ms >= DAY) return `${Math.floor(ms / DAY)}d`;
  if (ms >= 3600_000) return `${Math.floor(ms / 3600_000)}h`;
  return `${Math.max(0, Math.floor(ms / MINUTE))}m`;
}

/** What one (re)scheduling did. */
export interface ScheduleResult {
  added: number;
  removed: number;
}

/** The record reads reminders are derived from. */
export type ReminderReads = Pick<DueItemsService, 'load' | 'recipientOf' | 'tzOf' | 'open'>;

const RETRIES: JobsOptions = { attempts: 5, backoff: { type: 'exponential', delay: 5000 } };

/** Jobs that have not started yet: the ones a rescheduling may remove or move. */
const NOT_STARTED = new Set(['delayed', 'waiting', 'prioritized']);

/**
 * Derives an item's reminder jobs from its record and makes the queue match: adds what is
 * missing (deterministic ids, so adding twice is a no-op) and removes what no longer applies
 * (resolved, deadline moved). Each item's job ids are also kept in a Redis set, to find the stale ones.
 *
 * Time: reminders are planned on the injected clock, and each job waits `planned − clock.now()`.
 * BullMQ counts that delay on its own time (the real clock of the processes adding and running
 * jobs), so the job runs when as much time has passed as our clock said was left: with the system
 * clock that is the planned moment, and a test clock set just before a planned time makes the job
 * due at once. The planned time itself is kept in the job's data (`at`), never read back from BullMQ.
 */
export class ReminderScheduler {
  constructor(
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly deps: {
      due: ReminderReads;
      calendar: Pick<CalendarService, 'get'>;
      config: Config;
      clock: Clock;
      log: Logger;
    },
  ) {}

  private setKey(ref: ItemRef) {
    return `${this.prefix}:steerbot:reminders:${ref.type}:${ref.id}`;
  }

  /** How long BullMQ should wait for `at`, by our clock. */
  private delayUntil(at: Date): number {
    return Math.max(0, at.getTime() - this.deps.clock.now().getTime());
  }

  /** The reminders the item should have now, by job id. */
  private async wanted(item: DueItem | null, ref: ItemRef, lookback: boolean, cal?: WorkingCalendar) {
    const { due, config, clock, calendar } = this.deps;
    const wanted = new Map<string, { offset: string; at: Date }>();
    const deadline = item?.open ? item.deadline : null;
    if (!item || !deadline) return wanted;
    const now = clock.now();
    const tz = await due.tzOf(await due.recipientOf(item));
    const from = lookback ? new Date(Math.max(now.getTime() - LOOKBACK_MS, item.createdAt.getTime())) : now;
    const plan = planReminders({
      deadline,
      offsets: config.REMINDER_OFFSETS,
      reminderTime: config.REMINDER_TIME,
      tz,
      calendar: cal ?? (await calendar.get()),
      now: from,
    });
    for (const p of plan) wanted.set(reminderJobId(ref, p.offset, deadline), p);
    return wanted;
  }

  /** Removes the item's jobs that are no longer wanted and have not started; how many. */
  private async removeStale(ref: ItemRef, wanted: Map<string, unknown>, deadline: Date | null) {
    const current = deadline ? `_${deadline.getTime()}` : null;
    let removed = 0;
    for (const id of await this.redis.smembers(this.setKey(ref))) {
      if (wanted.has(id)) continue;
      // A past reminder of the current deadline may still be waiting for a worker: keep it.
      if (current && id.endsWith(current)) continue;
      const job = await this.queue.getJob(id);
      if (job && NOT_STARTED.has(await job.getState())) {
        await job
          .remove()
          .catch((err: unknown) =>
            this.deps.log.debug({ err, job: id }, 'stale reminder not removed (it started)'),
          );
        removed++;
      }
      await this.redis.srem(this.setKey(ref), id);
    }
    return removed;
  }

  /**
   * Keeps an existing reminder job that already matches; true when it does. A delayed one whose
   * planned time has come by our clock runs now (BullMQ may still count a delay the clock was set
   * past); one planned for another time (the owner's time zone changed) is removed to be added again.
   */
  private async keep(existing: Job, at: Date): Promise<boolean> {
    const data = existing.data as Partial<ReminderJobData>;
    const planned = data.at ?? existing.timestamp + (existing.opts.delay ?? 0);
    const state = await existing.getState();
    if (state !== 'delayed') return true;
    if (planned !== at.getTime()) {
      await existing.remove();
      return false;
    }
    if (at.getTime() <= this.deps.clock.now().getTime()) await existing.promote();
    return true;
  }

  /**
   * Makes the item's reminders match the database. `lookback` (reconcile) also re-adds reminders
   * whose time passed less than a day ago, but not before the item existed: the sent-ledger keeps
   * those that did go out from going out again.
   */
  async scheduleItem(
    ref: ItemRef,
    opts: { lookback?: boolean; calendar?: WorkingCalendar } = {},
  ): Promise<ScheduleResult> {
    assertConnected(this.redis);
    const item = await this.deps.due.load(ref);
    const deadline = item?.open ? item.deadline : null;
    const wanted = await this.wanted(item, ref, opts.lookback ?? false, opts.calendar);
    const removed = await this.removeStale(ref, wanted, deadline);
    let added = 0;
    for (const [jobId, p] of wanted) {
      const existing = await this.queue.getJob(jobId);
      if (existing && (await this.keep(existing, p.at))) continue;
      const data: ReminderJobData = {
        ...ref,
        offset: p.offset,
        deadline: deadline?.getTime() ?? 0,
        at: p.at.getTime(),
      };
      await this.queue.add('deadline-reminder', data, {
        jobId,
        delay: this.delayUntil(p.at),
        ...RETRIES,
        removeOnComplete: { age: 3 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      });
      await this.redis.sadd(this.setKey(ref), jobId);
      added++;
    }
    return { added, removed };
  }

  /**
   * One more reminder of the item's current deadline, `days` days from now (exactly; a weekend is
   * not skipped, so a Friday snooze still defers). The id is deterministic per (item, deadline,
   * days): the same snooze pressed again adds nothing. Null when the item is closed or has no deadline.
   */
  async snooze(ref: ItemRef, days: number): Promise<{ until: Date; added: boolean } | null> {
    assertConnected(this.redis);
    const item = await this.deps.due.load(ref);
    const deadline = item?.open ? item.deadline : null;
    if (!deadline) return null;
    const jobId = snoozeJobId(ref, days, deadline);
    const existing = await this.queue.getJob(jobId);
    if (existing) {
      const data = existing.data as ReminderJobData;
      const due = data.snoozedUntil ?? existing.timestamp + (existing.opts.delay ?? 0);
      return { until: new Date(due), added: false };
    }
    const until = new Date(this.deps.clock.now().getTime() + days * DAY);
    // Two presses at once: only the one that adds the id to the item's set adds the job.
    if ((await this.redis.sadd(this.setKey(ref), jobId)) === 0) return { until, added: false };
    const data: ReminderJobData = {
      ...ref,
      offset: `snooze${days}`,
      deadline: deadline.getTime(),
      left: leftLabel(deadline.getTime() - until.getTime()),
      snoozedUntil: until.getTime(),
    };
    try {
      await this.queue.add('deadline-reminder', data, {
        jobId,
        delay: this.delayUntil(until),
        ...RETRIES,
        // Kept a month after it ran, so the same snooze pressed again later still adds nothing.
        removeOnComplete: { age: 30 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      });
    } catch (err) {
      await this.redis
        .srem(this.setKey(ref), jobId)
        .catch((e: unknown) => this.deps.log.debug({ err: e, job: jobId }, 'snooze id not taken back'));
      throw err;
    }
    return { until, added: true };
  }

  /** Re-derives every open item's reminders from the database; idempotent. */
  async reconcile(): Promise<ScheduleResult & { items: number }> {
    const refs = await this.deps.due.open();
    const total = { items: refs.length, added: 0, removed: 0 };
    // One calendar for the whole pass (every item would otherwise ask for it).
    const calendar = await this.deps.calendar.get();
    for (const ref of refs) {
      const r = await this.scheduleItem(ref, { lookback: true, calendar });
      total.added += r.added;
      total.removed += r.removed;
    }
    return total;
  }
}
