import { z } from 'zod';
import { formatDate, startOfWeek } from '../src/dates.ts';
import type { NoticeLine } from '../src/domain/notice.ts';
import { postsToday } from '../src/domain/post-days.ts';
import { missingWeeks } from '../src/domain/vocabulary.ts';
import { localDate, type WorkingDays } from '../src/domain/working-days.ts';
import type { DueItem } from '../src/services/due-items.ts';
import { defineJob, type JobContext } from './job.ts';

/** How many items one lead's request lists before "and N more". */
const LEAD_LINES = 20;

/** One item not reported on this week, and the weeks of this monitoring period still missing. */
interface Unreported {
  item: DueItem;
  missed: string[];
}

/** The unfinished roadmap items with no report since `weekStart`. */
async function unreported(ctx: JobContext, weekStart: Date, calendar: WorkingDays): Promise<Unreported[]> {
  const { due } = ctx.services;
  const tz = ctx.config.TZ_DEFAULT;
  const out: Unreported[] = [];
  for (const ref of await due.open()) {
    if (ref.type !== 'roadmap') continue;
    const last = await due.lastReportAt(ref.id);
    if (last && last >= weekStart) continue;
    const item = await due.load(ref);
    if (!item) continue;
    const record = (await due.reportingOf(ref.id)) ?? { startAt: weekStart, reports: [] };
    const missed = missingWeeks(record, ctx.clock.now(), tz, calendar).map((w) => formatDate(w, tz));
    out.push({ item, missed });
  }
  return out.sort((a, b) => a.item.ref.id - b.item.ref.id);
}

/** Each lead's list: the items of the units they lead, as notice lines. */
async function byLead(ctx: JobContext, items: Unreported[]): Promise<Map<number, NoticeLine[]>> {
  const leads = new Map<number, NoticeLine[]>();
  for (const { item, missed } of items) {
    const unit = await ctx.services.due.unitOf(item.unitId);
    if (!unit || unit.leadId === null) continue;
    const params = { id: item.label, title: item.title, unit: unit.code, missed: missed.join(', ') };
    const list = leads.get(unit.leadId) ?? [];
    list.push({ kind: missed.length ? 'notice.report_line_missed' : 'notice.report_line', params });
    leads.set(unit.leadId, list);
  }
  return leads;
}

/**
 * The weekly request for progress. Each unit lead gets one message naming the roadmap items of
 * their units that have no report yet this week (with the weeks of the period still missing); an
 * item's owner person, when that is someone else, gets the request for their item too. From its
 * scheduler (daily, with the cron's weekdays) it goes on its day, or the working day before one off.
 */
export const reportRequest = defineJob({
  name: 'report-request',
  schema: z.object({ weekdays: z.array(z.number().int().min(0).max(6)).optional() }).passthrough(),
  async process(ctx, data) {
    const tz = ctx.config.TZ_DEFAULT;
    const today = localDate(ctx.clock.now(), tz);
    // From its scheduler: on its weekday, or on the working day before one that is off.
    const calendar = await ctx.services.calendar.get();
    if (data.weekdays && !postsToday(today, { weekdays: data.weekdays }, calendar))
      return { skipped: 'not its day' };
    const weekStart = startOfWeek(ctx.clock.now(), tz);
    const week = localDate(weekStart, tz);
    const items = await unreported(ctx, weekStart, calendar);
    const leads = await byLead(ctx, items);
    let asked = 0;
    for (const { item, missed } of items) {
      const owner = item.ownerPersonId;
      const lead = (await ctx.services.due.unitOf(item.unitId))?.leadId ?? null;
      if (owner === null || owner === lead) continue;
      const params = { id: item.label, title: item.title, missed: missed.join(', ') || '—' };
      const kind = missed.length ? 'notice.report_request_missed' : 'notice.report_request';
      await ctx.notifier.toPerson(
        owner,
        { kind, params, ref: item.ref },
        `report_request_${item.ref.id}_${week}`,
      );
      asked++;
    }
    for (const [lead, lines] of leads) {
      const more = lines.length - LEAD_LINES;
      const shown = lines.slice(0, LEAD_LINES);
      if (more > 0) shown.push({ kind: 'summary.and_more', params: { count: more } });
      const notice = { kind: 'notice.report_request_lead', params: { count: lines.length }, lines: shown };
      await ctx.notifier.toPerson(lead, notice, `report_request_lead_${lead}_${week}`);
      asked++;
    }
    return { asked };
  },
});
