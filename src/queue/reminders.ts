import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import type { Clock, ItemRef } from '../domain/ports.ts';
import { planReminders } from '../domain/reminder-plan.ts';
import type { Logger } from '../logger.ts';
import type { DueItemsService } from '../services/due-items.ts';
import { assertConnected } from './connection.ts';
import { reminderJobId, snoozeJobId } from './names.ts';

/** How far back reconcile re-adds reminders whose time has passed (lost with a flushed Redis). */
const LOOKBACK_MS = 24 * 3600_000;

export interface ReminderJobData {
  type: 'blocker' | 'roadmap';
  id: number;
  offset: string;
  /** The deadline (epoch ms) this reminder was planned for: a moved deadline makes it stale. */
  deadline: number;
  /** What the notice shows as the time left (a snoozed reminder's `offset` is `snooze1`). */
  left?: string;
  /** A snoozed reminder: when it was deferred to (epoch ms). */
  snoozedUntil?: number;
}

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

/**
 * Derives an item's reminder jobs from its record and makes the queue match: adds what is
 * missing (deterministic ids, so adding twice is a no-op) and removes what no longer applies
 * (resolved, deadline moved). Each item's job ids are also kept in a Redis set, to find the stale ones.
 */
export class ReminderScheduler {
  constructor(
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly deps: { due: DueItemsService; config: Config; clock: Clock; log: Logger },
  ) {}

  private setKey(ref: ItemRef) {
    return `${this.prefix}:steerbot:reminders:${ref.type}:${ref.id}`;
  }

  /**
   * Makes the item's reminders match the database. `lookback` (reconcile) also re-adds reminders
   * whose time passed less than a day ago, but not before the item existed: the sent-ledger keeps
   * those that did go out from going out again.
   */
  async scheduleItem(ref: ItemRef, opts: { lookback?: boolean } = {}): Promise<ScheduleResult> {
    const { due, config, clock } = this.deps;
    assertConnected(this.redis);
    const now = clock.now();
    const item = await due.load(ref);
    const wanted = new Map<string, { offset: string; at: Date }>();
    const deadline = item?.open ? item.deadline : null;
    if (item && deadline) {
      const recipient = await due.recipientOf(item);
      const tz = await due.tzOf(recipient);
      const from = opts.lookback
        ? new Date(Math.max(now.getTime() - LOOKBACK_MS, item.createdAt.getTime()))
        : now;
      const plan = planReminders({
        deadline,
        offsets: config.REMINDER_OFFSETS,
        reminderTime: config.REMINDER_TIME,
        tz,
        holidays: config.HOLIDAYS,
        now: from,
      });
      for (const p of plan) wanted.set(reminderJobId(ref, p.offset, deadline), p);
    }
    const current = deadline ? `_${deadline.getTime()}` : null;
    let removed = 0;
    for (const id of await this.redis.smembers(this.setKey(ref))) {
      if (wanted.has(id)) continue;
      // A past reminder of the current deadline may still be waiting for a worker: keep it.
      if (current && id.endsWith(current)) continue;
      const job = await this.queue.getJob(id);
      const state = job ? await job.getState() : 'unknown';
      if (job && (state === 'delayed' || state === 'waiting' || state === 'prioritized')) {
        await job.remove().catch(() => {});
        removed++;
      }
      await this.redis.srem(this.setKey(ref), id);
    }
    let added = 0;
    const t = Date.now();
    for (const [jobId, p] of wanted) {
      const existing = await this.queue.getJob(jobId);
      if (existing) {
        const due = existing.timestamp + (existing.opts.delay ?? 0);
        if (due === p.at.getTime() || (await existing.getState()) !== 'delayed') continue;
        await existing.remove(); // same offset and deadline, another time (the owner's time zone changed)
      }
      const data: ReminderJobData = {
        ...ref,
        offset: p.offset,
        deadline: deadline?.getTime() ?? 0,
      };
      await this.queue.add('deadline-reminder', data, {
        jobId,
        delay: Math.max(0, p.at.getTime() - t),
        timestamp: t,
        attempts: 5,
        backoff: { type: 'exponential', delay: 5000 },
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
    // Two presses at once: only the one that adds the id to the item's set adds the job.
    if ((await this.redis.sadd(this.setKey(ref), jobId)) === 0) {
      return { until: new Date(this.deps.clock.now().getTime() + days * DAY), added: false };
    }
    const until = new Date(this.deps.clock.now().getTime() + days * DAY);
    const t = Date.now();
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
        delay: Math.max(0, until.getTime() - t),
        timestamp: t,
        attempts: 5,
        backoff: { type: 'exponential', delay: 5000 },
        // Kept a month after it ran, so the same snooze pressed again later still adds nothing.
        removeOnComplete: { age: 30 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      });
    } catch (err) {
      await this.redis.srem(this.setKey(ref), jobId).catch(() => {});
      throw err;
    }
    return { until, added: true };
  }

  /** Re-derives every open item's reminders from the database; idempotent. */
  async reconcile(): Promise<ScheduleResult & { items: number }> {
    const refs = await this.deps.due.open();
    const total = { items: refs.length, added: 0, removed: 0 };
    for (const ref of refs) {
      const r = await this.scheduleItem(ref, { lookback: true });
      total.added += r.added;
      total.removed += r.removed;
    }
    return total;
  }
}
