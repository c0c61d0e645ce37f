import { eq, gt, lte } from 'drizzle-orm';
import type { Db } from './db.ts';
import { linkAttempts, linkCodes } from './schema.ts';

export type LinkAttempts = typeof linkAttempts.$inferSelect;
export type LinkCode = typeof linkCodes.$inferSelect;

/** `/wg link` codes (stored as hashes) and the wrong tries per person. */
export const linkRepo = {
  /** The person's new code (hex of its hash); their earlier one and every expired one go. */
  async replaceCode(db: Db, code: LinkCode, now: Date): Promise<void> {
    await db.delete(linkCodes).where(eq(linkCodes.personId, code.personId));
    await db.delete(linkCodes).where(lte(linkCodes.expiresAt, now));
    await db.insert(linkCodes).values(code);
  },
  /** Every code still valid at `now`. */
  async live(db: Db, now: Date): Promise<LinkCode[]> {
    return db.select().from(linkCodes).where(gt(linkCodes.expiresAt, now));
  },
  async deleteCode(db: Db, code: string): Promise<void> {
    await db.delete(linkCodes).where(eq(linkCodes.code, code));
  },
  /** Voids every pending code (a lockout); how many there were. */
  async voidAll(db: Db): Promise<number> {
    return (await db.delete(linkCodes).returning({ code: linkCodes.code })).length;
  },
  async attempts(db: Db, personId: number): Promise<LinkAttempts | null> {
    const [row] = await db.select().from(linkAttempts).where(eq(linkAttempts.personId, personId));
    return row ?? null;
  },
  async putAttempts(db: Db, row: LinkAttempts): Promise<void> {
    const { personId: _id, ...set } = row;
    await db.insert(linkAttempts).values(row).onConflictDoUpdate({ target: linkAttempts.personId, set });
  },
  async forgetAttempts(db: Db, personId: number): Promise<void> {
    await db.delete(linkAttempts).where(eq(linkAttempts.personId, personId));
  },
};
