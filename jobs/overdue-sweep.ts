import { z } from 'zod';
import { formatDate } from '../src/dates.ts';
import { overdueKey } from '../src/domain/digest.ts';
import { daysOverdue } from '../src/domain/vocabulary.ts';
import { isWorkingDay, localDate, workingDaysBetween } from '../src/domain/working-days.ts';
import { defineJob } from './job.ts';

/**
 * The daily overdue pass, on working days at REMINDER_TIME: a nag to the owner for every open item
 * past its deadline; from the 2nd working day overdue also to the unit lead; from ESCALATE_AFTER
 * working days every `alerts` chat is told (once per deadline) and the unit goes on alert. Keys
 * carry the local date, so a second run the same day sends nothing.
 */
export const overdueSweep = defineJob({
  name: 'overdue-sweep',
  schema: z.object({}).passthrough(),
  async process(ctx) {
    const { config } = ctx;
    const { due, escalation } = ctx.services;
    const now = ctx.clock.now();
    const tz = config.TZ_DEFAULT;
    const calendar = await ctx.services.calendar.get();
    if (!isWorkingDay(now, tz, calendar)) return { skipped: 'not a working day' };
    const today = localDate(now, tz);
    let nagged = 0;
    for (const ref of await due.open()) {
      const item = await due.load(ref);
      if (!item?.open || !item.deadline || item.deadline.getTime() >= now.getTime()) continue;
      const days = workingDaysBetween(item.deadline, now, tz, calendar);
      if (days < 1) continue;
      const base = `${ref.type}_${ref.id}_${item.deadline.getTime()}`;
      const notice = {
        kind: 'notice.overdue',
        params: {
          id: item.label,
          title: item.title,
          date: formatDate(item.deadline, tz),
          days: daysOverdue(item.deadline, now, tz),
        },
        ref,
      };
      const at = item.deadline.getTime();
      // Someone with the digest on gets the nag inside it (see `digest.carries`).
      const nag = async (to: number, key: string) => {
        if (!(await ctx.services.digest.carries(to, key))) await ctx.notifier.toPerson(to, notice, key);
      };
      const owner = await due.recipientOf(item);
      if (owner !== null) await nag(owner, overdueKey(ref, at, today));
      const lead = await due.unitLeadOf(item.unitId);
      if (days >= 2 && lead !== null && lead !== owner) await nag(lead, overdueKey(ref, at, today, true));
      nagged++;
      if (days < config.ESCALATE_AFTER || item.unitId === null) continue;
      // steerbot's own change (no person acted): the unit on alert and the alert, in one transaction.
      await escalation.escalate({
        unitId: item.unitId,
        ref,
        label: item.label,
        title: item.title,
        days,
        key: `escalation_${base}`,
      });
    }
    return { nagged };
  },
});
