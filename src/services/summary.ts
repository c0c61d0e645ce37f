import dayjs from 'dayjs';
import { startOfMonth, startOfWeek } from '../dates.ts';
import { isClosed, isOverdue } from '../domain/blocker-status.ts';
import { assertCan } from '../domain/permissions.ts';
import type { Block, Person, RoadmapStatus, Source } from '../domain/types.ts';
import { BLOCKS, SOURCES } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import { extensionsRepo } from '../store/extensions-repo.ts';
import { personsRepo } from '../store/persons-repo.ts';
import type { BlockerRecord } from '../store/rows.ts';
import { type UnitRecord, unitsRepo } from '../store/units-repo.ts';
import { type Actor, permActor, type ServiceDeps } from './deps.ts';
import type { RoadmapService } from './roadmap.ts';

export type Period = 'week' | 'month';

export interface Counts {
  roadmap: Record<RoadmapStatus, number>;
  opened: number;
  resolved: number;
  open: number;
  overdue: number;
}

export interface UnitLine {
  unit: UnitRecord;
  counts: Counts;
}

export interface SummaryData {
  period: Period;
  from: Date;
  to: Date;
  block: Block | null;
  totals: Counts;
  previous: Pick<Counts, 'opened' | 'resolved' | 'open' | 'overdue'>;
  blocks: { block: Block; counts: Counts; units: UnitLine[] }[];
  bySource: Record<Source, { opened: number; resolved: number; open: number }>;
  extensions: { requested: number; approved: number; rejected: number; pending: number };
  notReported: UnitRecord[];
  onAlert: UnitRecord[];
  mostOverdue: { blocker: BlockerRecord; unit: UnitRecord | null; owner: Person | null; days: number }[];
  /** Open vs resolved per week for the chart, oldest first. */
  weeks: { start: Date; opened: number; resolved: number; open: number }[];
}

const emptyCounts = (): Counts => ({
  roadmap: { done: 0, on_track: 0, at_risk: 0, late: 0 },
  opened: 0,
  resolved: 0,
  open: 0,
  overdue: 0,
});

const openAt = (b: BlockerRecord, t: Date) =>
  b.createdAt <= t &&
  (b.resolvedAt === null || b.resolvedAt > t) &&
  !(isClosed(b.status) && b.resolvedAt === null);

