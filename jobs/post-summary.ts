import { z } from 'zod';
import { postsToday } from '../src/domain/post-days.ts';
import { localDate } from '../src/domain/working-days.ts';
import { defineJob } from './job.ts';

/**
 * The weekly summary or the monthly report to one subscribed chat (from its job scheduler). With
 * its days (`weekdays`, `monthDay`) the scheduler fires daily and the post goes on its day, or on
 * the working day before when that day is off; without them (an unusual cron) whenever it fires.
 */
export const postSummary = defineJob({
  name: 'post-summary',
  schema: z.object({
    period: z.enum(['week', 'month']),
    platform: z.string(),
    chatId: z.string(),
    weekdays: z.array(z.number().int().min(0).max(6)).optional(),
    monthDay: z.number().int().min(1).max(31).optional(),
  }),
  async process(ctx, data) {
    const day = localDate(ctx.clock.now(), ctx.config.TZ_DEFAULT);
    const days = { weekdays: data.weekdays, monthDay: data.monthDay };
    if ((days.weekdays || days.monthDay) && !postsToday(day, days, await ctx.services.calendar.get()))
      return { skipped: 'not its day' };
    await ctx.delivery.add({
      platform: data.platform,
      target: { chatId: data.chatId },
      content: { summary: data.period },
      key: `summary_${data.period}_${data.platform}_${data.chatId}_${day}`,
    });
  },
});
