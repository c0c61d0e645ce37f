import { z } from 'zod';
import { formatDate, startOfWeek } from '../src/dates.ts';
import { missingWeeks } from '../src/domain/vocabulary.ts';
import { localDate } from '../src/domain/working-days.ts';
import { defineJob } from './job.ts';

/** The weekly request for progress: to the owner (else the unit lead) of each open roadmap item not reported on this week. */
export const reportRequest = defineJob({
  name: 'report-request',
  schema: z.object({}).passthrough(),
  async process(ctx) {
    const { due } = ctx.services;
    const tz = ctx.config.TZ_DEFAULT;
    const weekStart = startOfWeek(ctx.clock.now(), tz);
    let asked = 0;
    for (const ref of await due.open()) {
      if (ref.type !== 'roadmap') continue;
      const last = await due.lastReportAt(ref.id);
      if (last && last >= weekStart) continue;
      const item = await due.load(ref);
      const to = item ? await due.recipientOf(item) : null;
      if (!item || to === null) continue;
      // Name the weeks of this period still without a report.
      const record = (await due.reportingOf(ref.id)) ?? { startAt: weekStart, reports: [] };
      const missed = missingWeeks(record, ctx.clock.now(), tz).map((w) => formatDate(w, tz));
      const params = { id: item.label, title: item.title, missed: missed.join(', ') || '—' };
      await ctx.notifier.toPerson(
        to,
        { kind: missed.length ? 'notice.report_request_missed' : 'notice.report_request', params, ref },
        `report_request_${ref.id}_${localDate(weekStart, tz)}`,
      );
      asked++;
    }
    return { asked };
  },
});
