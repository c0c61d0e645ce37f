/**
 * `/unit join CODE`: a request, not a membership. It is stored as pending and the unit's lead
 * (else the alerts feed) is told; the person gains no rights over the unit's items until the lead
 * or an admin approves it (`/unit approve`). An admin joins at once (they could approve it themselves).
 */
import { UserError } from '../domain/errors.ts';
import { assertCan, permActor } from '../domain/permissions.ts';
import type { UnitRecord } from '../domain/records.ts';
import type { Person } from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { unitRequestsRepo } from '../store/unit-requests-repo.ts';
import { type Actor, afterCommit, change, later, record, Service } from './deps.ts';
import { requireUnit } from './unit-lookup.ts';

/** What `/unit join` did: nothing (already a member), joined (admins), or a request now pending. */
export type JoinResult =
  | { kind: 'member'; unit: UnitRecord }
  | { kind: 'joined'; unit: UnitRecord }
  | { kind: 'pending'; unit: UnitRecord; fresh: boolean; requestId?: number };

/**
 * How to name `p` in a command so that it resolves to them (a Slack mention, a Telegram username
 * or id), for the approve hint sent to a lead.
 */
export function handleOf(p: Person): string {
  if (p.slackId) return `<@${p.slackId}>`;
  if (p.telegramUsername) return `@${p.telegramUsername}`;
  if (p.telegramId) return `<@tg:${p.telegramId}>`;
  return p.consoleUser ?? p.name;
}

/** Sets `personId`'s unit, with the history row of the membership. */
async function setUnit(
  tx: Db,
  actor: Actor,
  now: Date,
  personId: number,
  unitId: number,
  approvedBy: unknown,
) {
  const current = await personsRepo.byId(tx, personId);
  await personsRepo.update(tx, personId, { unitId });
  await record(tx, actor, now, {
    entityType: 'person',
    entityId: String(personId),
    action: 'join',
    changes: { unit: { from: current?.unitId ?? null, to: unitId }, approvedBy },
  });
}

/** Join requests: asked, listed, approved or refused. */
export class UnitJoins extends Service {
  async join(actor: Actor, code: string): Promise<JoinResult> {
    assertCan(permActor(actor), 'unit.join');
    const now = this.deps.clock.now();
    const who = actor.person;
    const out = await change(this.deps, actor, async (tx): Promise<JoinResult> => {
      const unit = await requireUnit(tx, code);
      if (who.unitId === unit.id) return { kind: 'member', unit };
      if (who.role === 'admin') {
        await setUnit(tx, actor, now, who.id, unit.id, 'admin');
        return { kind: 'joined', unit };
      }
      if (await unitRequestsRepo.pending(tx, unit.id, who.id)) return { kind: 'pending', unit, fresh: false };
      return { kind: 'pending', unit, fresh: true, requestId: await this.request(tx, actor, unit, now) };
    });
    if (out.kind === 'pending' && out.fresh) await afterCommit(this.deps);
    return out;
  }

  /** Stores the pending request and tells the unit's lead (else the alerts feed), in this transaction. */
  private async request(tx: Db, actor: Actor, unit: UnitRecord, now: Date): Promise<number> {
    const who = actor.person;
    const req = await unitRequestsRepo.insert(tx, {
      unitId: unit.id,
      personId: who.id,
      status: 'pending',
      requestedAt: now,
    });
    await record(tx, actor, now, {
      entityType: 'unit',
      entityId: unit.code,
      action: 'join_request',
      changes: { person: who.id, name: who.name, request: req.id },
    });
    const params = { person: who.name, unit: unit.code, handle: handleOf(who) };
    const key = `unit-join:${req.id}`;
    await later(
      tx,
      now,
      unit.leadId !== null
        ? { kind: 'to_person', personId: unit.leadId, notice: { kind: 'notice.join_request', params }, key }
        : { kind: 'to_feed', feed: 'alerts', notice: { kind: 'notice.join_request_nolead', params }, key },
    );
    return req.id;
  }

  /** The pending join requests of a unit, oldest first (its lead and admins). */
  async pending(actor: Actor, code: string): Promise<{ unit: UnitRecord; people: Person[] }> {
    const unit = await requireUnit(this.db, code);
    assertCan(permActor(actor), 'unit.approve', { ownerUnitId: unit.id });
    const reqs = await unitRequestsRepo.pendingFor(this.db, unit.id);
    const people = await personsRepo.byIds(
      this.db,
      reqs.map((r) => r.personId),
    );
    return { unit, people: reqs.map((r) => people.get(r.personId)).filter((p): p is Person => !!p) };
  }

  /** Pending join requests per unit id (for `/unit list`). */
  pendingCounts(): Promise<Map<number, number>> {
    return unitRequestsRepo.pendingCounts(this.db);
  }

  /**
   * `/unit approve CODE @person` (the unit's lead or an admin): the pending request becomes a
   * membership, the person's unit is set and they are told.
   */
  async decide(actor: Actor, code: string, person: Person, approve: boolean): Promise<UnitRecord> {
    const now = this.deps.clock.now();
    const unit = await change(this.deps, actor, async (tx) => {
      const unit = await requireUnit(tx, code);
      assertCan(permActor(actor), 'unit.approve', { ownerUnitId: unit.id });
      const req = await unitRequestsRepo.pending(tx, unit.id, person.id);
      if (!req) throw new UserError('unit.no_request', { person: person.name, unit: unit.code });
      await unitRequestsRepo.decide(tx, req.id, approve ? 'approved' : 'refused', actor.person.id, now);
      await record(tx, actor, now, {
        entityType: 'unit',
        entityId: unit.code,
        action: approve ? 'join_approved' : 'join_refused',
        changes: { person: person.id, name: person.name, request: req.id },
      });
      if (approve) await setUnit(tx, actor, now, person.id, unit.id, actor.person.id);
      await later(tx, now, {
        kind: 'to_person',
        personId: person.id,
        notice: {
          kind: approve ? 'notice.join_approved' : 'notice.join_refused',
          params: { unit: unit.code, by: actor.person.name },
        },
        key: `unit-join-decided:${unit.id}:${person.id}:${now.getTime()}`,
      });
      return unit;
    });
    await afterCommit(this.deps);
    return unit;
  }
}
