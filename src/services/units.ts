import { UserError } from '../domain/errors.ts';
import { assertCan } from '../domain/permissions.ts';
import { matchUnit } from '../domain/similarity.ts';
import type { Block, Person, UnitKind } from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { type UnitRecord, unitsRepo } from '../store/units-repo.ts';
import { type Actor, permActor, record, type ServiceDeps, transaction } from './deps.ts';

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
      return transaction(deps, async (tx) => {
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
      return transaction(deps, async (tx) => {
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

    async join(actor: Actor, code: string): Promise<UnitRecord> {
      assertCan(permActor(actor), 'unit.join');
      const now = deps.clock.now();
      return transaction(deps, async (tx) => {
        const unit = await requireUnit(tx, code);
        if (
          actor.person.role === 'external' &&
          actor.person.unitId !== null &&
          actor.person.unitId !== unit.id
        )
          throw new UserError('perm.denied', { action: 'unit.join' });
        await personsRepo.update(tx, actor.person.id, { unitId: unit.id });
        await record(tx, actor, now, {
          entityType: 'person',
          entityId: String(actor.person.id),
          action: 'join',
          changes: { unit: { from: actor.person.unitId, to: unit.id } },
        });
        return unit;
      });
    },

    async setAlert(actor: Actor, code: string, on: boolean, reason?: string): Promise<UnitRecord> {
      assertCan(permActor(actor), 'unit.alert');
      return setAlertIn(deps, actor, code, on, reason);
    },

    /** Seeds the directory from a list; existing codes are left as they are. */
    async seed(actor: Actor, list: NewUnit[]): Promise<number> {
      let added = 0;
      const now = deps.clock.now();
      await transaction(deps, async (tx) => {
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
  return transaction(deps, async (tx) => {
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
