import { z } from 'zod';
import { startOfWeek } from '../src/dates.ts';
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
      const [last] = await roadmapRepo.reportsOf(db, ref.id);
      if (last && last.at >= weekStart) continue;
      const item = await loadItem(db, ref);
      const to = item ? await recipientOf(db, item) : null;
      if (!item || to === null) continue;
      await ctx.notifier.toPerson(
        to,
        { kind: 'notice.report_request', params: { id: item.label, title: item.title }, ref },
        `report_request_${ref.id}_${localDate(weekStart, tz)}`,
      );
      asked++;
    }
    return { asked };
  },
});
