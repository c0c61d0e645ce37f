import { UserError } from '../domain/errors.ts';
import { assertCan } from '../domain/permissions.ts';
import type { UnitRecord } from '../domain/records.ts';
import { matchUnit } from '../domain/similarity.ts';
import type { Block, Person, UnitKind } from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { unitRequestsRepo } from '../store/unit-requests-repo.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { type Actor, afterCommit, change, later, permActor, record, type ServiceDeps } from './deps.ts';

/**
 * Looks a unit up by code or by its English or Vietnamese name (accents and case optional), or
 * says clearly that there is none (with the nearest one) or that the name fits several.
 */
export async function requireUnit(db: Db, code: string): Promise<UnitRecord> {
  const unit = await unitsRepo.byCode(db, code.trim());
  if (unit) return unit;
  const found = matchUnit(await unitsRepo.all(db), code);
  if ('unit' in found) return found.unit;
  if ('several' in found)
    throw new UserError('unit.ambiguous', {
      unit: code,
      units: found.several.map((u) => `${u.code} (${u.nameVi ?? u.name})`).join(', '),
    });
  if (found.suggestion)
    throw new UserError('unit.unknown_near', { unit: code, suggestion: found.suggestion });
  throw new UserError('unit.unknown', { unit: code.toUpperCase() });
}

export interface NewUnit {
  code: string;
  name: string;
  nameVi?: string | null;
  block: Block;
  kind: UnitKind;
}

