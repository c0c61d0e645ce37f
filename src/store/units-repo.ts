import { asc, eq, sql } from 'drizzle-orm';
import type { UnitRecord } from '../domain/records.ts';
import type { Db } from './db.ts';
import { toUnit } from './rows.ts';
import { units } from './schema.ts';

export const unitsRepo = {
  async byCode(db: Db, code: string): Promise<UnitRecord | null> {
    const [r] = await db
      .select()
      .from(units)
      .where(eq(sql`upper(${units.code})`, code.toUpperCase()));
    return r ? toUnit(r) : null;
  },
  async byId(db: Db, id: number): Promise<UnitRecord | null> {
    const [r] = await db.select().from(units).where(eq(units.id, id));
    return r ? toUnit(r) : null;
  },
  async all(db: Db): Promise<UnitRecord[]> {
    return (await db.select().from(units).orderBy(asc(units.block), asc(units.code))).map(toUnit);
  },
  async count(db: Db): Promise<number> {
    const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(units);
    return r?.n ?? 0;
  },
  async insert(db: Db, values: typeof units.$inferInsert): Promise<UnitRecord> {
    const [r] = await db.insert(units).values(values).returning();
    if (!r) throw new Error('unit insert returned nothing');
    return toUnit(r);
  },
  async update(db: Db, id: number, values: Partial<typeof units.$inferInsert>): Promise<void> {
    await db.update(units).set(values).where(eq(units.id, id));
  },
  async ledBy(db: Db, personId: number): Promise<number[]> {
    return (await db.select({ id: units.id }).from(units).where(eq(units.leadId, personId))).map((r) => r.id);
  },
};
