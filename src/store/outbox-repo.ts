import { and, asc, count, eq, gte, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { OutboxEvent } from '../domain/ports.ts';
import { type Db, sqlRows } from './db.ts';
import { outbox } from './schema.ts';

export interface OutboxRow {
  id: number;
  event: OutboxEvent;
  attempts: number;
}

/** How long a relay may hold rows before another process takes them over. */
const CLAIM_MS = 60_000;

/** The outbox: written inside a change's transaction, claimed and marked by the relay. */
export const outboxRepo = {
  async insert(tx: Db, event: OutboxEvent, at: Date): Promise<void> {
    await tx.insert(outbox).values({ event, createdAt: at, nextAt: at });
  },

  /**
   * Claims up to `limit` rows due at `now`, oldest first, for this relay. One statement with `FOR
   * UPDATE SKIP LOCKED`: several processes relaying at once never get the same row. Times come
   * from the caller's clock (the injected one), like every other time steerbot decides on.
   */
  async claim(db: Db, limit: number, now: Date): Promise<OutboxRow[]> {
    // Raw SQL parameters skip the column mapping: timestamps go as ISO text, cast.
    const at = sql`${now.toISOString()}::timestamptz`;
    const until = sql`${new Date(now.getTime() + CLAIM_MS).toISOString()}::timestamptz`;
    const rows = await sqlRows<{ id: number; event: OutboxEvent; attempts: number }>(
      db,
      sql`
      update ${outbox} set claimed_until = ${until}, attempts = ${outbox.attempts} + 1
      where ${outbox.id} in (
        select ${outbox.id} from ${outbox}
        where ${outbox.doneAt} is null and ${outbox.nextAt} <= ${at}
          and (${outbox.claimedUntil} is null or ${outbox.claimedUntil} < ${at})
        order by ${outbox.id} limit ${limit}
        for update skip locked)
      returning ${outbox.id} as id, ${outbox.event} as event, ${outbox.attempts} as attempts`,
    );
    // `returning` keeps no order: the relay carries rows out oldest first.
    return rows
      .map((r) => ({ id: Number(r.id), event: r.event, attempts: Number(r.attempts) }))
      .sort((a, b) => a.id - b.id);
  },

  async done(db: Db, id: number, at: Date): Promise<void> {
    await db.update(outbox).set({ doneAt: at, claimedUntil: null, lastError: null }).where(eq(outbox.id, id));
  },

  /** Gives a row back after a failed attempt: tried again from `nextAt`. */
  async failed(db: Db, id: number, error: string, nextAt: Date): Promise<void> {
    await db
      .update(outbox)
      .set({ claimedUntil: null, lastError: error.slice(0, 500), nextAt })
      .where(eq(outbox.id, id));
  },

  /**
   * Gives claimed rows back untried (the relay stopped at an earlier failure), due from the same
   * `nextAt` as the row that failed, so they keep their place behind it.
   */
  async release(db: Db, ids: number[], nextAt: Date): Promise<void> {
    if (ids.length === 0) return;
    await db
      .update(outbox)
      .set({ claimedUntil: null, attempts: sql`${outbox.attempts} - 1`, nextAt })
      .where(inArray(outbox.id, ids));
  },

  /** Rows not carried out yet. */
  async pending(db: Db): Promise<number> {
    const [row] = await db.select({ n: count() }).from(outbox).where(isNull(outbox.doneAt));
    return row?.n ?? 0;
  },

  /**
   * Marks message rows done since `since` as pending again, due `now` (the queue lost what they put there). Relaying
   * them again is harmless: job ids are deterministic and the sent-ledger stops a second send.
   */
  async replaySince(db: Db, since: Date, now: Date): Promise<number> {
    // Only messages: reminders and schedulers are rebuilt from the records by reconcile anyway.
    const rows = await db
      .update(outbox)
      .set({ doneAt: null, nextAt: now })
      .where(
        and(
          isNotNull(outbox.doneAt),
          gte(outbox.doneAt, since),
          sql`${outbox.event}->>'kind' in ('to_feed', 'to_person')`,
        ),
      )
      .returning({ id: outbox.id });
    return rows.length;
  },

  /** Forgets rows carried out before `before`. */
  async forgetDoneBefore(db: Db, before: Date): Promise<number> {
    const rows = await db
      .delete(outbox)
      .where(and(isNotNull(outbox.doneAt), sql`${outbox.doneAt} < ${before}`))
      .returning({ id: outbox.id });
    return rows.length;
  },

  all: (db: Db) => db.select().from(outbox).orderBy(asc(outbox.id)),
};
