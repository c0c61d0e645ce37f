import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { type BlockerRecord, toBlocker } from './rows.ts';
import { blockers } from './schema.ts';

export const blockersRepo = {
  async byId(db: Db, id: number, lock = false): Promise<BlockerRecord | null> {
    const q = db.select().from(blockers).where(eq(blockers.id, id));
    const [r] = lock ? await q.for('update') : await q;
    return r ? toBlocker(r) : null;
  },
  async insert(db: Db, values: typeof blockers.$inferInsert): Promise<BlockerRecord> {
    const [r] = await db.insert(blockers).values(values).returning();
    if (!r) throw new Error('blocker insert returned nothing');
    return toBlocker(r);
  },
  async update(db: Db, id: number, values: Partial<typeof blockers.$inferInsert>): Promise<BlockerRecord> {
    const [r] = await db.update(blockers).set(values).where(eq(blockers.id, id)).returning();
    if (!r) throw new Error(`blocker ${id} vanished`);
    return toBlocker(r);
  },
  async all(db: Db): Promise<BlockerRecord[]> {
    return (await db.select().from(blockers).orderBy(asc(blockers.id))).map(toBlocker);
  },
  async byStatus(db: Db, statuses: string[]): Promise<BlockerRecord[]> {
    return (
      await db.select().from(blockers).where(sql`${blockers.status} in ${statuses}`).orderBy(asc(blockers.id))
    ).map(toBlocker);
  },
};
