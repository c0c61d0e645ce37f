/**
 * The parts of the summary model (`summary-model.ts`) that the sections share: the records in the
 * summary's scope (its block) with their lookups, the roadmap lines at an instant, and the counts
 * and reporting discipline of a group of units. Pure, like the model.
 */
import { expectedPercent, latestReport, roadmapStatus } from './roadmap-status.ts';
import { type BlockerTally, emptyTally } from './summary-facts.ts';
import type {
  Counts,
  Discipline,
  RiskReason,
  RoadmapLine,
  SummaryInput,
  SummaryUnit,
} from './summary-types.ts';
import type { Extension, RoadmapItem, RoadmapReport } from './types.ts';
import {
  addWeeks,
  daysSlipped,
  disciplineScore,
  owesReport,
  type ReportTiming,
  reportDeadline,
  reportWeek,
  type Span,
  timingIn,
  unitWeekTiming,
  weekStartOf,
} from './vocabulary.ts';
import type { WorkingDays } from './working-days.ts';

/** The summary's records, kept to its block, and the lookups every section uses. */
export interface Scope {
  input: SummaryInput;
  unitById: Map<number, SummaryUnit>;
  unitOf: (id: number | null) => SummaryUnit | null;
  /** Roadmap items and units of the block (all, with no block). */
  items: RoadmapItem[];
  units: SummaryUnit[];
  /** Extensions whose target is in the block and counted (an extension of a voided blocker is not). */
  extensions: Extension[];
  /** The owner unit of an extension's target. */
  extUnit: (x: Extension) => number | null;
  itemById: Map<number, RoadmapItem>;
}

export type Which = 'current' | 'previous';

/** Whether `t` lies within the span (a null instant does not). */
export const inSpan = (t: Date | null, s: Span): boolean => t !== null && t >= s.from && t < s.to;