/** The unit directory and the watch list. */
export function unitsService(deps: ServiceDeps) {
  const db = () => deps.database.db;

  return {
    list: () => unitsRepo.all(db()),
    get: (code: string) => requireUnit(db(), code),
    byId: (id: number) => unitsRepo.byId(db(), id),
    count: () => unitsRepo.count(db()),

    async add(actor: Actor, u: NewUnit): Promise<UnitRecord> {
      assertCan(permActor(actor), 'unit.add');
      const code = u.code.toUpperCase();
      if (!/^[A-Z][A-Z0-9_-]{1,15}$/.test(code)) throw new UserError('unit.bad_code', { unit: u.code });
      const now = deps.clock.now();
      return change(deps, actor, async (tx) => {
        if (await unitsRepo.byCode(tx, code)) throw new UserError('unit.exists', { unit: code });
        const unit = await unitsRepo.insert(tx, { ...u, code, createdAt: now });
        await record(tx, actor, now, {
          entityType: 'unit',
          entityId: code,
          action: 'add',
          changes: { name: u.name, nameVi: u.nameVi ?? null, block: u.block, kind: u.kind },
        });
        return unit;
      });
    },

    async setLead(actor: Actor, code: string, lead: Person): Promise<UnitRecord> {
      assertCan(permActor(actor), 'unit.lead');
      const now = deps.clock.now();
      return change(deps, actor, async (tx) => {
        const unit = await requireUnit(tx, code);
        await unitsRepo.update(tx, unit.id, { leadId: lead.id });
        if (lead.unitId === null) await personsRepo.update(tx, lead.id, { unitId: unit.id });
        await record(tx, actor, now, {
          entityType: 'unit',
          entityId: unit.code,
          action: 'lead',
          changes: { lead: { from: unit.leadId, to: lead.id } },
        });
        return { ...unit, leadId: lead.id };
      });
    },

    /**
     * `/unit join CODE`: a request, not a membership. It is stored as pending and the unit's lead
     * (else the alerts feed) is told; the person gains no rights over the unit's items until the
     * lead or an admin approves it. An admin joins at once (they could approve it themselves).
     */
    async join(actor: Actor, code: string): Promise<JoinResult> {
      assertCan(permActor(actor), 'unit.join');
      const now = deps.clock.now();
      const who = actor.person;
      const out = await change(deps, actor, async (tx): Promise<JoinResult> => {
        const unit = await requireUnit(tx, code);
        if (who.unitId === unit.id) return { kind: 'member', unit };
        if (who.role === 'admin') {
          await personsRepo.update(tx, who.id, { unitId: unit.id });
          await record(tx, actor, now, {
            entityType: 'person',
            entityId: String(who.id),
            action: 'join',
            changes: { unit: { from: who.unitId, to: unit.id }, approvedBy: 'admin' },
          });
          return { kind: 'joined', unit };
        }
        if (await unitRequestsRepo.pending(tx, unit.id, who.id))
          return { kind: 'pending', unit, fresh: false };
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
        // The lead (else the alerts feed) is told, in this transaction (the outbox).
        const params = { person: who.name, unit: unit.code, handle: handleOf(who) };
        const key = `unit-join:${req.id}`;
        await later(
          tx,
          now,
          unit.leadId !== null
            ? {
                kind: 'to_person',
                personId: unit.leadId,
                notice: { kind: 'notice.join_request', params },
                key,
              }
            : {
                kind: 'to_feed',
                feed: 'alerts',
                notice: { kind: 'notice.join_request_nolead', params },
                key,
              },
        );
        return { kind: 'pending', unit, fresh: true, requestId: req.id };
      });
      if (out.kind === 'pending' && out.fresh) await afterCommit(deps);
      return out;
    },

    /** The pending join requests of a unit, oldest first (its lead and admins). */
    async pending(actor: Actor, code: string): Promise<{ unit: UnitRecord; people: Person[] }> {
      const unit = await requireUnit(db(), code);
      assertCan(permActor(actor), 'unit.approve', { ownerUnitId: unit.id });
      const reqs = await unitRequestsRepo.pendingFor(db(), unit.id);
      const people = await personsRepo.byIds(
        db(),
        reqs.map((r) => r.personId),
      );
      return { unit, people: reqs.map((r) => people.get(r.personId)).filter((p): p is Person => !!p) };
    },

    /** Pending join requests per unit id (for `/unit list`). */
    pendingCounts: () => unitRequestsRepo.pendingCounts(db()),

    /**
     * `/unit approve CODE @person` (the unit's lead or an admin): the pending request becomes a
     * membership, the person's unit is set and they are told.
     */
    async decide(actor: Actor, code: string, person: Person, approve: boolean): Promise<UnitRecord> {
      const now = deps.clock.now();
      const unit = await change(deps, actor, async (tx) => {
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
        if (approve) {
          const current = await personsRepo.byId(tx, person.id);
          await personsRepo.update(tx, person.id, { unitId: unit.id });
          await record(tx, actor, now, {
            entityType: 'person',
            entityId: String(person.id),
            action: 'join',
            changes: { unit: { from: current?.unitId ?? null, to: unit.id }, approvedBy: actor.person.id },
          });
        }
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
      await afterCommit(deps);
      return unit;
    },

    async setAlert(actor: Actor, code: string, on: boolean, reason?: string): Promise<UnitRecord> {
      assertCan(permActor(actor), 'unit.alert');
      return setAlertIn(deps, actor, code, on, reason);
    },

    /** Seeds the directory from a list; existing codes are left as they are. */
    async seed(actor: Actor, list: NewUnit[]): Promise<number> {
      let added = 0;
      const now = deps.clock.now();
      await change(deps, actor, async (tx) => {
        for (const u of list) {
          if (await unitsRepo.byCode(tx, u.code)) continue;
          await unitsRepo.insert(tx, { ...u, code: u.code.toUpperCase(), createdAt: now });
          await record(tx, actor, now, {
            entityType: 'unit',
            entityId: u.code.toUpperCase(),
            action: 'seed',
            changes: { name: u.name, nameVi: u.nameVi ?? null, block: u.block, kind: u.kind },
          });
          added++;
        }
      });
      return added;
    },
  };
}

/** Puts a unit on or off the watch list; also used by the escalation job (no permission check there). */
export async function setAlertIn(
  deps: ServiceDeps,
  actor: Actor,
  code: string,
  on: boolean,
  reason?: string,
): Promise<UnitRecord> {
  const now = deps.clock.now();
  return change(deps, actor, async (tx) => {
    const unit = await requireUnit(tx, code);
    if (unit.onAlert === on) return unit;
    await unitsRepo.update(tx, unit.id, { onAlert: on });
    await record(tx, actor, now, {
      entityType: 'unit',
      entityId: unit.code,
      action: on ? 'alert_on' : 'alert_off',
      changes: { onAlert: on, ...(reason ? { reason } : {}) },
    });
    return { ...unit, onAlert: on };
  });
}

export type UnitsService = ReturnType<typeof unitsService>;

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
