import { eq, sql } from 'drizzle-orm';
import type { ItemRef } from '../domain/ports.ts';
import { BLOCKER_STATUSES, fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { roadmapRepo } from '../store/roadmap-repo.ts';
import { roadmapItems, roadmapReports } from '../store/schema.ts';
import { unitsRepo } from '../store/units-repo.ts';
import type { ServiceDeps } from './deps.ts';

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

const CLOSED = new Set(['resolved', 'dropped']);

/** The records behind reminders, the overdue sweep and report requests (what the jobs read). */
export function dueItemsService(deps: ServiceDeps) {
  const db = () => deps.database.db;

  async function unitLeadOf(unitId: number | null): Promise<number | null> {
    if (unitId === null) return null;
    return (await unitsRepo.byId(db(), unitId))?.leadId ?? null;
  }

  return {
    /** The item as the database has it now, or null when it is gone. */
    async load(ref: ItemRef): Promise<DueItem | null> {
      if (ref.type === 'blocker') {
        const b = await blockersRepo.byId(db(), ref.id);
        if (!b) return null;
        return {
          ref,
          label: fmtId.blocker(b.id),
          title: b.title,
          deadline: b.deadline,
          open: !CLOSED.has(b.status),
          ownerPersonId: b.ownerPersonId,
          unitId: b.ownerUnitId,
          createdAt: b.createdAt,
        };
      }
      const r = await roadmapRepo.byId(db(), ref.id);
      if (!r) return null;
      const [last] = await roadmapRepo.reportsOf(db(), r.id);
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
    },

    /** Every item that is open and has a deadline: what reconcile derives reminders from. */
    async open(): Promise<ItemRef[]> {
      const blockers = await blockersRepo.byStatus(
        db(),
        BLOCKER_STATUSES.filter((s) => !CLOSED.has(s)),
      );
      const roadmap = await db()
        .select({ id: roadmapItems.id })
        .from(roadmapItems)
        .where(
          sql`coalesce((select ${roadmapReports.percent} from ${roadmapReports} where ${eq(roadmapReports.itemId, roadmapItems.id)} order by ${roadmapReports.at} desc, ${roadmapReports.id} desc limit 1), 0) < 100`,
        );
      return [
        ...blockers.filter((b) => b.deadline !== null).map((b) => ({ type: 'blocker' as const, id: b.id })),
        ...roadmap.map((r) => ({ type: 'roadmap' as const, id: r.id })),
      ];
    },

    /** Who a reminder goes to: the owner person, else the owner unit's lead; null when neither is known. */
    async recipientOf(item: DueItem): Promise<number | null> {
      if (item.ownerPersonId !== null) return item.ownerPersonId;
      return unitLeadOf(item.unitId);
    },

    unitLeadOf,

    /** The time zone reminders for `personId` are planned in. */
    async tzOf(personId: number | null): Promise<string> {
      const fallback = deps.config.TZ_DEFAULT;
      if (personId === null) return fallback;
      return (await personsRepo.byId(db(), personId))?.tz ?? fallback;
    },

    /** When the roadmap item was last reported on, or null. */
    async lastReportAt(id: number): Promise<Date | null> {
      const [last] = await roadmapRepo.reportsOf(db(), id);
      return last?.at ?? null;
    },

    /** A roadmap item's reporting record (its start and its reports, newest first), for report requests. */
    async reportingOf(
      id: number,
    ): Promise<{ startAt: Date; reports: { percent: number; at: Date }[] } | null> {
      const item = await roadmapRepo.byId(db(), id);
      if (!item) return null;
      return { startAt: item.startAt, reports: await roadmapRepo.reportsOf(db(), id) };
    },
  };
}

export type DueItemsService = ReturnType<typeof dueItemsService>;
