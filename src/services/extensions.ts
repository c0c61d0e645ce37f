import { isCounted } from '../domain/counted.ts';
import { UserError } from '../domain/errors.ts';
import { assertCan, can, permActor } from '../domain/permissions.ts';
import type { Extension } from '../domain/types.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import { extensionsRepo } from '../store/extensions-repo.ts';
import { blockerTarget } from './blocker-access.ts';
import { applyDeadline } from './blocker-due.ts';
import { type Actor, afterCommit, change, later, record, type ServiceDeps } from './deps.ts';

/** Deadline-change decisions. The record keeps both dates whatever the decision. */
export function extensionsService(deps: ServiceDeps) {
  async function decide(actor: Actor, id: number, approve: boolean, note: string | null): Promise<Extension> {
    assertCan(permActor(actor), 'extension.decide');
    if (!approve && !note?.trim()) throw new UserError('extension.reject_needs_reason');
    const now = deps.clock.now();
    const x = await change(deps, actor, async (tx) => {
      const ext = await extensionsRepo.byId(tx, id, true);
      if (!ext) throw new UserError('extension.unknown', { id: fmtId.extension(id) });
      if (ext.status !== 'pending')
        throw new UserError('extension.decided', { id: fmtId.extension(id), status: ext.status });
      const status = approve ? 'approved' : 'rejected';
      const after = await extensionsRepo.update(tx, id, {
        status,
        deciderId: actor.person.id,
        decisionNote: note?.trim() || null,
        decidedAt: now,
      });
      await record(tx, actor, now, {
        entityType: 'extension',
        entityId: fmtId.extension(id),
        action: status,
        changes: { status: { from: 'pending', to: status }, ...(note ? { note } : {}) },
      });
      if (ext.targetType === 'blocker') {
        const b = await blockersRepo.byIdAny(tx, ext.targetId, true);
        if (!b) throw new UserError('blocker.unknown', { id: fmtId.blocker(ext.targetId) });
        if (!isCounted(b)) throw new UserError('blocker.is_void', { id: fmtId.blocker(b.id) });
        if (approve) {
          await applyDeadline(deps, tx, {
            actor,
            b,
            date: ext.newDate,
            reason: `${fmtId.extension(id)} approved`,
            now,
          });
          await later(tx, now, { kind: 'item_changed', ref: { type: 'blocker', id: b.id } });
        } else {
          await record(tx, actor, now, {
            entityType: 'blocker',
            entityId: fmtId.blocker(b.id),
            action: 'extension_rejected',
            changes: { extension: fmtId.extension(id), reason: note },
          });
        }
      }
      await later(tx, now, {
        kind: 'to_person',
        personId: after.requesterId,
        notice: {
          kind: approve ? 'notice.extension_approved' : 'notice.extension_rejected',
          params: { id: fmtId.extension(id), target: fmtId.blocker(after.targetId), note: note ?? '' },
          ref: { type: 'blocker', id: after.targetId },
        },
        key: `extension:${id}:${after.status}`,
      });
      return after;
    });
    await afterCommit(deps);
    return x;
  }

  return {
    /** Pending requests (`all`: every request) on records the actor may see. */
    async list(actor: Actor, all = false): Promise<Extension[]> {
      const p = permActor(actor);
      assertCan(p, 'extension.list');
      const db = deps.database.db;
      const xs = (await extensionsRepo.all(db)).filter((x) => all || x.status === 'pending');
      const blockers = new Map((await blockersRepo.all(db)).map((b) => [b.id, b]));
      return xs.filter((x) => {
        if (x.targetType !== 'blocker') return can(p, 'extension.decide');
        // A request on a void blocker is left out with the blocker (`all` counts only counted ones).
        const b = blockers.get(x.targetId);
        return b ? can(p, 'extension.list', blockerTarget(b)) : false;
      });
    },
    get: (id: number) => extensionsRepo.byId(deps.database.db, id),
    approve: (actor: Actor, id: number, note: string | null) => decide(actor, id, true, note),
    reject: (actor: Actor, id: number, reason: string) => decide(actor, id, false, reason),
  };
}

export type ExtensionsService = ReturnType<typeof extensionsService>;
