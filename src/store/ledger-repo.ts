import { count, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from './db.ts';
import { sentLedger, unreachedReminders } from './schema.ts';

/** The ledger key of part `index` of a split message whose own key is `key`. */
const partKey = (key: string, index: number) => `${key}#part:${index}`;

/** How many part keys one query looks up. */
const PART_BATCH = 32;

/** The sent-ledger (outbound messages delivered once) and the reminders nobody could receive. */
export const ledgerRepo = {
  /** Whether the outbound message with this logical id has already gone out. */
  async wasSent(db: Db, key: string): Promise<boolean> {
    const [row] = await db.select().from(sentLedger).where(eq(sentLedger.key, key));
    return row !== undefined;
  },

  /** Marks a logical message as sent; false when it already was. */
  async markSent(db: Db, key: string, at: Date): Promise<boolean> {
    const rows = await db
      .insert(sentLedger)
      .values({ key, at })
      .onConflictDoNothing()
      .returning({ key: sentLedger.key });
    return rows.length > 0;
  },

  async remove(db: Db, key: string): Promise<void> {
    await db.delete(sentLedger).where(eq(sentLedger.key, key));
  },

  /**
   * How many parts of the split message `key` went out: parts are recorded in order, one row each
   * (`key#part:0`, `key#part:1`, …), so the rows found are the parts before the next one to send.
   */
  async partsSent(db: Db, key: string): Promise<number> {
    for (let from = 0; ; from += PART_BATCH) {
      const keys = Array.from({ length: PART_BATCH }, (_, i) => partKey(key, from + i));
      const rows = await db
        .select({ key: sentLedger.key })
        .from(sentLedger)
        .where(inArray(sentLedger.key, keys));
      if (rows.length < PART_BATCH) return from + rows.length;
    }
  },

  /** Records that part `index` of the split message `key` went out. */
  async partSent(db: Db, key: string, index: number, at: Date): Promise<void> {
    await db
      .insert(sentLedger)
      .values({ key: partKey(key, index), at })
      .onConflictDoNothing();
  },

  /** Forgets the parts of `key` once the whole message is marked sent. */
  async forgetParts(db: Db, key: string, parts: number): Promise<void> {
    if (parts <= 0) return;
    const keys = Array.from({ length: parts }, (_, i) => partKey(key, i));
    await db.delete(sentLedger).where(inArray(sentLedger.key, keys));
  },

  /** Records a reminder that had nobody to go to; false when this one was recorded before. */
  async unreached(db: Db, key: string, item: string, at: Date): Promise<boolean> {
    const rows = await db
      .insert(unreachedReminders)
      .values({ key, item, at })
      .onConflictDoNothing()
      .returning({ key: unreachedReminders.key });
    return rows.length > 0;
  },

  /** How many reminders had nobody to go to, and the latest items. */
  async unreachedSummary(db: Db): Promise<{ count: number; items: string[] }> {
    const [row] = await db.select({ n: count() }).from(unreachedReminders);
    const latest = await db
      .select({ item: unreachedReminders.item })
      .from(unreachedReminders)
      .orderBy(desc(unreachedReminders.at))
      .limit(20);
    return { count: row?.n ?? 0, items: [...new Set(latest.map((r) => r.item))].slice(0, 5) };
  },
};
