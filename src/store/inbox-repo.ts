import { AsyncLocalStorage } from 'node:async_hooks';
import { and, asc, eq, isNotNull, isNull, like, lt, or, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import type { HistoryInput } from './history.ts';
import { inbox } from './schema.ts';

/** The inbox row a piece of work runs for, and which claim of it (a restart claims it again). */
export interface InboxClaim {
  id: number;
  attempt: number;
}

/** A row taken over from a process that is gone. */
export interface InboxRow extends InboxClaim {
  platform: string;
  key: string;
  kind: string;
  payload: unknown;
  /** Its change committed already (only the answer may be missing): do not run it again. */
  applied: boolean;
}

/**
 * Thrown inside a change's transaction when the inbox row it runs for was already carried out by
 * another claim: the transaction rolls back, so the command changes nothing twice.
 */
export class AlreadyAppliedError extends Error {
  override readonly name = 'AlreadyAppliedError';
}

/** The claim the current async call chain works for (set by the inbox service around a command). */
export const inboxScope = new AsyncLocalStorage<InboxClaim>();

/**
 * Meeting a person (first contact, the ADMINS grant) happens again harmlessly when a command is
 * run again, so it is not the command's change: it does not mark the row applied.
 */
function meeting(entry: HistoryInput): boolean {
  if (entry.entityType !== 'person') return false;
  if (entry.action === 'first_contact') return true;
  const by = entry.changes.by;
  return entry.action === 'role' && (by === 'ADMINS' || by === 'console');
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
   * Inside a change's transaction: marks the current command's row applied by this claim.
   * Throws {@link AlreadyAppliedError} when another claim applied it. Outside a command, or for
   * {@link meeting} a person, it does nothing.
   */
  async markApplied(tx: Db, entry: HistoryInput): Promise<void> {
    const claim = inboxScope.getStore();
    if (!claim || meeting(entry)) return;
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
  all(db: Db) {
    return db.select().from(inbox).orderBy(asc(inbox.id));
  },
};
