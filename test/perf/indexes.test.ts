/**
 * The read side's queries at scale, on PGlite and on the real PostgreSQL: 20,000 blockers over 500
 * units (bulk-inserted), then `EXPLAIN` must show the read indexes in use (no timing asserted), the
 * SQL counts must equal the same counts done over every record in JavaScript, and a list page must
 * be the same slice of the same order as the whole list.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaleOf, seedBulk } from '../../bench/seed.ts';
import type { App } from '../../src/app.ts';
import { isClosed, isOverdue } from '../../src/domain/blocker-status.ts';
import { aggregateSql, aggregatesRepo } from '../../src/store/aggregates-repo.ts';
import { blockersRepo } from '../../src/store/blockers-repo.ts';
import type { Db } from '../../src/store/db.ts';
import { freshPgDatabase, TestClock, testApp } from '../support/app.ts';

const NOW = new Date('2026-06-10T03:00:00Z');
const DAY = 86_400_000;

async function plan(db: Db, query: Parameters<typeof sql>[1]): Promise<string> {
  const r = await db.execute(sql`explain ${query}`);
  const rows = ((r as { rows?: Record<string, string>[] }).rows ?? r) as Record<string, string>[];
  return rows.map((x) => Object.values(x).join(' ')).join('\n');
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`read queries at 20,000 blockers on ${kind}`, () => {
    let app: App;
    let drop = async () => {};
    let db: Db;
    beforeAll(async () => {
      const env: Record<string, string> = {};
      if (kind === 'postgres') {
        const pg = await freshPgDatabase('steerbot_perf');
        env.DATABASE_URL = pg.url;
        drop = pg.drop;
      }
      app = await testApp({ env, clock: new TestClock(NOW) });
      db = app.database.db;
      await seedBulk(db, scaleOf(1), NOW);
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await drop();
    });

    it('the migration made the read indexes', async () => {
      const r = await db.execute(sql`select indexname from pg_indexes where tablename = 'blockers'`);
      const names = (((r as { rows?: unknown[] }).rows ?? r) as { indexname: string }[]).map(
        (x) => x.indexname,
      );
      expect(names).toEqual(
        expect.arrayContaining([
          'blockers_status',
          'blockers_owner_unit',
          'blockers_reporting_unit',
          'blockers_open_deadline',
          'blockers_created_at',
          'blockers_resolved_at',
        ]),
      );
    });

    it('EXPLAIN: the most overdue, a unit page, and this week’s counts use the indexes', async () => {
      expect(await plan(db, aggregateSql.mostOverdue(NOW, 5))).toContain('blockers_open_deadline');
      const unitPage = await plan(
        db,
        blockersRepo.matchingQuery(db, { unitId: 42 }, NOW, { limit: 10, offset: 0 }),
      );
      expect(unitPage).toContain('blockers_owner_unit');
      expect(unitPage).toContain('blockers_reporting_unit');
      const weekAgo = new Date(NOW.getTime() - 7 * DAY);
      expect(await plan(db, aggregateSql.openedSince(weekAgo))).toContain('blockers_created_at');
      expect(await plan(db, aggregateSql.resolvedSince(weekAgo))).toContain('blockers_resolved_at');
    });

    it('the SQL counts equal the counts over every record', async () => {
      const all = await blockersRepo.all(db);
      expect(all).toHaveLength(20_000);
      const from = new Date(NOW.getTime() - 30 * DAY);
      const js = {
        opened: all.filter((b) => b.createdAt >= from).length,
        resolved: all.filter((b) => b.status === 'resolved' && b.resolvedAt && b.resolvedAt >= from).length,
        open: all.filter((b) => !isClosed(b.status)).length,
        overdue: all.filter((b) => isOverdue(b, NOW)).length,
      };
      expect(js.overdue).toBeGreaterThan(0);
      expect(await aggregatesRepo.blockerTotals(db, from, NOW)).toEqual(js);
      const byUnit = await aggregatesRepo.blockerCountsByOwnerUnit(db, from, NOW);
      const unit7 = all.filter((b) => b.ownerUnitId === 7);
      expect(byUnit.get(7)?.open).toBe(unit7.filter((b) => !isClosed(b.status)).length);
      const overdue = all
        .filter((b) => isOverdue(b, NOW))
        .sort((a, b) => (a.deadline?.getTime() ?? 0) - (b.deadline?.getTime() ?? 0) || a.id - b.id)
        .slice(0, 5)
        .map((b) => b.id);
      expect(await aggregatesRepo.mostOverdueIds(db, NOW, 5)).toEqual(overdue);
      const prevFrom = new Date(from.getTime() - 30 * DAY);
      const openAt = (b: (typeof all)[number], t: Date) =>
        b.createdAt <= t &&
        (b.resolvedAt === null || b.resolvedAt > t) &&
        !(isClosed(b.status) && b.resolvedAt === null);
      expect(await aggregatesRepo.previousCounts(db, prevFrom, from)).toEqual({
        opened: all.filter((b) => b.createdAt >= prevFrom && b.createdAt < from).length,
        resolved: all.filter(
          (b) => b.status === 'resolved' && b.resolvedAt && b.resolvedAt >= prevFrom && b.resolvedAt < from,
        ).length,
        open: all.filter((b) => openAt(b, from)).length,
        overdue: all.filter((b) => openAt(b, from) && b.deadline !== null && b.deadline < from).length,
      });
      const [week] = await aggregatesRepo.weeklyFlow(
        db,
        [{ start: from, end: new Date(from.getTime() + 7 * DAY) }],
        NOW,
      );
      expect(week?.opened).toBe(
        all.filter((b) => b.createdAt >= from && b.createdAt.getTime() < from.getTime() + 7 * DAY).length,
      );
      expect(week?.open).toBe(all.filter((b) => openAt(b, new Date(from.getTime() + 7 * DAY))).length);
    });

    it('/blocker list pages are slices of the whole list, in the same order, with the total', async () => {
      const admin = await app.services.identity.resolve(
        { platform: 'console', id: 'admin', name: 'Admin' },
        { asAdmin: true },
      );
      const whole = await app.services.queries.list(admin, { scope: 'open', block: 'government' });
      const page = await app.services.queries.page(
        admin,
        { scope: 'open', block: 'government' },
        { limit: 10, offset: 20 },
      );
      expect(page.total).toBe(whole.length);
      expect(page.items.map((b) => b.id)).toEqual(whole.slice(20, 30).map((b) => b.id));
      expect(isOverdue(whole[0] ?? { status: 'open', deadline: null }, NOW)).toBe(true);
    });
  });
}
