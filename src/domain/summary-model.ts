/**
 * The one summary model: every number of the weekly summary, the monthly monitoring report and the
 * web view, computed from the live records with the words of `vocabulary.ts`. Pure: the records,
 * the clock and the time zone come in; the service only loads them.
 */
import { expectedPercent, latestReport, roadmapStatus } from './roadmap-status.ts';
import { type BlockerTally, emptyTally } from './summary-facts.ts';
import type {
  BlockerLine,
  BlockLine,
  Counts,
  Discipline,
  DueLine,
  RiskReason,
  RoadmapLine,
  SummaryData,
  SummaryInput,
} from './summary-types.ts';
import type { Blocker, Extension } from './types.ts';
import { BLOCKS } from './types.ts';
import {
  addWeeks,
  daysOverdue,
  daysSlipped,
  disciplineScore,
  owesReport,
  type ReportTiming,
  reportDeadline,
  reportTiming,
  type Span,
  unitWeekTiming,
  weekStartOf,
} from './vocabulary.ts';

export type {
  BlockerLine,
  BlockLine,
  Counts,
  Discipline,
  DueLine,
  ExtensionLine,
  Period,
  RiskReason,
  RoadmapLine,
  SummaryData,
  SummaryInput,
  SummaryUnit,
  UnitLine,
} from './summary-types.ts';

const emptyCounts = (): Counts => ({
  roadmap: { done: 0, on_track: 0, at_risk: 0, late: 0 },
  opened: 0,
  resolved: 0,
  open: 0,
  overdue: 0,
  extRequested: 0,
  extApproved: 0,
  extRefused: 0,
  slippedDays: 0,
});

/** The weeks whose report deadline falls in the span and has begun by `asOf`. */
function weeksOf(span: Span, asOf: Date, tz: string): Date[] {
  const out: Date[] = [];
  for (let w = weekStartOf(span.from, tz); w < span.to && w <= asOf; w = addWeeks(w, 1, tz)) {
    const d = reportDeadline(w, tz);
    if (d >= span.from && d < span.to) out.push(w);
  }
  return out;
}

