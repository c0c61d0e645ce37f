import { type BlockerAction, isClosed } from '../domain/blocker-status.ts';
import { UserError } from '../domain/errors.ts';
import type { BlockerRecord } from '../domain/records.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import { loadForWrite, statusAfter } from './blocker-access.ts';
import { type Actor, afterCommit, change, later, record, type ServiceDeps } from './deps.ts';

type FlowAction = Exclude<BlockerAction, 'assign'>;

/** Status changes: start, resolve, reopen, drop. Each reschedules or cancels the item's reminders. */
export function blockerFlowService(deps: ServiceDeps) {
  async function move(
    actor: Actor,
    id: number,
    action: FlowAction,
    note: string | null,
  ): Promise<BlockerRecord> {
    if (action === 'drop' && !note?.trim()) throw new UserError('blocker.drop_needs_reason');
    const now = deps.clock.now();
    const b = await change(deps, actor, async (tx) => {
      const before = await loadForWrite(tx, actor, id, 'blocker.status');
      const status = statusAfter(before, action, { hasOwner: before.ownerUnitId !== null });
      const after = await blockersRepo.update(tx, id, {
        status,
        updatedAt: now,
        resolvedAt: isClosed(status) ? now : null,
        ...(isClosed(status) ? { escalated: false } : {}),
      });
      await record(tx, actor, now, {
        entityType: 'blocker',
        entityId: fmtId.blocker(id),
        action,
        changes: {
          status: { from: before.status, to: status },
          ...(note?.trim() ? { note: note.trim() } : {}),
        },
      });
      await later(tx, now, { kind: 'item_changed', ref: { type: 'blocker', id } });
      return after;
    });
    await afterCommit(deps);
    return b;
  }

  return {
    start: (actor: Actor, id: number) => move(actor, id, 'start', null),
    resolve: (actor: Actor, id: number, note: string | null) => move(actor, id, 'resolve', note),
    reopen: (actor: Actor, id: number, note: string | null = null) => move(actor, id, 'reopen', note),
    drop: (actor: Actor, id: number, reason: string) => move(actor, id, 'drop', reason),
  };
}

export type BlockerFlowService = ReturnType<typeof blockerFlowService>;
