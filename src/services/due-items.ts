import { isClosed, OPEN_STATUSES } from '../domain/blocker-status.ts';
import type { ItemRef } from '../domain/ports.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { roadmapRepo } from '../store/roadmap-repo.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { Service, type ServiceDeps } from './deps.ts';

/** What the time-driven jobs need to know about a blocker or roadmap item, read from the database. */
export interface DueItem {
  ref: ItemRef;
  /** `B-3`, `R-2`. */
  label: string;
  title: string;
  deadline: Date | null;
  /** Still needs doing: a blocker not resolved/dropped, a roadmap item not reported at 100%. */
  open: boolean;
  ownerPersonId: number | null;
  unitId: number | null;
  createdAt: Date;
}

/** The records behind reminders, the overdue sweep and report requests (what the jobs read). */
export class DueItemsService extends Service {
  /** The item as the database has it now, or null when it is gone. */
  load(ref: ItemRef): Promise<DueItem | null> {
    return ref.type === 'blocker' ? this.blocker(ref) : this.roadmapItem(ref);
  }

  private async blocker(ref: ItemRef): Promise<DueItem | null> {
    const b = await blockersRepo.byId(this.db, ref.id);
    if (!b) return null;
    return {
      ref,
      label: fmtId.blocker(b.id),
      title: b.title,
      deadline: b.deadline,
      open: !isClosed(b.status),
      ownerPersonId: b.ownerPersonId,
      unitId: b.ownerUnitId,
      createdAt: b.createdAt,
    };
  }

  private async roadmapItem(ref: ItemRef): Promise<DueItem | null> {
    const r = await roadmapRepo.byId(this.db, ref.id);
    if (!r) return null;
    const [last] = await roadmapRepo.reportsOf(this.db, r.id);
    return {
      ref,
      label: fmtId.roadmap(r.id),
      title: r.title,
      deadline: r.due,
      open: (last?.percent ?? 0) < 100,
      ownerPersonId: r.ownerPersonId,
      unitId: r.unitId,
      createdAt: r.createdAt,
    };
  }

  /** Every item that is open and has a deadline: what reconcile derives reminders from. */
  async open(): Promise<ItemRef[]> {
    const blockers = await blockersRepo.byStatus(this.db, [...OPEN_STATUSES]);
    const roadmap = await roadmapRepo.openIds(this.db);
    return [
      ...blockers.filter((b) => b.deadline !== null).map((b) => ({ type: 'blocker' as const, id: b.id })),
      ...roadmap.map((id) => ({ type: 'roadmap' as const, id })),
    ];
  }

  /** Who a reminder goes to: the owner person, else the owner unit's lead; null when neither is known. */
  async recipientOf(item: DueItem): Promise<number | null> {
    if (item.ownerPersonId !== null) return item.ownerPersonId;
    return this.unitLeadOf(item.unitId);
  }

  /** The unit's code and lead (who the weekly report request lists a unit's items to). */
  async unitOf(unitId: number | null): Promise<{ code: string; leadId: number | null } | null> {
    if (unitId === null) return null;
    const u = await unitsRepo.byId(this.db, unitId);
    return u ? { code: u.code, leadId: u.leadId } : null;
  }

  async unitLeadOf(unitId: number | null): Promise<number | null> {
    if (unitId === null) return null;
    return (await unitsRepo.byId(this.db, unitId))?.leadId ?? null;
  }

  /** The time zone reminders for `personId` are planned in. */
  async tzOf(personId: number | null): Promise<string> {
    const fallback = this.deps.config.TZ_DEFAULT;
    if (personId === null) return fallback;
    return (await personsRepo.byId(this.db, personId))?.tz ?? fallback;
  }

  /** When the roadmap item was last reported on, or null. */
  async lastReportAt(id: number): Promise<Date | null> {
    const [last] = await roadmapRepo.reportsOf(this.db, id);
    return last?.at ?? null;
  }

  /** A roadmap item's reporting record (its start and its reports, newest first), for report requests. */
  async reportingOf(id: number): Promise<{ startAt: Date; reports: { percent: number; at: Date }[] } | null> {
    const item = await roadmapRepo.byId(this.db, id);
    if (!item) return null;
    return { startAt: item.startAt, reports: await roadmapRepo.reportsOf(this.db, id) };
  }
}

export const dueItemsService = (deps: ServiceDeps) => new DueItemsService(deps);
