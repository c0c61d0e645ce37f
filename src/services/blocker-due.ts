import { daysBetween } from '../dates.ts';
import { assertCan, can, permActor } from '../domain/permissions.ts';
import type { BlockerRecord } from '../domain/records.ts';
import type { Extension } from '../domain/types.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import type { Db } from '../store/db.ts';
import { extensionsRepo } from '../store/extensions-repo.ts';
import { nextId } from '../store/ids.ts';
import { blockerTarget, loadLive, refuseClosed } from './blocker-access.ts';
import { type Actor, afterCommit, change, later, record, type ServiceDeps } from './deps.ts';

/** What `/blocker due` did: set the deadline (a first one, or moved by an admin), or requested the move. */
export type DueChange =
  | { kind: 'set' | 'first'; blocker: BlockerRecord }
  | { kind: 'requested'; extension: Extension };

/**
 * Sets or moves a deadline (DESIGN.md `/blocker due`). A first deadline on an item that has
 * none is set directly by whoever may triage or own it (`blocker.set_first_due`: hotline
 * handlers, the owner unit's lead and members, admins) and is no extension (`kind: 'first'`).
 * Moving an existing deadline: admins set it; everyone else files an extension request for an
 * admin to decide, and nothing moves until then.
 */
export async function changeDue(
  deps: ServiceDeps,
  actor: Actor,
  id: number,
  date: Date,
  reason: string | null,
): Promise<DueChange> {
  const now = deps.clock.now();
  const result = await change(deps, actor, async (tx): Promise<DueChange> => {
    const p = permActor(actor);
    const b = await loadLive(tx, actor, id);
    refuseClosed(b);
    // A first deadline is triage, not a move: whoever may triage or own the item sets it.
    const first = b.deadline === null && can(p, 'blocker.set_first_due', blockerTarget(b));
    if (first || can(p, 'blocker.set_due', blockerTarget(b))) {
      const blocker = await applyDeadline(deps, tx, { actor, b, date, reason, now });
      // The reminders follow the new deadline: queued in this transaction (the outbox).
      await later(tx, now, { kind: 'item_changed', ref: { type: 'blocker', id } });
      return { kind: first ? 'first' : 'set', blocker };
    }
    assertCan(p, 'blocker.request_extension', blockerTarget(b));
    return { kind: 'requested', extension: await requestExtension(tx, { actor, b, date, reason, now }) };
  });
  if (result.kind !== 'requested') await afterCommit(deps);
  return result;
}

/** A deadline move: who moves which blocker to what date, why, and when. */
export interface DeadlineMove {
  actor: Actor;
  b: BlockerRecord;
  date: Date;
  reason: string | null;
  now: Date;
}

/** Files the request to move `b`'s deadline to `date`, for an admin to decide (`X-n`). */
async function requestExtension(tx: Db, move: DeadlineMove): Promise<Extension> {
  const { actor, b, date, reason, now } = move;
  const xid = await nextId(tx, 'extension');
  const extension = await extensionsRepo.insert(tx, {
    id: xid,
    targetType: 'blocker',
    targetId: b.id,
    oldDate: b.deadline,
    newDate: date,
    reason,
    requesterId: actor.person.id,
    status: 'pending',
    createdAt: now,
  });
  await record(tx, actor, now, {
    entityType: 'extension',
    entityId: fmtId.extension(xid),
    action: 'request',
    changes: { target: fmtId.blocker(b.id), oldDate: b.deadline, newDate: date, reason },
  });
  await record(tx, actor, now, {
    entityType: 'blocker',
    entityId: fmtId.blocker(b.id),
    action: 'extension_requested',
    changes: { extension: fmtId.extension(xid), newDate: date, reason },
  });
  return extension;
}

/** Sets a new deadline with the slip accounting (how many times, by how many days it moved later). */
export async function applyDeadline(deps: ServiceDeps, tx: Db, move: DeadlineMove): Promise<BlockerRecord> {
  const { actor, b, date, reason, now } = move;
  const tz = actor.person.tz ?? deps.config.TZ_DEFAULT;
  const movesLater = b.deadline !== null && date.getTime() > b.deadline.getTime();
  const slip = movesLater && b.deadline ? Math.max(0, daysBetween(b.deadline, date, tz)) : 0;
  const after = await blockersRepo.update(tx, b.id, {
    deadline: date,
    originalDeadline: b.originalDeadline ?? date,
    slipCount: b.slipCount + (movesLater ? 1 : 0),
    slipDays: b.slipDays + slip,
    updatedAt: now,
  });
  await record(tx, actor, now, {
    entityType: 'blocker',
    entityId: fmtId.blocker(b.id),
    action: b.deadline === null ? 'first_due' : 'due',
    changes: { deadline: { from: b.deadline, to: date }, ...(reason ? { reason } : {}), slipDays: slip },
  });
  return after;
}
