import { and, asc, eq, isNotNull, isNull, like, lt, or, sql } from 'drizzle-orm';
import type { InboxClaim } from '../domain/ports.ts';
import type { InboxRow } from '../domain/records.ts';
import type { Db } from './db.ts';
import { inbox } from './schema.ts';

/**
 * Thrown inside a change's transaction when the inbox row it runs for was already carried out by
 * another claim: the transaction rolls back, so the command changes nothing twice.
 */
export class AlreadyAppliedError extends Error {
  override readonly name = 'AlreadyAppliedError';
}

export const inboxRepo = {
  /** Writes a new delivery, claimed by `owner`; null when its key is there already (a retry or replay). */
  async accept(
    db: Db,
    row: { platform: string; key: string; kind: string; payload: unknown; receivedAt: Date; owner: number },
  ): Promise<InboxClaim | null> {
    const [claim] = await db
      .insert(inbox)
      .values(row)
      .onConflictDoNothing()
      .returning({ id: inbox.id, attempt: inbox.attempt });
    return claim ?? null;
  },

  async finish(db: Db, id: number, at: Date): Promise<void> {
    await db.update(inbox).set({ doneAt: at }).where(eq(inbox.id, id));
  },

  /** The processes holding unfinished rows of `platform`. */
  async openOwners(db: Db, platform: string): Promise<number[]> {
    const rows = await db
      .selectDistinct({ owner: inbox.owner })
      .from(inbox)
      .where(and(eq(inbox.platform, platform), isNull(inbox.doneAt)));
    return rows.map((r) => r.owner);
  },

  /**
   * Moves the unfinished rows of `from` (a process that is gone) to `to`, atomically: of two
   * processes taking over at once, each row goes to one. Oldest first.
   */
  async takeOver(
    db: Db,
    opts: { platform: string; keyPrefix?: string | undefined; from: number; to: number },
  ): Promise<InboxRow[]> {
    const rows = await db
      .update(inbox)
      .set({ owner: opts.to, attempt: sql`${inbox.attempt} + 1` })
      .where(
        and(
          eq(inbox.platform, opts.platform),
          eq(inbox.owner, opts.from),
          isNull(inbox.doneAt),
          opts.keyPrefix ? like(inbox.key, `${opts.keyPrefix}%`) : undefined,
        ),
      )
      .returning();
    return rows
      .sort((a, b) => a.id - b.id)
      .map((r) => ({
        id: r.id,
        attempt: r.attempt,
        platform: r.platform,
        key: r.key,
        kind: r.kind,
        payload: r.payload,
        applied: r.appliedAttempt !== null,
      }));
  },

  /**
   * Inside a change's transaction: marks the command's row applied by `claim` (again by the same
   * claim is fine: one command may change records in more than one transaction). Throws
   * {@link AlreadyAppliedError} when another claim applied it, so the transaction rolls back.
   */
  async markApplied(tx: Db, claim: InboxClaim): Promise<void> {
    const rows = await tx
      .update(inbox)
      .set({ appliedAttempt: claim.attempt })
      .where(
        and(
          eq(inbox.id, claim.id),
          or(isNull(inbox.appliedAttempt), eq(inbox.appliedAttempt, claim.attempt)),
        ),
      )
      .returning({ id: inbox.id });
    if (rows.length === 0) throw new AlreadyAppliedError('this command was already carried out');
  },

  /** Forgets finished rows older than `before` (platforms retry within minutes to hours). */
  async forgetDoneBefore(db: Db, before: Date): Promise<number> {
    const rows = await db
      .delete(inbox)
      .where(and(isNotNull(inbox.doneAt), lt(inbox.doneAt, before)))
      .returning({ id: inbox.id });
    return rows.length;
  },

  /** Every row, oldest first (tests and diagnostics). */
  async all(db: Db) {
    return db.select().from(inbox).orderBy(asc(inbox.id));
  },
};
