import { asc, eq, sql } from 'drizzle-orm';
import type { Extension } from '../domain/types.ts';
import type { Db } from './db.ts';
import { toExtension } from './rows.ts';
import { extensions } from './schema.ts';

export const extensionsRepo = {
  async byId(db: Db, id: number, lock = false): Promise<Extension | null> {
    const q = db.select().from(extensions).where(eq(extensions.id, id));
    const [r] = lock ? await q.for('update') : await q;
    return r ? toExtension(r) : null;
  },
  async insert(db: Db, values: typeof extensions.$inferInsert): Promise<Extension> {
    const [r] = await db.insert(extensions).values(values).returning();
    if (!r) throw new Error('extension insert returned nothing');
    return toExtension(r);
  },
  async update(db: Db, id: number, values: Partial<typeof extensions.$inferInsert>): Promise<Extension> {
    const [r] = await db.update(extensions).set(values).where(eq(extensions.id, id)).returning();
    if (!r) throw new Error(`extension ${id} vanished`);
    return toExtension(r);
  },
  /**
   * What a summary from `since` on can count: requested or decided since then, or still pending
   * (older ones are in no figure of it).
   */
  async touchedSince(db: Db, since: Date): Promise<Extension[]> {
    const at = since.toISOString();
    return (
      await db
        .select()
        .from(extensions)
        .where(
          sql`${extensions.createdAt} >= ${at}::timestamptz or ${extensions.decidedAt} >= ${at}::timestamptz or ${extensions.status} = 'pending'`,
        )
        .orderBy(asc(extensions.id))
    ).map(toExtension);
  },
  async all(db: Db): Promise<Extension[]> {
    return (await db.select().from(extensions).orderBy(asc(extensions.id))).map(toExtension);
  },
};