export function groupBy<T, K>(xs: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

export function scopeOf(input: SummaryInput): Scope {
  const { facts, block } = input;
  const unitById = new Map(input.units.map((u) => [u.id, u]));
  const unitOf = (id: number | null) => (id === null ? null : (unitById.get(id) ?? null));
  const inScope = (id: number | null) => !block || unitOf(id)?.block === block;
  const blockerById = facts.targets;
  const itemById = new Map(input.items.map((i) => [i.id, i]));
  const extUnit = (x: Extension) =>
    x.targetType === 'blocker'
      ? (blockerById.get(x.targetId)?.ownerUnitId ?? null)
      : (itemById.get(x.targetId)?.unitId ?? null);
  return {
    input,
    unitById,
    unitOf,
    items: input.items.filter((i) => inScope(i.unitId)),
    units: input.units.filter((u) => !block || u.block === block),
    // An extension of a blocker left out of the counts (voided) is left out too.
    extensions: input.extensions.filter(
      (x) => (x.targetType !== 'blocker' || blockerById.has(x.targetId)) && inScope(extUnit(x)),
    ),
    extUnit,
    itemById,
  };
}

/** Why an `at_risk` item is at risk at `t`: behind the expected percent, or no report. */
function riskReason(item: RoadmapItem, latest: RoadmapReport | null, t: Date): RiskReason {
  const expected = Math.floor(expectedPercent(item, t));
  return latest && latest.percent < expectedPercent(item, t)
    ? { kind: 'behind', points: Math.max(1, expected - latest.percent), expected, reported: latest.percent }
    : { kind: 'no_report' };
}

/** The roadmap items of the scope that exist at `t`, with their status and latest report then. */
export function roadmapAt(sc: Scope, t: Date): RoadmapLine[] {
  const { reports, persons, tz } = sc.input;
  const weekStart = weekStartOf(t, tz);
  return sc.items.flatMap((item) => {
    const unit = sc.unitById.get(item.unitId);
    if (!unit || item.createdAt > t) return [];
    const rs = (reports.get(item.id) ?? []).filter((r) => r.at <= t);
    const status = roadmapStatus(item, rs, t, weekStart);
    const latest = latestReport(rs, t) ?? null;
    const reason = status === 'at_risk' ? riskReason(item, latest, t) : null;
    const owner = item.ownerPersonId === null ? null : (persons.get(item.ownerPersonId) ?? null);
    return [{ item, unit, status, latest, owner, reason }];
  });
}

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

/** The counts of several groups of units added up (every field is a count: a block is its units). */
export function sumCounts(cs: readonly Counts[]): Counts {
  const c = emptyCounts();
  for (const x of cs) {
    for (const s of Object.keys(c.roadmap) as (keyof Counts['roadmap'])[]) c.roadmap[s] += x.roadmap[s];
    addTally(c, x);
    c.extRequested += x.extRequested;
    c.extApproved += x.extApproved;
    c.extRefused += x.extRefused;
    c.slippedDays += x.slippedDays;
  }
  return c;
}

function addTally(c: Counts, t: BlockerTally): void {
  c.opened += t.opened;
  c.resolved += t.resolved;
  c.open += t.open;
  c.overdue += t.overdue;
}

function addExtensions(c: Counts, xs: readonly Extension[], s: Span, tz: string): void {
  for (const x of xs) {
    if (inSpan(x.createdAt, s)) c.extRequested++;
    const decided = inSpan(x.decidedAt, s);
    if (decided && x.status === 'approved') {
      c.extApproved++;
      if (x.oldDate) c.slippedDays += daysSlipped(x.oldDate, x.newDate, tz);
    }
    if (decided && x.status === 'rejected') c.extRefused++;
  }
}

/** The counts of a set of units (`null`: every unit) in the current or the previous span. */
export type CountFor = (which: Which, unitIds: Set<number> | null) => Counts;

export function counter(sc: Scope, roadmaps: Record<Which, RoadmapLine[]>): CountFor {
  const { facts, windows, tz } = sc.input;
  // Grouped by unit once, so that 500 units cost one pass over the items, not 500.
  const linesOf = {
    current: groupBy(roadmaps.current, (l) => l.unit.id),
    previous: groupBy(roadmaps.previous, (l) => l.unit.id),
  };
  const extensionsOf = groupBy(sc.extensions, sc.extUnit);
  return (which, unitIds) => {
    const c = emptyCounts();
    const pick = <T>(m: Map<number | null, T[]>, all: T[]): T[] =>
      unitIds ? [...unitIds].flatMap((id) => m.get(id) ?? []) : all;
    if (unitIds) for (const id of unitIds) addTally(c, facts.byUnit.get(id)?.[which] ?? emptyTally());
    else for (const t of facts.byUnit.values()) addTally(c, t[which]);
    for (const l of pick(linesOf[which], roadmaps[which])) c.roadmap[l.status]++;
    addExtensions(
      c,
      pick(extensionsOf, sc.extensions),
      which === 'current' ? windows.span : windows.previousSpan,
      tz,
    );
    return c;
  };
}

/** The weeks whose report deadline falls in the span and has begun by `asOf`. */
function weeksOf(span: Span, asOf: Date, tz: string, cal: WorkingDays | undefined): Date[] {
  const out: Date[] = [];
  for (let w = weekStartOf(span.from, tz); w < span.to && w <= asOf; w = addWeeks(w, 1, tz)) {
    const d = reportDeadline(w, tz, cal);
    if (d >= span.from && d < span.to) out.push(w);
  }
  return out;
}

type DisciplineInput = Pick<SummaryInput, 'period' | 'windows' | 'tz' | 'disciplineWeeks'>;

/** The weeks reporting discipline is shown for: the month's, or the last `disciplineWeeks` (4) of a week. */
function disciplineSpan(input: DisciplineInput): Span {
  const { span, weekStart } = input.windows;
  if (input.period === 'month') return span;
  return {
    from: addWeeks(weekStart, -((input.disciplineWeeks ?? 4) - 1), input.tz),
    to: addWeeks(weekStart, 1, input.tz),
  };
}

/**
 * The roadmap reports a summary reads (the store loads only these, not every report ever made):
 * those made `since` the first week it looks at (reporting discipline, this week's reports),
 * and per item the latest at or before each instant of `latestAt` (status now and at the end of
 * the previous span) and its first report at 100 % (whether it still owed reports). Every rule
 * of the model gives the same answer on these as on all of an item's reports.
 */
export function reportsNeeded(input: DisciplineInput): { since: Date; latestAt: Date[] } {
  const { windows, tz } = input;
  const first = weekStartOf(disciplineSpan(input).from, tz);
  return {
    since: new Date(Math.min(first.getTime(), windows.weekStart.getTime())),
    latestAt: [windows.asOf, windows.prevAsOf],
  };
}

/** How each unit reported: over the month's weeks, or the last `disciplineWeeks` weeks of a week. */
export function disciplineFor(
  sc: Scope,
  itemsOf: Map<number, RoadmapItem[]>,
): (unitId: number) => Discipline {
  const { input } = sc;
  const { tz } = input;
  const { asOf } = input.windows;
  const cal = input.calendar;
  const dWeeks = weeksOf(disciplineSpan(input), asOf, tz, cal);
  const bounds = dWeeks.map((w) => reportWeek(w, tz, cal));
  return (unitId) => {
    const byItem = (itemsOf.get(unitId) ?? [])
      .filter((i) => i.createdAt <= asOf)
      .map((item) => {
        const r = { startAt: item.startAt, reports: input.reports.get(item.id) ?? [] };
        return {
          item,
          timings: bounds.map((w) => (owesReport(r, w.start, cal, tz) ? timingIn(r, w, asOf) : null)),
        };
      });
    const timings = dWeeks.map((_, wi) =>
      unitWeekTiming(byItem.map((b) => b.timings[wi] ?? null).filter((x): x is ReportTiming => x !== null)),
    );
    return { weeks: dWeeks, timings, score: disciplineScore(timings), byItem };
  };
}
