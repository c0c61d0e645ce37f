import { eq, lt } from 'drizzle-orm';
import type { Db } from './db.ts';
import { processedUpdates, sentLedger } from './schema.ts';

/** Idempotency records: inbound deliveries handled once, outbound messages sent once. */
export const dedupeRepo = {
  /**
   * Records that an inbound delivery (a Telegram `update_id`, a Slack event id) is being handled.
   * True the first time; false when it was seen before (a retry or redelivery: do nothing).
   */
  async firstSeen(db: Db, platform: string, key: string, at: Date): Promise<boolean> {
    const rows = await db
      .insert(processedUpdates)
      .values({ platform, key, at })
      .onConflictDoNothing()
      .returning({ key: processedUpdates.key });
    return rows.length > 0;
  },

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

  /**
   * Forgets inbound deliveries older than `before`: platforms redeliver within minutes to hours,
   * so a week of memory is plenty and the table stays small. Returns how many were dropped.
   */
  async forgetProcessedBefore(db: Db, before: Date): Promise<number> {
    const rows = await db
      .delete(processedUpdates)
      .where(lt(processedUpdates.at, before))
      .returning({ key: processedUpdates.key });
    return rows.length;
  },
};
