import { z } from 'zod';
import { defineJob } from '../src/queue/job.ts';

/**
 * Rebuilds the queue from the database (at start and hourly): every open item's reminders and
 * every subscription's job scheduler. Idempotent: what exists is left alone.
 */
export const reconcile = defineJob({
  name: 'reconcile',
  schema: z.object({}).passthrough(),
  async process(ctx) {
    const reminders = await ctx.reminders.reconcile();
    const schedulers = await ctx.schedules.sync();
    ctx.log.info({ reminders, schedulers }, 'reconciled the queue with the database');
    return { reminders, schedulers };
  },
});
