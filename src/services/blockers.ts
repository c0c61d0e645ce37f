import { UserError } from '../domain/errors.ts';
import { limitTitle } from '../domain/limits.ts';
import { assertCan, type Permission, permActor } from '../domain/permissions.ts';
import type { BlockerRecord, UnitRecord } from '../domain/records.ts';
import type { Category, Person, Priority, Source } from '../domain/types.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import type { Db } from '../store/db.ts';
import { nextId } from '../store/ids.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { loadForWrite, refuseClosed, statusAfter } from './blocker-access.ts';
import { changeDue, type DueChange } from './blocker-due.ts';
import {
  type Actor,
  afterCommit,
  change,
  later,
  record,
  Service,
  type ServiceDeps,
  transaction,
} from './deps.ts';
import { requireUnit } from './unit-lookup.ts';

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

const sourceOf = (unit: UnitRecord | null): Source =>
  unit?.kind === 'enterprise' ? 'enterprise' : unit?.kind === 'locality' ? 'locality' : 'agency';

/** Where a new blocker goes: its owner unit and reporting unit, checked against what the actor may log. */
async function placesOf(tx: Db, actor: Actor, input: NewBlocker) {
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
  const permission: Permission = input.source === 'hotline' ? 'hotline.log' : 'blocker.add';
  assertCan(permActor(actor), permission, {
    ownerUnitId: owner?.id ?? null,
    reportingUnitId: reporting?.id ?? null,
    createdById: actor.person.id,
  });
  return { owner, reporting };
}

/** The row of a new blocker `id`: `new` (to triage) when it is a hotline call or has no owner yet. */
function newRow(id: number, title: string, input: NewBlocker, actor: Actor, now: Date, places: Places) {
  const { owner, reporting } = places;
  return {
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
    status: input.source === 'hotline' || !owner ? ('new' as const) : ('open' as const),
    callerName: input.callerName ?? null,
    callerPhone: input.callerPhone ?? null,
    sourceLink: input.sourceLink ?? null,
    createdById: actor.person.id,
    createdAt: now,
    updatedAt: now,
  };
}

type Places = Awaited<ReturnType<typeof placesOf>>;

/** Inside the transaction: the item's reminders are rebuilt once it commits (through the outbox). */
const changed = (tx: Db, id: number, at: Date) =>
  later(tx, at, { kind: 'item_changed', ref: { type: 'blocker', id } });

/** Logging, assigning, re-dating, noting and escalating blockers. */
export class BlockersService extends Service {
  async add(actor: Actor, input: NewBlocker): Promise<BlockerRecord> {
    const title = input.title.trim();
    if (!title) throw new UserError('blocker.no_title');
    limitTitle(title);
    const now = this.deps.clock.now();
    const created = await change(this.deps, actor, async (tx) => {
      const places = await placesOf(tx, actor, input);
      const id = await nextId(tx, 'blocker');
      const b = await blockersRepo.insert(tx, newRow(id, title, input, actor, now, places));
      await record(tx, actor, now, {
        entityType: 'blocker',
        entityId: fmtId.blocker(id),
        action: 'add',
        changes: {
          title,
          status: b.status,
          owner: places.owner?.code ?? null,
          ownerPerson: input.ownerPerson?.id ?? null,
          deadline: b.deadline,
          category: b.category,
          source: b.source,
          from: places.reporting?.code ?? null,
          priority: b.priority,
        },
      });
      await changed(tx, id, now);
      return b;
    });
    await afterCommit(this.deps);
    return created;
  }

  async assign(actor: Actor, id: number, unitCode: string, person?: Person | null): Promise<BlockerRecord> {
    const now = this.deps.clock.now();
    const b = await change(this.deps, actor, async (tx) => {
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
    await afterCommit(this.deps);
    return b;
  }

  /** `/blocker due` (src/services/blocker-due.ts). */
  changeDue(actor: Actor, id: number, date: Date, reason: string | null): Promise<DueChange> {
    return changeDue(this.deps, actor, id, date, reason);
  }

  async note(actor: Actor, id: number, text: string): Promise<BlockerRecord> {
    if (!text.trim()) throw new UserError('blocker.no_note');
    const now = this.deps.clock.now();
    return change(this.deps, actor, async (tx) => {
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
  }

  /**
   * Defers the blocker's reminder once by `days` (1 or 3): may-note permission, an open blocker
   * with a deadline. A history row is written only when the press added the deferred reminder
   * (the same snooze again is a no-op). Without a queue it refuses (`blocker.snooze_off`) and
   * records nothing.
   */
  async snooze(actor: Actor, id: number, days: number): Promise<{ until: Date; added: boolean }> {
    if (days !== 1 && days !== 3)
      throw new UserError('args.bad_choice', { value: String(days), what: 'days', choices: '1, 3' });
    const now = this.deps.clock.now();
    // A read: the change is the deferred reminder's history row, below.
    await transaction(this.deps, async (tx) => {
      const b = await loadForWrite(tx, actor, id, 'blocker.note');
      refuseClosed(b);
      if (!b.deadline) throw new UserError('blocker.snooze_no_deadline', { id: fmtId.blocker(id) });
    });
    // Outside the transaction: the scheduler reads the record itself (PGlite has one connection).
    const done = await this.deps.scheduler.snooze({ type: 'blocker', id }, days, actor);
    if (!done) throw new UserError('blocker.snooze_off', { id: fmtId.blocker(id) });
    if (done.added)
      await change(this.deps, actor, (tx) =>
        record(tx, actor, now, {
          entityType: 'blocker',
          entityId: fmtId.blocker(id),
          action: 'snooze',
          changes: { days, until: done.until.toISOString() },
        }),
      );
    return done;
  }

  async escalate(actor: Actor, id: number, note: string | null): Promise<BlockerRecord> {
    const now = this.deps.clock.now();
    const b = await change(this.deps, actor, async (tx) => {
      refuseClosed(await loadForWrite(tx, actor, id, 'blocker.escalate'));
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
    await afterCommit(this.deps);
    return b;
  }
}

export const blockersService = (deps: ServiceDeps) => new BlockersService(deps);
