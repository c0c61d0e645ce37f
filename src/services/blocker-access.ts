/** Loading a blocker for a use case: what the actor may see, and the checks every change makes. */
import { type BlockerAction, isClosed, nextStatus, type StatusOptions } from '../domain/blocker-status.ts';
import { isCounted } from '../domain/counted.ts';
import { isUserError, UserError } from '../domain/errors.ts';
import { assertCan, type Permission, permActor, visibleTo } from '../domain/permissions.ts';
import type { BlockerRecord } from '../domain/records.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import type { Db } from '../store/db.ts';
import type { Actor } from './deps.ts';

/** The permission target a blocker presents. */
export const blockerTarget = (b: BlockerRecord) => ({
  ownerUnitId: b.ownerUnitId,
  ownerPersonId: b.ownerPersonId,
  reportingUnitId: b.reportingUnitId,
  createdById: b.createdById,
});

/** {@link nextStatus} for blocker `b`, its refusals naming the blocker (`B-3 is already resolved`). */
export function statusAfter(
  b: BlockerRecord,
  action: BlockerAction,
  opts: StatusOptions,
): BlockerRecord['status'] {
  try {
    return nextStatus(b.status, action, opts);
  } catch (err) {
    if (isUserError(err)) throw new UserError(err.code, { ...err.params, id: fmtId.blocker(b.id) });
    throw err;
  }
}

/**
 * Loads a blocker the actor may see, row-locked, for a change: a void one is refused by name
 * (`B-3 is void`), one they may not see does not exist for them (externals: other units' records).
 */
export async function loadLive(tx: Db, actor: Actor, id: number): Promise<BlockerRecord> {
  const b = await blockersRepo.byIdAny(tx, id, true);
  if (!b || !visibleTo(permActor(actor), blockerTarget(b)))
    throw new UserError('blocker.unknown', { id: fmtId.blocker(id) });
  if (!isCounted(b)) throw new UserError('blocker.is_void', { id: fmtId.blocker(id) });
  return b;
}

/** Loads a blocker for a change (row-locked) and checks the actor may make it. */
export async function loadForWrite(tx: Db, actor: Actor, id: number, permission: Permission) {
  const b = await loadLive(tx, actor, id);
  assertCan(permActor(actor), permission, blockerTarget(b));
  return b;
}

/** Refuses a change to a finished blocker (`B-3 is resolved`). */
export function refuseClosed(b: BlockerRecord): void {
  if (isClosed(b.status))
    throw new UserError('blocker.closed', { id: fmtId.blocker(b.id), status: b.status });
}
