import { z } from 'zod';
import { defineJob } from './job.ts';

/**
 * The daily digest of everyone with `/wg digest on` whose time zone is `tz`, from the job
 * scheduler `digest_<tz>` at REMINDER_TIME there. Each digest goes once per person and day (the
 * service's sent-ledger key), so a second run, or a reminder that sent it first, adds nothing.
 */
export const digest = defineJob({
  name: 'digest',
  schema: z.object({ tz: z.string() }),
  async process(ctx, data) {
    const results: Record<string, number> = {};
    for (const personId of await ctx.services.digest.subscribersIn(data.tz)) {
      const r = await ctx.services.digest.send(personId);
      results[r] = (results[r] ?? 0) + 1;
    }
    return results;
  },
});
