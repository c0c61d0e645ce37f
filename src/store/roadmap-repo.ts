import { asc, desc, eq, sql } from 'drizzle-orm';
import type { RoadmapItem, RoadmapReport } from '../domain/types.ts';
import { ts } from './blockers-repo.ts';
import type { Db } from './db.ts';
import { toRoadmapItem } from './rows.ts';
import { roadmapItems, roadmapReports } from './schema.ts';

export const roadmapRepo = {
  async byId(db: Db, id: number): Promise<RoadmapItem | null> {
    const [r] = await db.select().from(roadmapItems).where(eq(roadmapItems.id, id));
    return r ? toRoadmapItem(r) : null;
  },
  async insert(db: Db, values: typeof roadmapItems.$inferInsert): Promise<RoadmapItem> {
    const [r] = await db.insert(roadmapItems).values(values).returning();
    if (!r) throw new Error('roadmap insert returned nothing');
    return toRoadmapItem(r);
  },
  async update(db: Db, id: number, values: Partial<typeof roadmapItems.$inferInsert>): Promise<void> {
    await db.update(roadmapItems).set(values).where(eq(roadmapItems.id, id));
  },
  async all(db: Db): Promise<RoadmapItem[]> {
    return (await db.select().from(roadmapItems).orderBy(asc(roadmapItems.id))).map(toRoadmapItem);
  },
  async addReport(db: Db, values: typeof roadmapReports.$inferInsert): Promise<RoadmapReport> {
    const [r] = await db.insert(roadmapReports).values(values).returning();
    if (!r) throw new Error('report insert returned nothing');
    return r;
  },
  /**
   * Reports grouped by item, oldest first (by time, then id): every one made at or after
   * `since`, and per item the latest at or before each instant of `latestAt` and its first at
   * 100 % — not every report ever made (a year of weekly reports on 2,000 items is 100,000).
   */
  async reportsByItem(
    db: Db,
    want: { since: Date; latestAt: readonly Date[] },
  ): Promise<Map<number, RoadmapReport[]>> {
    const r = roadmapReports;
    const latest = want.latestAt.map(
      (t) =>
        sql`select * from (select distinct on (${r.itemId}) ${r.id} from ${r} where ${r.at} <= ${ts(t)} order by ${r.itemId}, ${r.at} desc, ${r.id} desc) l`,
    );
    const ids = sql.join(
      [
        sql`select ${r.id} from ${r} where ${r.at} >= ${ts(want.since)}`,
        ...latest,
        sql`select * from (select distinct on (${r.itemId}) ${r.id} from ${r} where ${r.percent} >= 100 order by ${r.itemId}, ${r.at}, ${r.id}) d`,
      ],
      sql` union `,
    );
    const rows = await db.select().from(r).where(sql`${r.id} in (${ids})`).orderBy(asc(r.at), asc(r.id));
    const map = new Map<number, RoadmapReport[]>();
    for (const row of rows) {
      const list = map.get(row.itemId);
      if (list) list.push(row);
      else map.set(row.itemId, [row]);
    }
    return map;
  },
  /** The ids of the items not reported done (latest report under 100 %, or none yet). */
  async openIds(db: Db): Promise<number[]> {
    const rows = await db
      .select({ id: roadmapItems.id })
      .from(roadmapItems)
      .where(
        sql`coalesce((select ${roadmapReports.percent} from ${roadmapReports} where ${eq(roadmapReports.itemId, roadmapItems.id)} order by ${roadmapReports.at} desc, ${roadmapReports.id} desc limit 1), 0) < 100`,
      );
    return rows.map((r) => r.id);
  },
  async reportsOf(db: Db, itemId: number): Promise<RoadmapReport[]> {
    return db
      .select()
      .from(roadmapReports)
      .where(eq(roadmapReports.itemId, itemId))
      .orderBy(desc(roadmapReports.at));
  },
};
