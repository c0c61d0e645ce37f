import { startOfWeek } from '../dates.ts';
import { UserError } from '../domain/errors.ts';
import { assertCan, can, permActor } from '../domain/permissions.ts';
import type { UnitRecord } from '../domain/records.ts';
import { assessRoadmap, type RoadmapRiskReason } from '../domain/roadmap-status.ts';
import type { Block, RoadmapItem, RoadmapReport, RoadmapStatus } from '../domain/types.ts';
import { fmtId } from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import { nextId } from '../store/ids.ts';
import { roadmapRepo } from '../store/roadmap-repo.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { type Actor, afterCommit, change, later, record, Service, type ServiceDeps } from './deps.ts';
import { requireUnit } from './unit-lookup.ts';

export interface RoadmapView {
  item: RoadmapItem;
  unit: UnitRecord;
  status: RoadmapStatus;
  /** Why it is at risk (`no_report`: never reported), else null. */
  reason: RoadmapRiskReason | null;
  latest: RoadmapReport | null;
  reportedThisWeek: boolean;
}

/** A percent as reported: 0 to 100, in steps of a tenth. */
function checkPercent(percent: number): void {
  const ok =
    Number.isFinite(percent) && percent >= 0 && percent <= 100 && Math.round(percent * 10) === percent * 10;
  if (!ok) throw new UserError('roadmap.bad_percent', { percent: String(percent) });
}

/** Inside the transaction: the item's reminders are rebuilt once it commits (through the outbox). */
const changed = (tx: Db, id: number, at: Date) =>
  later(tx, at, { kind: 'item_changed', ref: { type: 'roadmap', id } });

/** Roadmap items, their weekly reports and their derived status. */
export class RoadmapService extends Service {
  /** Adds an item `R-n`; expected progress runs from `start` (may be past; default now) to `due`. */
  async add(
    actor: Actor,
    unitCode: string,
    title: string,
    due: Date,
    start: Date | null = null,
  ): Promise<RoadmapItem> {
    if (!title.trim()) throw new UserError('roadmap.no_title');
    const now = this.deps.clock.now();
    const startAt = start ?? now;
    if (startAt.getTime() >= due.getTime()) throw new UserError('roadmap.start_after_due');
    const item = await change(this.deps, actor, async (tx) => {
      const unit = await requireUnit(tx, unitCode);
      assertCan(permActor(actor), 'roadmap.add', { ownerUnitId: unit.id });
      const id = await nextId(tx, 'roadmap');
      const it = await roadmapRepo.insert(tx, {
        id,
        unitId: unit.id,
        title: title.trim(),
        startAt,
        due,
        originalDue: due,
        createdById: actor.person.id,
        createdAt: now,
      });
      await record(tx, actor, now, {
        entityType: 'roadmap',
        entityId: fmtId.roadmap(id),
        action: 'add',
        changes: { unit: unit.code, title: it.title, due, start: startAt },
      });
      await changed(tx, id, now);
      return it;
    });
    await afterCommit(this.deps);
    return item;
  }

  async report(actor: Actor, id: number, percent: number, note: string | null): Promise<RoadmapView> {
    checkPercent(percent);
    const now = this.deps.clock.now();
    await change(this.deps, actor, async (tx) => {
      const item = await roadmapRepo.byId(tx, id);
      if (!item) throw new UserError('roadmap.unknown', { id: fmtId.roadmap(id) });
      assertCan(permActor(actor), 'roadmap.report', {
        ownerUnitId: item.unitId,
        ownerPersonId: item.ownerPersonId,
      });
      await roadmapRepo.addReport(tx, { itemId: id, percent, note, reporterId: actor.person.id, at: now });
      await record(tx, actor, now, {
        entityType: 'roadmap',
        entityId: fmtId.roadmap(id),
        action: 'report',
        changes: { percent, ...(note ? { note } : {}) },
      });
      await changed(tx, id, now);
    });
    await afterCommit(this.deps);
    const view = (await this.views()).find((v) => v.item.id === id);
    if (!view) throw new UserError('roadmap.unknown', { id: fmtId.roadmap(id) });
    return view;
  }

  /**
   * Every item with its unit, latest report and derived status, filtered by unit or block, and
   * by what `actor` may see when given (externals: their own unit's items only).
   */
  async views(
    filter: { unit?: string | undefined; block?: Block | undefined } = {},
    actor?: Actor,
  ): Promise<RoadmapView[]> {
    const viewer = actor ? permActor(actor) : null;
    if (viewer) assertCan(viewer, 'roadmap.view');
    const now = this.deps.clock.now();
    const weekStart = startOfWeek(now, this.deps.config.TZ_DEFAULT);
    const unit = filter.unit ? await requireUnit(this.db, filter.unit) : null;
    const units = new Map((await unitsRepo.all(this.db)).map((u) => [u.id, u]));
    // This week's reports, and each item's latest: all that its status and latest report need.
    const reports = await roadmapRepo.reportsByItem(this.db, { since: weekStart, latestAt: [now] });
    const out: RoadmapView[] = [];
    for (const item of await roadmapRepo.all(this.db)) {
      const u = units.get(item.unitId);
      if (!u || (unit && u.id !== unit.id) || (filter.block && u.block !== filter.block)) continue;
      if (viewer && !can(viewer, 'roadmap.view', { ownerUnitId: u.id, ownerPersonId: item.ownerPersonId }))
        continue;
      const rs = reports.get(item.id) ?? [];
      out.push({
        item,
        unit: u,
        ...assessRoadmap(item, rs, now, weekStart),
        latest: rs[rs.length - 1] ?? null,
        reportedThisWeek: rs.some((r) => r.at >= weekStart),
      });
    }
    return out;
  }
}

export const roadmapService = (deps: ServiceDeps) => new RoadmapService(deps);
