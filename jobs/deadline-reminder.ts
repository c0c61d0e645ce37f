import { z } from 'zod';
import { formatDateTime } from '../src/dates.ts';
import { isDaySized, reminderKey } from '../src/domain/digest.ts';
import { defineJob } from './job.ts';

/** One reminder's job data: the one definition (`ReminderJobData` in the queue is inferred from it). */
export const reminderSchema = z.object({
  type: z.enum(['blocker', 'roadmap']),
  id: z.number().int(),
  offset: z.string(),
  /** The deadline (epoch ms) this reminder was planned for: a moved deadline makes it stale. */
  deadline: z.number().int(),
  /** When it was planned to go out (epoch ms, on the injected clock). */
  at: z.number().int().optional(),
  /** What the notice shows as the time left (a snoozed reminder's `offset` is `snooze1`). */
  left: z.string().optional(),
  /** A snoozed reminder: when it was deferred to (epoch ms). */
  snoozedUntil: z.number().int().optional(),
});

export type ReminderJobData = z.infer<typeof reminderSchema>;

/**
 * One reminder before a deadline, by DM to the owner person, else the unit lead. The record is
 * read again when it fires: a resolved item or a moved deadline makes the job stale (no message),
 * and a reassigned item reminds its new owner. A snoozed reminder (`offset` `snooze1`) is the same
 * job, deferred: its own ledger key, and `left` says the time that was left when it was planned.
 * A day-sized reminder to someone with `/wg digest on` goes inside their digest instead. With nobody to remind (no owner person, no unit lead) the `alerts` feed is told, once, and the
 * miss is counted for `/wg status`.
 */
export const deadlineReminder = defineJob({
  name: 'deadline-reminder',
  schema: reminderSchema,
  async process(ctx, data, meta) {
    const { due } = ctx.services;
    const item = await due.load({ type: data.type, id: data.id });
    if (!item?.open || item.deadline?.getTime() !== data.deadline) return { skipped: 'stale' };
    const key = reminderKey(item.ref, data.offset, data.deadline);
    const to = await due.recipientOf(item);
    // Read once: the time zone of the notice, then the platform it goes to.
    const person = to === null ? undefined : (await ctx.services.identity.byIds([to])).get(to);
    const tz = person?.tz ?? ctx.config.TZ_DEFAULT;
    const params = {
      id: item.label,
      title: item.title,
      date: formatDateTime(item.deadline, tz),
      left: data.left ?? data.offset,
    };
    if (to === null) {
      ctx.log.warn({ item: item.label }, 'reminder has nobody to go to (no owner person, no unit lead)');
      await ctx.services.ledger.unreached(key, item.label);
      await ctx.notifier.toFeed(
        'alerts',
        { kind: 'notice.unreached', params, ref: item.ref },
        `unreached_${key}`,
      );
      return { unreached: item.label };
    }
    // A day-sized reminder to someone with the digest on rides in today's digest (sent first if need be).
    if (isDaySized(data.offset) && (await ctx.services.digest.carries(to, key))) return { digest: to };
    await ctx.notifier.toPerson(to, { kind: 'notice.reminder', params, ref: item.ref }, key, person);
    // Lateness on the injected clock: the planned time is in the data (older jobs: BullMQ's due time).
    ctx.metrics.reminderSent(data.type, data.snoozedUntil ?? data.at ?? meta.scheduledAt, ctx.clock.now());
    return { to };
  },
});
