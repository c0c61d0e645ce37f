import { UserError } from '../domain/errors.ts';
import { assertCan, permActor } from '../domain/permissions.ts';
import type { UnitRecord } from '../domain/records.ts';
import type { Block, Person, UnitKind } from '../domain/types.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { type Actor, change, record, Service, type ServiceDeps } from './deps.ts';
import { type JoinResult, UnitJoins } from './unit-join.ts';
import { requireUnit } from './unit-lookup.ts';

export { handleOf, type JoinResult } from './unit-join.ts';
export { requireUnit } from './unit-lookup.ts';

export interface NewUnit {
  code: string;
  name: string;
  nameVi?: string | null;
  block: Block;
  kind: UnitKind;
}

/** The unit directory, the watch list and (src/services/unit-join.ts) join requests. */
export class UnitsService extends Service {
  private readonly joins = new UnitJoins(this.deps);

  list(): Promise<UnitRecord[]> {
    return unitsRepo.all(this.db);
  }

  get(code: string): Promise<UnitRecord> {
    return requireUnit(this.db, code);
  }

  byId(id: number): Promise<UnitRecord | null> {
    return unitsRepo.byId(this.db, id);
  }

  count(): Promise<number> {
    return unitsRepo.count(this.db);
  }

  async add(actor: Actor, u: NewUnit): Promise<UnitRecord> {
    assertCan(permActor(actor), 'unit.add');
    const code = u.code.toUpperCase();
    if (!/^[A-Z][A-Z0-9_-]{1,15}$/.test(code)) throw new UserError('unit.bad_code', { unit: u.code });
    const now = this.deps.clock.now();
    return change(this.deps, actor, async (tx) => {
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
  }

  async setLead(actor: Actor, code: string, lead: Person): Promise<UnitRecord> {
    assertCan(permActor(actor), 'unit.lead');
    const now = this.deps.clock.now();
    return change(this.deps, actor, async (tx) => {
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
  }

  /** `/unit join CODE` (src/services/unit-join.ts). */
  join(actor: Actor, code: string): Promise<JoinResult> {
    return this.joins.join(actor, code);
  }

  /** The pending join requests of a unit, oldest first (its lead and admins). */
  pending(actor: Actor, code: string): Promise<{ unit: UnitRecord; people: Person[] }> {
    return this.joins.pending(actor, code);
  }

  /** Pending join requests per unit id (for `/unit list`). */
  pendingCounts(): Promise<Map<number, number>> {
    return this.joins.pendingCounts();
  }

  /** `/unit approve|refuse CODE @person` (src/services/unit-join.ts). */
  decide(actor: Actor, code: string, person: Person, approve: boolean): Promise<UnitRecord> {
    return this.joins.decide(actor, code, person, approve);
  }

  /** Puts a unit on or off the watch list. */
  async setAlert(actor: Actor, code: string, on: boolean, reason?: string): Promise<UnitRecord> {
    assertCan(permActor(actor), 'unit.alert');
    const now = this.deps.clock.now();
    return change(this.deps, actor, async (tx) => {
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

  /** Seeds the directory from a list; existing codes are left as they are. */
  async seed(actor: Actor, list: NewUnit[]): Promise<number> {
    let added = 0;
    const now = this.deps.clock.now();
    await change(this.deps, actor, async (tx) => {
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
  }
}

export const unitsService = (deps: ServiceDeps) => new UnitsService(deps);
