import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { type BlockerRecord, toBlocker } from './rows.ts';
import { blockers } from './schema.ts';

/**
 * The SQL form of `isCounted` (src/domain/counted.ts): a void blocker is in no count, list,
 * export, calendar, summary or reminder. Every read here applies it but {@link blockersRepo.byIdAny}.
 */
export const countedBlocker: SQL = isNull(blockers.voidedAt);

export const blockersRepo = {
  /** A counted blocker (a void one is null: no reminder, no extension decision, no change). */
  async byId(db: Db, id: number, lock = false): Promise<BlockerRecord | null> {
    const q = db
      .select()
      .from(blockers)
      .where(and(eq(blockers.id, id), countedBlocker));
    const [r] = lock ? await q.for('update') : await q;
    return r ? toBlocker(r) : null;
  },
  /** Any blocker, void ones too: for `/blocker show` and for saying "B-3 is void". */
  async byIdAny(db: Db, id: number, lock = false): Promise<BlockerRecord | null> {
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
  /** Every counted blocker. */
  async all(db: Db): Promise<BlockerRecord[]> {
    return (await db.select().from(blockers).where(countedBlocker).orderBy(asc(blockers.id))).map(toBlocker);
  },
  /** The counted blockers in one of `statuses`. */
  async byStatus(db: Db, statuses: string[]): Promise<BlockerRecord[]> {
    return (
      await db
        .select()
        .from(blockers)
        .where(and(sql`${blockers.status} in ${statuses}`, countedBlocker))
        .orderBy(asc(blockers.id))
    ).map(toBlocker);
  },
};
