import { eq } from 'drizzle-orm';
import type { Db } from './db.ts';
import { inboxRepo } from './inbox-repo.ts';
import { sentLedger } from './schema.ts';

/**
 * Idempotency records of outbound messages (sent once). Inbound deliveries are the inbox
 * (`inbox-repo.ts`); the pruning kept here is the inbox's, for the reconcile job.
 */
export const dedupeRepo = {
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
   * Forgets inbound deliveries (inbox rows) finished before `before`: platforms redeliver within
   * minutes to hours, so a week of memory is plenty and the table stays small. Returns how many.
   */
  forgetProcessedBefore(db: Db, before: Date): Promise<number> {
    return inboxRepo.forgetDoneBefore(db, before);
  },
};
