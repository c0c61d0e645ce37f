import { z } from 'zod';
import { localDate } from '../src/domain/working-days.ts';
import { defineJob } from './job.ts';

/** The weekly summary or the monthly report to one subscribed chat (from its job scheduler). */
export const postSummary = defineJob({
  name: 'post-summary',
  schema: z.object({ period: z.enum(['week', 'month']), platform: z.string(), chatId: z.string() }),
  async process(ctx, data) {
    const day = localDate(ctx.clock.now(), ctx.config.TZ_DEFAULT);
    await ctx.delivery.add({
      platform: data.platform,
      target: { chatId: data.chatId },
      content: { summary: data.period },
      key: `summary_${data.period}_${data.platform}_${data.chatId}_${day}`,
    });
  },
});
