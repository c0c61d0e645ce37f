/**
 * The summary's blocker facts as PostgreSQL computes them (src/store/summary-repo.ts) equal the
 * same facts counted record by record with the words of vocabulary.ts (`blockerFactsOf`), on
 * PGlite and on the real PostgreSQL, for weeks and monitoring periods, each block, and the
 * records that make counting hard: void entries, closed without a resolution time, reopened with
 * one, no owner unit, due earlier today, an extension naming a void blocker.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaleOf, seedBulk } from '../../bench/seed.ts';
import type { App } from '../../src/app.ts';
import {
  type BlockerFacts,
  blockerFactsOf,
  type FactsQuery,
  summaryWindows,
} from '../../src/domain/summary-facts.ts';
import { BLOCKS } from '../../src/domain/types.ts';
import { addWeeks, monitoringPeriod, previousPeriod, weekStartOf } from '../../src/domain/vocabulary.ts';
import { blockersRepo } from '../../src/store/blockers-repo.ts';
import type { Db } from '../../src/store/db.ts';
import { summaryRepo } from '../../src/store/summary-repo.ts';
import { unitsRepo } from '../../src/store/units-repo.ts';
import { databaseFor, TestClock, testApp } from '../support/app.ts';

const NOW = new Date('2026-06-10T03:00:00Z');
const TZ = 'Asia/Ho_Chi_Minh';

/** The facts in a form `toEqual` compares: lists as ids, maps as sorted entries. */
function plain(f: BlockerFacts) {
  return {
    byUnit: [...f.byUnit.entries()].sort((a, b) => (a[0] ?? -1) - (b[0] ?? -1)),
    bySource: f.bySource,
    overdue: f.overdue.map((b) => b.id),
    resolved: f.resolved.map((b) => b.id),
    dueSoon: f.dueSoon.map((b) => b.id),
    weeks: f.weeks,
    targets: [...f.targets.entries()].sort((a, b) => a[0] - b[0]),
  };
}

async function oddRecords(db: Db): Promise<void> {
  const at = NOW.toISOString();
  await db.execute(
    sql`update blockers set voided_at = ${at}::timestamptz, void_reason = 'mistake' where id % 97 = 0`,
  );
  // Closed without a resolution time (imported), and reopened keeping the old one.
  await db.execute(sql`update blockers set resolved_at = null where status = 'dropped' and id % 3 = 0`);
  await db.execute(
    sql`update blockers set resolved_at = created_at + interval '2 days' where status = 'open' and id % 89 = 0`,
  );
  await db.execute(sql`update blockers set owner_unit_id = null where id % 31 = 0`);
  // Due earlier today and yesterday evening: one calendar day overdue each, ordered by id.
  await db.execute(
    sql`update blockers set deadline = ${at}::timestamptz - interval '1 hour', status = 'open' where id % 41 = 0`,
  );
  await db.execute(
    sql`update blockers set deadline = ${at}::timestamptz - interval '14 hours', status = 'open' where id % 43 = 0`,
  );
  await db.execute(
    sql`update blockers set deadline = ${at}::timestamptz + interval '3 days' where id % 37 = 0`,
  );
  // Resolved this week (the seed's resolutions are older).
  await db.execute(
    sql`update blockers set status = 'resolved', resolved_at = ${at}::timestamptz - (id % 5) * interval '1 day' where id % 53 = 0`,
  );
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`summary facts in SQL equal the facts counted in JavaScript, on ${kind}`, () => {
    let app: App;
    let drop = async () => {};
    let db: Db;
    beforeAll(async () => {
      const { env, drop: dropDb } = await databaseFor(kind, 'steerbot_facts', { TZ_DEFAULT: TZ });
      drop = dropDb;
      app = await testApp({ env, clock: new TestClock(NOW) });
      db = app.database.db;
      await seedBulk(db, scaleOf(0.1), NOW);
      await oddRecords(db);
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await drop();
    });

    const weekFrom = weekStartOf(NOW, TZ);
    const week = { from: weekFrom, to: addWeeks(weekFrom, 1, TZ) };
    const lastWeek = { from: addWeeks(weekFrom, -1, TZ), to: weekFrom };
    const month = monitoringPeriod(NOW, TZ);
    const pastMonth = previousPeriod(month, TZ);
    const spans = [
      { name: 'this week', span: week, previous: lastWeek },
      { name: 'this monitoring period', span: month, previous: previousPeriod(month, TZ) },
      { name: 'a past monitoring period', span: pastMonth, previous: previousPeriod(pastMonth, TZ) },
    ];

    it('for every span and block, with the overdue list whole and cut to five', async () => {
      const all = await blockersRepo.all(db);
      const units = await unitsRepo.all(db);
      expect(all.length).toBeGreaterThan(1900);
      const targetIds = [97, 194, 40, 80, 120, 53, 999_999];
      const cases = [
        ...spans.map((s) => ({ s, block: null, overdueLimit: null })),
        ...BLOCKS.map((block, i) => ({
          s: spans[i % spans.length] as (typeof spans)[number],
          block,
          overdueLimit: 5,
        })),
      ];
      for (const { s, block, overdueLimit } of cases) {
        const q: FactsQuery = {
          windows: summaryWindows(s.span, s.previous, NOW, TZ),
          tz: TZ,
          block,
          overdueLimit,
          targetIds,
        };
        const js = plain(blockerFactsOf(all, units, q));
        expect(plain(await summaryRepo.blockerFacts(db, q)), `${s.name}, ${block ?? 'all blocks'}`).toEqual(
          js,
        );
      }
    });

    it('the data exercises what it claims to', async () => {
      const all = await blockersRepo.all(db);
      const units = await unitsRepo.all(db);
      const q: FactsQuery = {
        windows: summaryWindows(week, lastWeek, NOW, TZ),
        tz: TZ,
        block: null,
        overdueLimit: null,
        targetIds: [97, 40],
      };
      const f = blockerFactsOf(all, units, q);
      expect(f.overdue.length).toBeGreaterThan(100);
      expect(f.resolved.length).toBeGreaterThan(3);
      expect(f.dueSoon.length).toBeGreaterThan(3);
      expect(f.byUnit.has(null)).toBe(true);
      expect([...f.targets.keys()]).toEqual([40]); // B-97 is void
      expect(all.some((b) => b.id === 97)).toBe(false);
    });
  });
}
