/**
 * Cheap facts about the whole database. The summary's counts live in summary-repo.ts.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { historyHead } from './schema.ts';

export const aggregatesRepo = {
  /** The history chain's head: moves with every change to any record (see `appendHistory`). */
  async historySeq(db: Db): Promise<number> {
    const [r] = await db.select({ seq: historyHead.seq }).from(historyHead).where(sql`${historyHead.id} = 1`);
    return r?.seq ?? 0;
  },
  /** The head's sequence and hash: unlike the sequence alone, never the same for two histories. */
  async historyMark(db: Db): Promise<string> {
    const [r] = await db
      .select({ seq: historyHead.seq, hash: historyHead.hash })
      .from(historyHead)
      .where(sql`${historyHead.id} = 1`);
    return r ? `${r.seq}:${r.hash}` : '0';
  },
};
