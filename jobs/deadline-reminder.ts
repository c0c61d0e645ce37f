import { z } from 'zod';
import { formatDateTime } from '../src/dates.ts';
import { loadItem, recipientOf, tzOf } from '../src/queue/items.ts';
import { defineJob } from '../src/queue/job.ts';

/**
 * One reminder before a deadline, by DM to the owner person, else the unit lead. The record is
 * read again when it fires: a resolved item or a moved deadline makes the job stale (no message),
 * and a reassigned item reminds its new owner. A snoozed reminder (`offset` `snooze1`) is the same
 * job, deferred: its own ledger key, and `left` says the time that was left when it was planned.
 */
export const deadlineReminder = defineJob({
  name: 'deadline-reminder',
  schema: z.object({
    type: z.enum(['blocker', 'roadmap']),
    id: z.number().int(),
    offset: z.string(),
    deadline: z.number().int(),
    left: z.string().optional(),
    snoozedUntil: z.number().int().optional(),
  }),
  async process(ctx, data, meta) {
    const db = ctx.services.deps.database.db;
    const item = await loadItem(db, { type: data.type, id: data.id });
    if (!item?.open || item.deadline?.getTime() !== data.deadline) return { skipped: 'stale' };
    const to = await recipientOf(db, item);
    if (to === null) {
      ctx.log.warn({ item: item.label }, 'reminder has nobody to go to (no owner person, no unit lead)');
      return { skipped: 'no recipient' };
    }
    const tz = await tzOf(db, to, ctx.config.TZ_DEFAULT);
    await ctx.notifier.toPerson(
      to,
      {
        kind: 'notice.reminder',
        params: {
          id: item.label,
          title: item.title,
          date: formatDateTime(item.deadline, tz),
          left: data.left ?? data.offset,
        },
        ref: item.ref,
      },
      `reminder_${data.type}_${data.id}_${data.offset}_${data.deadline}`,
    );
    ctx.metrics?.reminderSent(data.type, meta.scheduledAt, ctx.clock.now());
    return { to };
  },
});
