import { isCounted } from '../domain/counted.ts';
import { UserError } from '../domain/errors.ts';
import { assertCan, can, permActor } from '../domain/permissions.ts';
import type { Extension } from '../domain/types.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import type { Db } from '../store/db.ts';
import { extensionsRepo } from '../store/extensions-repo.ts';
import { blockerTarget } from './blocker-access.ts';
import { applyDeadline } from './blocker-due.ts';
import { type Actor, afterCommit, change, later, record, Service, type ServiceDeps } from './deps.ts';

/** One decision on a request: who, which, approved or not, and the note. */
interface Decision {
  actor: Actor;
  ext: Extension;
  approve: boolean;
  note: string | null;
  now: Date;
}

/** Deadline-change decisions. The record keeps both dates whatever the decision. */
export class ExtensionsService extends Service {
  /** Pending requests (`all`: every request) on records the actor may see. */
  async list(actor: Actor, all = false): Promise<Extension[]> {
    const p = permActor(actor);
    assertCan(p, 'extension.list');
    const xs = (await extensionsRepo.all(this.db)).filter((x) => all || x.status === 'pending');
    const blockers = new Map((await blockersRepo.all(this.db)).map((b) => [b.id, b]));
    return xs.filter((x) => {
      if (x.targetType !== 'blocker') return can(p, 'extension.decide');
      // A request on a void blocker is left out with the blocker (`all` counts only counted ones).
      const b = blockers.get(x.targetId);
      return b ? can(p, 'extension.list', blockerTarget(b)) : false;
    });
  }

  get(id: number): Promise<Extension | null> {
    return extensionsRepo.byId(this.db, id);
  }

  approve(actor: Actor, id: number, note: string | null): Promise<Extension> {
    return this.decide(actor, id, true, note);
  }

  reject(actor: Actor, id: number, reason: string): Promise<Extension> {
    return this.decide(actor, id, false, reason);
  }

  private async decide(actor: Actor, id: number, approve: boolean, note: string | null): Promise<Extension> {
    assertCan(permActor(actor), 'extension.decide');
    if (!approve && !note?.trim()) throw new UserError('extension.reject_needs_reason');
    const now = this.deps.clock.now();
    const x = await change(this.deps, actor, async (tx) => {
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
      if (ext.targetType === 'blocker') await this.onBlocker(tx, { actor, ext, approve, note, now });
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
    await afterCommit(this.deps);
    return x;
  }

  /** The decision on the blocker: approved, its deadline moves; rejected, its history says so. */
  private async onBlocker(tx: Db, d: Decision): Promise<void> {
    const { actor, ext, now } = d;
    const b = await blockersRepo.byIdAny(tx, ext.targetId, true);
    if (!b) throw new UserError('blocker.unknown', { id: fmtId.blocker(ext.targetId) });
    if (!isCounted(b)) throw new UserError('blocker.is_void', { id: fmtId.blocker(b.id) });
    const xid = fmtId.extension(ext.id);
    if (d.approve) {
      await applyDeadline(this.deps, tx, { actor, b, date: ext.newDate, reason: `${xid} approved`, now });
      await later(tx, now, { kind: 'item_changed', ref: { type: 'blocker', id: b.id } });
      return;
    }
    await record(tx, actor, now, {
      entityType: 'blocker',
      entityId: fmtId.blocker(b.id),
      action: 'extension_rejected',
      changes: { extension: xid, reason: d.note },
    });
  }
}

export const extensionsService = (deps: ServiceDeps) => new ExtensionsService(deps);
