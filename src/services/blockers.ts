import { type BlockerAction, isClosed, nextStatus, type StatusOptions } from '../domain/blocker-status.ts';
import { isCounted } from '../domain/counted.ts';
import { isUserError, UserError } from '../domain/errors.ts';
import { limitTitle } from '../domain/limits.ts';
import { assertCan, type Permission, visibleTo } from '../domain/permissions.ts';
import type { BlockerRecord, UnitRecord } from '../domain/records.ts';
import type { Category, Person, Priority, Source } from '../domain/types.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import type { Db } from '../store/db.ts';
import { nextId } from '../store/ids.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { dueChanges } from './blocker-due.ts';
import {
  type Actor,
  afterCommit,
  change,
  later,
  permActor,
  record,
  type ServiceDeps,
  transaction,
} from './deps.ts';
import { requireUnit } from './units.ts';

export interface NewBlocker {
  title: string;
  detail?: string | null;
  category?: Category;
  priority?: Priority;
  ownerUnit?: string | null;
  ownerPerson?: Person | null;
  deadline?: Date | null;
  reportingUnit?: string | null;
  source?: Source;
  callerName?: string | null;
  callerPhone?: string | null;
  sourceLink?: string | null;
}

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

/** Loads a blocker for a change (row-locked) and checks the actor may make it. */
export async function loadForWrite(tx: Db, actor: Actor, id: number, permission: Permission) {
  const b = await loadLive(tx, actor, id);
  assertCan(permActor(actor), permission, blockerTarget(b));
  return b;
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

const sourceOf = (unit: UnitRecord | null): Source =>
  unit?.kind === 'enterprise' ? 'enterprise' : unit?.kind === 'locality' ? 'locality' : 'agency';

/** Logging, assigning, re-dating, noting and escalating blockers. */
export function blockersService(deps: ServiceDeps) {
  /** Inside the transaction: the item's reminders are rebuilt once it commits (through the outbox). */
  const changed = (tx: Db, id: number, at: Date) =>
    later(tx, at, { kind: 'item_changed', ref: { type: 'blocker', id } });

  return {
    async add(actor: Actor, input: NewBlocker): Promise<BlockerRecord> {
      const title = input.title.trim();
      if (!title) throw new UserError('blocker.no_title');
      limitTitle(title);
      const permission: Permission = input.source === 'hotline' ? 'hotline.log' : 'blocker.add';
      const now = deps.clock.now();
      const created = await change(deps, actor, async (tx) => {
        // `to:@person` without `owner:` gives the blocker to that person's unit.
        const owner = input.ownerUnit
          ? await requireUnit(tx, input.ownerUnit)
          : input.ownerPerson?.unitId != null
            ? await unitsRepo.byId(tx, input.ownerPerson.unitId)
            : null;
        const reporting = input.reportingUnit
          ? await requireUnit(tx, input.reportingUnit)
          : actor.person.unitId !== null && input.source !== 'hotline'
            ? await unitsRepo.byId(tx, actor.person.unitId)
            : null;
        assertCan(permActor(actor), permission, {
          ownerUnitId: owner?.id ?? null,
          reportingUnitId: reporting?.id ?? null,
          createdById: actor.person.id,
        });
        const id = await nextId(tx, 'blocker');
        const status = input.source === 'hotline' || !owner ? 'new' : 'open';
        const b = await blockersRepo.insert(tx, {
          id,
          title,
          detail: input.detail?.trim() || null,
          category: input.category ?? 'other',
          source: input.source ?? sourceOf(reporting),
          reportingUnitId: reporting?.id ?? null,
          ownerUnitId: owner?.id ?? null,
          ownerPersonId: input.ownerPerson?.id ?? null,
          deadline: input.deadline ?? null,
          originalDeadline: input.deadline ?? null,
          priority: input.priority ?? 'normal',
          status,
          callerName: input.callerName ?? null,
          callerPhone: input.callerPhone ?? null,
          sourceLink: input.sourceLink ?? null,
          createdById: actor.person.id,
          createdAt: now,
          updatedAt: now,
        });
        await record(tx, actor, now, {
          entityType: 'blocker',
          entityId: fmtId.blocker(id),
          action: 'add',
          changes: {
            title,
            status,
            owner: owner?.code ?? null,
            ownerPerson: input.ownerPerson?.id ?? null,
            deadline: b.deadline,
            category: b.category,
            source: b.source,
            from: reporting?.code ?? null,
            priority: b.priority,
          },
        });
        await changed(tx, id, now);
        return b;
      });
      await afterCommit(deps);
      return created;
    },

    async assign(actor: Actor, id: number, unitCode: string, person?: Person | null): Promise<BlockerRecord> {
      const now = deps.clock.now();
      const b = await change(deps, actor, async (tx) => {
        const before = await loadForWrite(tx, actor, id, 'blocker.assign');
        const unit = await requireUnit(tx, unitCode);
        const status = statusAfter(before, 'assign', { hasOwner: true });
        const after = await blockersRepo.update(tx, id, {
          ownerUnitId: unit.id,
          ownerPersonId: person?.id ?? null,
          status,
          updatedAt: now,
        });
        await record(tx, actor, now, {
          entityType: 'blocker',
          entityId: fmtId.blocker(id),
          action: 'assign',
          changes: {
            ownerUnit: { from: before.ownerUnitId, to: unit.id, code: unit.code },
            ownerPerson: { from: before.ownerPersonId, to: person?.id ?? null },
            ...(status !== before.status ? { status: { from: before.status, to: status } } : {}),
          },
        });
        await changed(tx, id, now);
        return after;
      });
      await afterCommit(deps);
      return b;
    },

    ...dueChanges(deps),

    async note(actor: Actor, id: number, text: string): Promise<BlockerRecord> {
      if (!text.trim()) throw new UserError('blocker.no_note');
      const now = deps.clock.now();
      return change(deps, actor, async (tx) => {
        const b = await loadForWrite(tx, actor, id, 'blocker.note');
        const after = await blockersRepo.update(tx, id, { updatedAt: now });
        await record(tx, actor, now, {
          entityType: 'blocker',
          entityId: fmtId.blocker(b.id),
          action: 'note',
          changes: { text: text.trim() },
        });
        return after;
      });
    },

    /**
     * Defers the blocker's reminder once by `days` (1 or 3): may-note permission, an open blocker
     * with a deadline. A history row is written only when the press added the deferred reminder
     * (the same snooze again is a no-op). Without a queue it refuses (`blocker.snooze_off`) and
     * records nothing.
     */
    async snooze(actor: Actor, id: number, days: number): Promise<{ until: Date; added: boolean }> {
      if (days !== 1 && days !== 3)
        throw new UserError('args.bad_choice', { value: String(days), what: 'days', choices: '1, 3' });
      const now = deps.clock.now();
      const ref = { type: 'blocker' as const, id };
      await transaction(deps, async (tx) => {
        const b = await loadForWrite(tx, actor, id, 'blocker.note');
        if (isClosed(b.status))
          throw new UserError('blocker.closed', { id: fmtId.blocker(id), status: b.status });
        if (!b.deadline) throw new UserError('blocker.snooze_no_deadline', { id: fmtId.blocker(id) });
      });
      // Outside the transaction: the scheduler reads the record itself (PGlite has one connection).
      const done = await deps.scheduler.snooze(ref, days, actor);
      if (!done) throw new UserError('blocker.snooze_off', { id: fmtId.blocker(id) });
      if (done.added)
        await change(deps, actor, (tx) =>
          record(tx, actor, now, {
            entityType: 'blocker',
            entityId: fmtId.blocker(id),
            action: 'snooze',
            changes: { days, until: done.until.toISOString() },
          }),
        );
      return done;
    },

    async escalate(actor: Actor, id: number, note: string | null): Promise<BlockerRecord> {
      const now = deps.clock.now();
      const b = await change(deps, actor, async (tx) => {
        const before = await loadForWrite(tx, actor, id, 'blocker.escalate');
        if (isClosed(before.status))
          throw new UserError('blocker.closed', { id: fmtId.blocker(id), status: before.status });
        const after = await blockersRepo.update(tx, id, { escalated: true, updatedAt: now });
        await record(tx, actor, now, {
          entityType: 'blocker',
          entityId: fmtId.blocker(id),
          action: 'escalate',
          changes: { escalated: true, ...(note ? { note } : {}) },
        });
        // The alert commits with the escalation: posted once, now or when the queue is back.
        await later(tx, now, {
          kind: 'to_feed',
          feed: 'alerts',
          notice: {
            kind: 'notice.escalated',
            params: { id: fmtId.blocker(id), title: after.title, by: actor.person.name, note: note ?? '' },
            ref: { type: 'blocker', id },
          },
          key: `escalate:${id}:${now.getTime()}`,
        });
        return after;
      });
      await afterCommit(deps);
      return b;
    },
  };
}

export type BlockersService = ReturnType<typeof blockersService>;
