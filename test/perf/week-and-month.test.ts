/**
 * The web view's two summaries built together (`summary.weekAndMonth`: one grouped scan for both
 * periods' counts, one chart scan, one load of the roadmap) equal the week's and the month's
 * built one by one, on both databases, for every block and none.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { BLOCKS } from '../../src/domain/types.ts';
import { generatedApp, NOW } from '../http/generated.ts';
import { databaseFor } from '../support/app.ts';

const DAY = 86_400_000;

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`week and month together on ${kind}`, () => {
    let app: App;
    let drop = async () => {};

    beforeAll(async () => {
      const { env, drop: dropDb } = await databaseFor(kind, 'steerbot_pair');
      drop = dropDb;
      ({ app } = await generatedApp(env, 200));
      const db = app.database.db;
      // A few roadmap items with reports, so that both summaries have a roadmap side too.
      for (let i = 1; i <= 12; i++) {
        const start = new Date(NOW.getTime() - 40 * DAY).toISOString();
        const due = new Date(NOW.getTime() + (i - 4) * 3 * DAY).toISOString();
        await db.execute(sql`insert into roadmap_items (id, unit_id, title, start_at, due, original_due, created_by_id, created_at)
          values (${i}, ${(i % 3) + 1}, ${`Item ${i}`}, ${start}::timestamptz, ${due}::timestamptz, ${due}::timestamptz, 1, ${start}::timestamptz)`);
        await db.execute(sql`insert into roadmap_reports (item_id, percent, reporter_id, at)
          values (${i}, ${(i * 17) % 101}, 1, ${new Date(NOW.getTime() - (i % 9) * DAY).toISOString()}::timestamptz)`);
      }
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await drop();
    });

    it('equals the week and the month computed one by one', async () => {
      const s = app.services.summary;
      for (const block of [null, ...BLOCKS]) {
        for (const overdue of ['top', 'none'] as const) {
          const [week, month] = await s.weekAndMonth(block, { overdue });
          expect(week, `${block} week`).toEqual(await s.compute(null, 'week', block, { overdue }));
          expect(month, `${block} month`).toEqual(await s.compute(null, 'month', block, { overdue }));
        }
      }
      const [week] = await s.weekAndMonth(null);
      expect(week.totals.open).toBeGreaterThan(10);
      expect(week.roadmap.length).toBe(12);
    });
  });
}
