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
import { isOverdue } from '../../src/domain/blocker-status.ts';
import { blockerFactsOf, type FactsQuery, summaryWindows } from '../../src/domain/summary-facts.ts';
import { addWeeks, weekStartOf } from '../../src/domain/vocabulary.ts';
import { blockersRepo } from '../../src/store/blockers-repo.ts';
import type { Db } from '../../src/store/db.ts';
import { summaryLists, summaryRepo } from '../../src/store/summary-repo.ts';
import { unitsRepo } from '../../src/store/units-repo.ts';
import { databaseFor, TestClock, testApp } from '../support/app.ts';

const NOW = new Date('2026-06-10T03:00:00Z');

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
      const { env, drop: dropDb } = await databaseFor(kind, 'steerbot_perf');
      drop = dropDb;
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

    const facts = (): FactsQuery => {
      const from = weekStartOf(NOW, app.config.TZ_DEFAULT);
      const span = { from, to: addWeeks(from, 1, app.config.TZ_DEFAULT) };
      const previous = { from: addWeeks(from, -1, app.config.TZ_DEFAULT), to: from };
      return {
        windows: summaryWindows(span, previous, NOW, app.config.TZ_DEFAULT),
        tz: app.config.TZ_DEFAULT,
        block: null,
        overdueLimit: 5,
        targetIds: [40, 80],
      };
    };

    it('EXPLAIN: the summary’s short lists and a unit page use the indexes', async () => {
      const lists = summaryLists(db, facts());
      expect(await plan(db, lists.resolved)).toContain('blockers_resolved_at');
      expect(await plan(db, lists.dueSoon)).toContain('blockers_open_deadline');
      const unitPage = await plan(
        db,
        blockersRepo.matchingQuery(db, { unitId: 42 }, NOW, { limit: 10, offset: 0 }),
      );
      expect(unitPage).toContain('blockers_owner_unit');
      expect(unitPage).toContain('blockers_reporting_unit');
    });

    it('the summary’s facts from SQL equal the facts counted over every record', async () => {
      const all = await blockersRepo.all(db);
      expect(all).toHaveLength(20_000);
      const q = facts();
      const js = blockerFactsOf(all, await unitsRepo.all(db), q);
      const fromSql = await summaryRepo.blockerFacts(db, q);
      expect(js.overdue).toHaveLength(5);
      expect(fromSql.overdue.map((b) => b.id)).toEqual(js.overdue.map((b) => b.id));
      expect(fromSql.byUnit).toEqual(js.byUnit);
      expect(fromSql.bySource).toEqual(js.bySource);
      expect(fromSql.weeks).toEqual(js.weeks);
      expect(fromSql.dueSoon.map((b) => b.id)).toEqual(js.dueSoon.map((b) => b.id));
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
