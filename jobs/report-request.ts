import { z } from 'zod';
import { formatDate, startOfWeek } from '../src/dates.ts';
import { missingWeeks } from '../src/domain/vocabulary.ts';
import { localDate } from '../src/domain/working-days.ts';
import { loadItem, openItems, recipientOf } from '../src/queue/items.ts';
import { defineJob } from '../src/queue/job.ts';
import { roadmapRepo } from '../src/store/roadmap-repo.ts';

/** The weekly request for progress: to the owner (else the unit lead) of each open roadmap item not reported on this week. */
export const reportRequest = defineJob({
  name: 'report-request',
  schema: z.object({}).passthrough(),
  async process(ctx) {
    const db = ctx.services.deps.database.db;
    const tz = ctx.config.TZ_DEFAULT;
    const weekStart = startOfWeek(ctx.clock.now(), tz);
    let asked = 0;
    for (const ref of await openItems(db)) {
      if (ref.type !== 'roadmap') continue;
      const reports = await roadmapRepo.reportsOf(db, ref.id);
      const [last] = reports;
      if (last && last.at >= weekStart) continue;
      const item = await loadItem(db, ref);
      const to = item ? await recipientOf(db, item) : null;
      if (!item || to === null) continue;
      const startAt = (await roadmapRepo.byId(db, ref.id))?.startAt ?? weekStart;
      const missed = missingWeeks({ startAt, reports }, ctx.clock.now(), tz).map((w) => formatDate(w, tz));
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
