import { z } from 'zod';
import { defineJob } from '../src/queue/job.ts';
import { dedupeRepo } from '../src/store/dedupe-repo.ts';

const KEEP_PROCESSED_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Rebuilds the queue from the database (at start and hourly): every open item's reminders and
 * every subscription's job scheduler. Idempotent: what exists is left alone. Also forgets inbound
 * deliveries (Slack event ids, Telegram update ids) older than a week.
 */
export const reconcile = defineJob({
  name: 'reconcile',
  schema: z.object({}).passthrough(),
  async process(ctx) {
    const reminders = await ctx.reminders.reconcile();
    const schedulers = await ctx.schedules.sync();
    const forgotten = await dedupeRepo.forgetProcessedBefore(
      ctx.services.deps.database.db,
      new Date(ctx.clock.now().getTime() - KEEP_PROCESSED_MS),
    );
    ctx.log.info({ reminders, schedulers, forgotten }, 'reconciled the queue with the database');
    return { reminders, schedulers, forgotten };
  },
});
