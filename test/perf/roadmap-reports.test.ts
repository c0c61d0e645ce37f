/**
 * The summary reads only the roadmap reports it needs (`reportsNeeded`: the weeks it looks at,
 * each item's latest at the two instants, its first at 100 %), not every report ever made. On
 * both databases, with half a year of reports (repeated, tied, done, done twice, never), the
 * summary built from those equals the one built from every report, for the week and the month,
 * and the roadmap views (latest report, status, reported this week) equal the full ones.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { assessRoadmap } from '../../src/domain/roadmap-status.ts';
import { type BlockerFacts, summaryWindows } from '../../src/domain/summary-facts.ts';
import { buildSummary, type Period } from '../../src/domain/summary-model.ts';
import { reportsNeeded } from '../../src/domain/summary-scope.ts';
import { SOURCES } from '../../src/domain/types.ts';
import { addWeeks, monitoringPeriod, previousPeriod, weekStartOf } from '../../src/domain/vocabulary.ts';
import { localDate } from '../../src/domain/working-days.ts';
import type { Db } from '../../src/store/db.ts';
import { roadmapRepo } from '../../src/store/roadmap-repo.ts';
import { unitsRepo } from '../../src/store/units-repo.ts';
import { databaseFor, TestClock, testApp } from '../support/app.ts';

const NOW = new Date('2026-11-26T05:00:00Z'); // a Thursday
const TZ = 'Asia/Ho_Chi_Minh';

const noFacts = (): BlockerFacts => ({
  byUnit: new Map(),
  bySource: Object.fromEntries(
    SOURCES.map((s) => [s, { opened: 0, resolved: 0, open: 0 }]),
  ) as BlockerFacts['bySource'],
  overdue: [],
  resolved: [],
  dueSoon: [],
  weeks: [],
  targets: new Map(),
});

/** 6 units, 60 items started over 26 weeks; reports every few days, some at 100 % early, some never. */
async function seed(db: Db): Promise<void> {
  const at = NOW.toISOString();
  await db.execute(sql`insert into units (id, code, name, block, kind, created_at)
    select g, 'U' || g, 'Unit ' || g, 'government', 'ministry', ${at}::timestamptz - interval '400 days'
    from generate_series(1, 6) g`);
  await db.execute(sql`insert into roadmap_items (id, unit_id, title, start_at, due, original_due, created_by_id, created_at)
    select g, g % 6 + 1, 'Item ' || g, s, s + (20 + g * 3) * interval '1 day', s + (20 + g * 3) * interval '1 day', 1, s
    from (select g, ${at}::timestamptz - (g * 3) * interval '1 day' as s from generate_series(1, 60) g) x`);
  // Item g reports every (g % 5 + 2) days from its start; g % 7 = 0 never; g % 4 = 0 reaches 100 % early.
  await db.execute(sql`insert into roadmap_reports (item_id, percent, note, reporter_id, at)
    select i.id, least(100, case when i.id % 4 = 0 then k * 25 else k * 7 end), null, 1,
      i.start_at + (k * (i.id % 5 + 2)) * interval '1 day' + (i.id % 3) * interval '1 hour'
    from roadmap_items i, generate_series(1, 40) k
    where i.id % 7 <> 0 and i.start_at + (k * (i.id % 5 + 2)) * interval '1 day' < ${at}::timestamptz`);
  // Ties: a second report at the same instant as another, and a second 100 %.
  await db.execute(sql`insert into roadmap_reports (item_id, percent, note, reporter_id, at)
    select item_id, percent + 1, 'tie', 1, at from roadmap_reports where item_id % 9 = 1 and percent < 99`);
  await db.execute(sql`insert into roadmap_reports (item_id, percent, note, reporter_id, at)
    select item_id, 100, 'again', 1, max(at) + interval '2 days' from roadmap_reports where item_id % 8 = 0 group by item_id`);
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`roadmap reports a summary reads, on ${kind}`, () => {
    let app: App;
    let drop = async () => {};
    let db: Db;

    beforeAll(async () => {
      const { env, drop: dropDb } = await databaseFor(kind, 'steerbot_reports');
      drop = dropDb;
      app = await testApp({ env, clock: new TestClock(NOW) });
      db = app.database.db;
      await seed(db);
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await drop();
    });

    const every = () => roadmapRepo.reportsByItem(db, { since: new Date(0), latestAt: [] });

    for (const period of ['week', 'month'] as const satisfies readonly Period[])
      it(`the ${period}'s summary from the reports it reads equals the one from every report`, async () => {
        const from = weekStartOf(NOW, TZ);
        const month = monitoringPeriod(NOW, TZ);
        const [span, previous] =
          period === 'week'
            ? [
                { from, to: addWeeks(from, 1, TZ) },
                { from: addWeeks(from, -1, TZ), to: from },
              ]
            : [month, previousPeriod(month, TZ)];
        const windows = summaryWindows(span, previous, NOW, TZ);
        const [units, items, all, needed] = await Promise.all([
          unitsRepo.all(db),
          roadmapRepo.all(db),
          every(),
          roadmapRepo.reportsByItem(db, reportsNeeded({ period, windows, tz: TZ })),
        ]);
        const total = (m: Map<number, unknown[]>) => [...m.values()].reduce((n, rs) => n + rs.length, 0);
        expect(total(needed)).toBeLessThan(total(all) / 2); // fewer, or the test proves nothing
        const input = (reports: typeof all) => ({
          period,
          key: period === 'week' ? localDate(from, TZ) : month.key,
          windows,
          tz: TZ,
          block: null,
          units,
          facts: noFacts(),
          items,
          reports,
          extensions: [],
          persons: new Map(),
          open: [],
        });
        const want = buildSummary(input(all));
        expect(want.roadmap.length).toBe(60);
        expect(buildSummary(input(needed))).toEqual(want);
      });

    it('the roadmap views (latest report, status, reported this week) equal those from every report', async () => {
      const views = await app.services.roadmap.views();
      const all = await every();
      const weekStart = weekStartOf(NOW, TZ);
      expect(views.length).toBe(60);
      for (const v of views) {
        const rs = all.get(v.item.id) ?? [];
        expect(v.latest).toEqual(rs[rs.length - 1] ?? null);
        expect({ status: v.status, reason: v.reason }).toEqual(assessRoadmap(v.item, rs, NOW, weekStart));
        expect(v.reportedThisWeek).toBe(rs.some((r) => r.at >= weekStart));
      }
      expect(new Set(views.map((v) => v.status)).size).toBeGreaterThan(2);
    });
  });
}
