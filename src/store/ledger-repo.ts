import { count, desc, eq } from 'drizzle-orm';
import type { Db } from './db.ts';
import { sentLedger, unreachedReminders } from './schema.ts';

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
