import { z } from 'zod';
import { defineJob } from './job.ts';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Rebuilds the queue from the database (hourly, from its job scheduler; each process also runs the
 * same rebuild from its own timer and when it sees Redis lost its data): every open item's
 * reminders and every subscription's job scheduler. Idempotent: what exists is left alone. Also
 * forgets inbound deliveries (Slack event ids, Telegram update ids) and relayed outbox rows older
 * than a week.
 */
export const reconcile = defineJob({
  name: 'reconcile',
  schema: z.object({}).passthrough(),
  async process(ctx) {
    const reminders = await ctx.reminders.reconcile();
    const schedulers = await ctx.schedules.sync();
    const weekAgo = new Date(ctx.clock.now().getTime() - WEEK_MS);
    const forgotten = await ctx.services.ledger.forgetInboundBefore(weekAgo);
    const outbox = await ctx.services.outbox.forgetDoneBefore(weekAgo);
    ctx.log.info({ reminders, schedulers, forgotten, outbox }, 'reconciled the queue with the database');
    return { reminders, schedulers, forgotten };
  },
});