/** Every number of the weekly summary and the monthly report, from the live records. */
export function summaryService(deps: ServiceDeps, roadmap: RoadmapService) {
  const db = () => deps.database.db;

  return {
    async compute(actor: Actor | null, period: Period, block: Block | null = null): Promise<SummaryData> {
      if (actor) assertCan(permActor(actor), 'summary.post');
      const now = deps.clock.now();
      const tz = deps.config.TZ_DEFAULT;
      const from = period === 'week' ? startOfWeek(now, tz) : startOfMonth(now, tz);
      const prevFrom =
        period === 'week'
          ? dayjs(from).subtract(7, 'day').toDate()
          : startOfMonth(dayjs(from).subtract(1, 'day').toDate(), tz);
      const units = await unitsRepo.all(db());
      const unitById = new Map(units.map((u) => [u.id, u]));
      const inScope = (unitId: number | null) =>
        !block || (unitId !== null && unitById.get(unitId)?.block === block);
      const blockers = (await blockersRepo.all(db())).filter((b) =>
        inScope(b.ownerUnitId ?? b.reportingUnitId),
      );
      const views = await roadmap.views(block ? { block } : {});

      const countFor = (bs: BlockerRecord[], unitIds: Set<number> | null): Counts => {
        const c = emptyCounts();
        for (const b of bs) {
          if (unitIds && (b.ownerUnitId === null || !unitIds.has(b.ownerUnitId))) continue;
          if (b.createdAt >= from) c.opened++;
          if (b.status === 'resolved' && b.resolvedAt && b.resolvedAt >= from) c.resolved++;
          if (!isClosed(b.status)) c.open++;
          if (isOverdue(b, now)) c.overdue++;
        }
        for (const v of views) if (!unitIds || unitIds.has(v.unit.id)) c.roadmap[v.status]++;
        return c;
      };

      const blocks = BLOCKS.filter((b) => !block || b === block).map((bk) => {
        const bUnits = units.filter((u) => u.block === bk);
        const lines = bUnits
          .map((u) => ({ unit: u, counts: countFor(blockers, new Set([u.id])) }))
          .filter(
            (l) =>
              l.counts.open + l.counts.opened + l.counts.resolved > 0 ||
              Object.values(l.counts.roadmap).some((n) => n > 0),
          );
        return { block: bk, counts: countFor(blockers, new Set(bUnits.map((u) => u.id))), units: lines };
      });

      const bySource = Object.fromEntries(
        SOURCES.map((s) => {
          const bs = blockers.filter((b) => b.source === s);
          return [
            s,
            {
              opened: bs.filter((b) => b.createdAt >= from).length,
              resolved: bs.filter((b) => b.status === 'resolved' && b.resolvedAt && b.resolvedAt >= from)
                .length,
              open: bs.filter((b) => !isClosed(b.status)).length,
            },
          ];
        }),
      ) as SummaryData['bySource'];

      // Requests on a void blocker go with it (src/domain/counted.ts): the repository reads counted ones.
      const counted = new Set((await blockersRepo.all(db())).map((b) => b.id));
      const allXs = (await extensionsRepo.all(db())).filter(
        (x) => x.targetType !== 'blocker' || counted.has(x.targetId),
      );
      const xs = allXs.filter((x) => x.createdAt >= from || (x.decidedAt ?? now) >= from);
      const extensions = {
        requested: xs.filter((x) => x.createdAt >= from).length,
        approved: xs.filter((x) => x.status === 'approved' && x.decidedAt && x.decidedAt >= from).length,
        rejected: xs.filter((x) => x.status === 'rejected' && x.decidedAt && x.decidedAt >= from).length,
        pending: allXs.filter((x) => x.status === 'pending').length,
      };

      const weekStart = startOfWeek(now, tz);
      const notReportedIds = new Set(
        views
          .filter((v) => v.status !== 'done' && !v.reportedThisWeek && v.item.createdAt < weekStart)
          .map((v) => v.unit.id),
      );
      const overdue = blockers
        .filter((b) => isOverdue(b, now))
        .sort((a, b) => (a.deadline?.getTime() ?? 0) - (b.deadline?.getTime() ?? 0))
        .slice(0, 5);
      const owners = await personsRepo.byIds(
        db(),
        overdue.map((b) => b.ownerPersonId).filter((id): id is number => id !== null),
      );
      const mostOverdue = overdue.map((b) => ({
        blocker: b,
        unit: b.ownerUnitId !== null ? (unitById.get(b.ownerUnitId) ?? null) : null,
        owner: b.ownerPersonId !== null ? (owners.get(b.ownerPersonId) ?? null) : null,
        days: Math.max(0, dayjs(now).diff(b.deadline ?? now, 'day')),
      }));

      const previous = {
        opened: blockers.filter((b) => b.createdAt >= prevFrom && b.createdAt < from).length,
        resolved: blockers.filter(
          (b) => b.status === 'resolved' && b.resolvedAt && b.resolvedAt >= prevFrom && b.resolvedAt < from,
        ).length,
        open: blockers.filter((b) => openAt(b, from)).length,
        overdue: blockers.filter((b) => openAt(b, from) && b.deadline !== null && b.deadline < from).length,
      };

      const weeks = [];
      for (let i = 7; i >= 0; i--) {
        const start = dayjs(weekStart)
          .subtract(i * 7, 'day')
          .toDate();
        const end = dayjs(start).add(7, 'day').toDate();
        weeks.push({
          start,
          opened: blockers.filter((b) => b.createdAt >= start && b.createdAt < end).length,
          resolved: blockers.filter(
            (b) => b.status === 'resolved' && b.resolvedAt && b.resolvedAt >= start && b.resolvedAt < end,
          ).length,
          open: blockers.filter((b) => openAt(b, new Date(Math.min(end.getTime(), now.getTime())))).length,
        });
      }

      return {
        period,
        from,
        to: now,
        block,
        totals: countFor(blockers, null),
        previous,
        blocks,
        bySource,
        extensions,
        notReported: units.filter((u) => notReportedIds.has(u.id)),
        onAlert: units.filter((u) => u.onAlert && (!block || u.block === block)),
        mostOverdue,
        weeks,
      };
    },
  };
}

export type SummaryService = ReturnType<typeof summaryService>;
