import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { unitRequests } from './schema.ts';

export type UnitRequestRow = typeof unitRequests.$inferSelect;

/** `/unit join` requests (see `unit_requests` in schema.ts). */
export const unitRequestsRepo = {
  async pending(db: Db, unitId: number, personId: number): Promise<UnitRequestRow | null> {
    const [r] = await db
      .select()
      .from(unitRequests)
      .where(
        and(
          eq(unitRequests.unitId, unitId),
          eq(unitRequests.personId, personId),
          eq(unitRequests.status, 'pending'),
        ),
      );
    return r ?? null;
  },
  async pendingFor(db: Db, unitId: number): Promise<UnitRequestRow[]> {
    return db
      .select()
      .from(unitRequests)
      .where(and(eq(unitRequests.unitId, unitId), eq(unitRequests.status, 'pending')))
      .orderBy(asc(unitRequests.requestedAt), asc(unitRequests.id));
  },
  /** Pending requests per unit id. */
  async pendingCounts(db: Db): Promise<Map<number, number>> {
    const rows = await db
      .select({ unitId: unitRequests.unitId, n: sql<number>`count(*)::int` })
      .from(unitRequests)
      .where(eq(unitRequests.status, 'pending'))
      .groupBy(unitRequests.unitId);
    return new Map(rows.map((r) => [r.unitId, r.n]));
  },
  async insert(db: Db, values: typeof unitRequests.$inferInsert): Promise<UnitRequestRow> {
    const [r] = await db.insert(unitRequests).values(values).returning();
    if (!r) throw new Error('unit request insert returned nothing');
    return r;
  },
  async decide(db: Db, id: number, status: 'approved' | 'refused', by: number, at: Date): Promise<void> {
    await db
      .update(unitRequests)
      .set({ status, decidedById: by, decidedAt: at })
      .where(eq(unitRequests.id, id));
  },
};
