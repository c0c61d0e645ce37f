import { UserError } from '../domain/errors.ts';
import { limitTitle } from '../domain/limits.ts';
import { assertCan, permActor } from '../domain/permissions.ts';
import type { BlockerRecord } from '../domain/records.ts';
import type { Category, Priority } from '../domain/types.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { blockerTarget, loadLive } from './blocker-access.ts';
import { type Actor, afterCommit, change, later, record, type ServiceDeps } from './deps.ts';
import { requireUnit } from './unit-lookup.ts';

/** The fields `/blocker edit` corrects; a field left out stays as it is. */
export interface BlockerCorrection {
  title?: string | undefined;
  /** `''` clears the detail. */
  detail?: string | undefined;
  category?: Category | undefined;
  priority?: Priority | undefined;
  /** The reporting unit (`from:`), by code or name. */
  reportingUnit?: string | undefined;
}

type Change = { from: unknown; to: unknown };

/**
 * Correcting and voiding records (DESIGN.md `/blocker edit`, `/blocker void`). Both keep what was
 * there: an edit's history row holds every changed field as `{ from, to }`; a void blocker keeps
 * its row and history but is counted nowhere (src/domain/counted.ts).
 */
export function blockerEditService(deps: ServiceDeps) {
  return {
    async edit(actor: Actor, id: number, fix: BlockerCorrection): Promise<BlockerRecord> {
      if (Object.values(fix).every((v) => v === undefined)) throw new UserError('blocker.edit_nothing');
      const title = fix.title?.trim();
      if (fix.title !== undefined && !title) throw new UserError('blocker.no_title');
      if (title) limitTitle(title);
      const now = deps.clock.now();
      const after = await change(deps, actor, async (tx) => {
        const b = await loadLive(tx, actor, id);
        assertCan(permActor(actor), 'blocker.edit', blockerTarget(b));
        const values: Partial<BlockerRecord> = {};
        const changes: Record<string, Change> = {};
        const put = <K extends keyof BlockerRecord>(key: K, to: BlockerRecord[K]) => {
          if (to === b[key]) return;
          values[key] = to;
          changes[key] = { from: b[key], to };
        };
        if (title !== undefined) put('title', title);
        if (fix.detail !== undefined) put('detail', fix.detail.trim() || null);
        if (fix.category !== undefined) put('category', fix.category);
        if (fix.priority !== undefined) put('priority', fix.priority);
        if (fix.reportingUnit !== undefined) {
          const unit = await requireUnit(tx, fix.reportingUnit);
          const old = b.reportingUnitId === null ? null : await unitsRepo.byId(tx, b.reportingUnitId);
          if (unit.id !== b.reportingUnitId) {
            values.reportingUnitId = unit.id;
            changes.from = { from: old?.code ?? null, to: unit.code };
          }
        }
        if (Object.keys(changes).length === 0)
          throw new UserError('blocker.edit_same', { id: fmtId.blocker(id) });
        const updated = await blockersRepo.update(tx, id, { ...values, updatedAt: now });
        await record(tx, actor, now, {
          entityType: 'blocker',
          entityId: fmtId.blocker(id),
          action: 'edit',
          changes,
        });
        return updated;
      });
      return after;
    },

    /** Admins: takes a mistaken entry out of every count; its reminders go with it. */
    async void(actor: Actor, id: number, reason: string): Promise<BlockerRecord> {
      const why = reason.trim();
      if (!why) throw new UserError('blocker.void_needs_reason');
      assertCan(permActor(actor), 'blocker.void');
      const now = deps.clock.now();
      const after = await change(deps, actor, async (tx) => {
        const b = await loadLive(tx, actor, id);
        const updated = await blockersRepo.update(tx, id, {
          voidedAt: now,
          voidReason: why,
          escalated: false,
          updatedAt: now,
        });
        await record(tx, actor, now, {
          entityType: 'blocker',
          entityId: fmtId.blocker(id),
          action: 'void',
          changes: { voided: { from: false, to: true }, status: b.status, reason: why },
        });
        // Its reminders go with it: queued in this transaction (the outbox).
        await later(tx, now, { kind: 'item_changed', ref: { type: 'blocker', id } });
        return updated;
      });
      await afterCommit(deps);
      return after;
    },
  };
}

export type BlockerEditService = ReturnType<typeof blockerEditService>;