function groupBy<T, K>(xs: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** Computes the summary of `input.span` as of `min(now, span end)`. */
export function buildSummary(input: SummaryInput): SummaryData {
  const { windows, facts, tz, block } = input;
  const { span, previousSpan, asOf, prevAsOf } = windows;
  const unitById = new Map(input.units.map((u) => [u.id, u]));
  const unitOf = (id: number | null) => (id === null ? null : (unitById.get(id) ?? null));
  const inScope = (id: number | null) => !block || unitOf(id)?.block === block;
  const items = input.items.filter((i) => inScope(i.unitId));
  const units = input.units.filter((u) => !block || u.block === block);
  const labelOf = (x: Extension) => `${x.targetType === 'blocker' ? 'B' : 'R'}-${x.targetId}`;
  const blockerById = facts.targets;
  const itemById = new Map(input.items.map((i) => [i.id, i]));
  const extUnit = (x: Extension) =>
    x.targetType === 'blocker'
      ? (blockerById.get(x.targetId)?.ownerUnitId ?? null)
      : (itemById.get(x.targetId)?.unitId ?? null);
  // An extension of a blocker left out of the counts (voided) is left out too.
  const extensions = input.extensions.filter(
    (x) => (x.targetType !== 'blocker' || blockerById.has(x.targetId)) && inScope(extUnit(x)),
  );

  const roadmapAt = (t: Date): RoadmapLine[] =>
    items.flatMap((item) => {
      const unit = unitById.get(item.unitId);
      if (!unit || item.createdAt > t) return [];
      const rs = (input.reports.get(item.id) ?? []).filter((r) => r.at <= t);
      const status = roadmapStatus(item, rs, t, weekStartOf(t, tz));
      const latest = latestReport(rs, t) ?? null;
      let reason: RiskReason | null = null;
      if (status === 'at_risk') {
        const expected = Math.floor(expectedPercent(item, t));
        reason =
          latest && latest.percent < expectedPercent(item, t)
            ? {
                kind: 'behind',
                points: Math.max(1, expected - latest.percent),
                expected,
                reported: latest.percent,
              }
            : { kind: 'no_report' };
      }
      const owner = item.ownerPersonId === null ? null : (input.persons.get(item.ownerPersonId) ?? null);
      return [{ item, unit, status, latest, owner, reason }];
    });
  const roadmap = roadmapAt(asOf);
  const prevRoadmap = roadmapAt(prevAsOf);

  // Grouped by unit once, so that 500 units cost one pass over the items, not 500.
  const linesOf = {
    current: groupBy(roadmap, (l) => l.unit.id),
    previous: groupBy(prevRoadmap, (l) => l.unit.id),
  };
  const extensionsOf = groupBy(extensions, extUnit);
  const itemsOf = groupBy(items, (i) => i.unitId);
  const countFor = (which: 'current' | 'previous', unitIds: Set<number> | null): Counts => {
    const c = emptyCounts();
    const s = which === 'current' ? span : previousSpan;
    const pick = <T>(m: Map<number | null, T[]>, all: T[]): T[] =>
      unitIds ? [...unitIds].flatMap((id) => m.get(id) ?? []) : all;
    const add = (t: BlockerTally) => {
      c.opened += t.opened;
      c.resolved += t.resolved;
      c.open += t.open;
      c.overdue += t.overdue;
    };
    if (unitIds) for (const id of unitIds) add(facts.byUnit.get(id)?.[which] ?? emptyTally());
    else for (const t of facts.byUnit.values()) add(t[which]);
    for (const l of pick(linesOf[which], which === 'current' ? roadmap : prevRoadmap)) c.roadmap[l.status]++;
    for (const x of pick(extensionsOf, extensions)) {
      if (x.createdAt >= s.from && x.createdAt < s.to) c.extRequested++;
      const decided = x.decidedAt !== null && x.decidedAt >= s.from && x.decidedAt < s.to;
      if (decided && x.status === 'approved') {
        c.extApproved++;
        if (x.oldDate) c.slippedDays += daysSlipped(x.oldDate, x.newDate, tz);
      }
      if (decided && x.status === 'rejected') c.extRefused++;
    }
    return c;
  };

  const weekStart = windows.weekStart;
  const disciplineSpan: Span =
    input.period === 'month'
      ? span
      : {
          from: addWeeks(weekStart, -((input.disciplineWeeks ?? 4) - 1), tz),
          to: addWeeks(weekStart, 1, tz),
        };
  const dWeeks = weeksOf(disciplineSpan, asOf, tz);
  const disciplineOf = (unitId: number): Discipline => {
    const byItem = (itemsOf.get(unitId) ?? [])
      .filter((i) => i.createdAt <= asOf)
      .map((item) => {
        const r = { startAt: item.startAt, reports: input.reports.get(item.id) ?? [] };
        return { item, timings: dWeeks.map((w) => (owesReport(r, w) ? reportTiming(r, w, asOf, tz) : null)) };
      });
    const timings = dWeeks.map((_, wi) =>
      unitWeekTiming(byItem.map((b) => b.timings[wi] ?? null).filter((x): x is ReportTiming => x !== null)),
    );
    return { weeks: dWeeks, timings, score: disciplineScore(timings), byItem };
  };

  const blocks = BLOCKS.filter((b) => !block || b === block).map((bk): BlockLine => {
    const bUnits = units.filter((u) => u.block === bk);
    const ids = new Set(bUnits.map((u) => u.id));
    return {
      block: bk,
      counts: countFor('current', ids),
      previous: countFor('previous', ids),
      units: bUnits.map((u) => ({
        unit: u,
        counts: countFor('current', new Set([u.id])),
        previous: countFor('previous', new Set([u.id])),
        hasRoadmap: itemsOf.has(u.id),
        discipline: disciplineOf(u.id),
      })),
    };
  });

  const line = (b: Blocker, days: number): BlockerLine => ({
    blocker: b,
    unit: unitOf(b.ownerUnitId),
    owner: b.ownerPersonId === null ? null : (input.persons.get(b.ownerPersonId) ?? null),
    days,
  });
  const overdue = facts.overdue.map((b) => line(b, daysOverdue(b.deadline as Date, asOf, tz)));
  const resolved = facts.resolved.map((b) => line(b, 0));
  const extended = extensions
    .filter(
      (x) =>
        (x.createdAt >= span.from && x.createdAt < span.to) ||
        (x.decidedAt !== null && x.decidedAt >= span.from && x.decidedAt < span.to),
    )
    .sort((a, b) => a.id - b.id)
    .map((x) => ({
      extension: x,
      label: labelOf(x),
      title:
        (x.targetType === 'blocker' ? blockerById.get(x.targetId)?.title : itemById.get(x.targetId)?.title) ??
        '',
      unit: unitOf(extUnit(x)),
      days: x.oldDate ? daysSlipped(x.oldDate, x.newDate, tz) : 0,
    }));
  const totals = countFor('current', null);

  const soon = windows.soon;
  const dueSoon: DueLine[] = [
    ...facts.dueSoon.map((b) => ({
      label: `B-${b.id}`,
      title: b.title,
      unit: unitOf(b.ownerUnitId),
      due: b.deadline as Date,
    })),
    ...roadmap
      .filter((l) => l.status !== 'done' && l.item.due >= asOf && l.item.due < soon)
      .map((l) => ({ label: `R-${l.item.id}`, title: l.item.title, unit: l.unit, due: l.item.due })),
  ].sort((a, b) => a.due.getTime() - b.due.getTime());

  const notReportedIds = new Set(
    roadmap
      .filter((l) => {
        const rs = input.reports.get(l.item.id) ?? [];
        return (
          l.status !== 'done' &&
          owesReport({ startAt: l.item.startAt, reports: rs }, weekStart) &&
          !rs.some((r) => r.at >= weekStart && r.at <= asOf)
        );
      })
      .map((l) => l.unit.id),
  );

  return {
    period: input.period,
    key: input.key,
    from: span.from,
    to: span.to,
    asOf,
    previousSpan,
    block,
    totals,
    previous: countFor('previous', null),
    blocks,
    bySource: facts.bySource,
    extensions: {
      requested: totals.extRequested,
      approved: totals.extApproved,
      rejected: totals.extRefused,
      pending: extensions.filter((x) => x.status === 'pending' && x.createdAt <= asOf).length,
      slippedDays: totals.slippedDays,
    },
    notReported: units.filter((u) => notReportedIds.has(u.id)),
    onAlert: units.filter((u) => u.onAlert),
    overdue,
    mostOverdue: overdue.slice(0, 5),
    resolved,
    extended,
    roadmap,
    atRisk: roadmap.filter((l) => l.status === 'at_risk'),
    dueSoon,
    weeks: facts.weeks,
  };
}
