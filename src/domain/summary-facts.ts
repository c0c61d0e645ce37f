/**
 * What the summary needs to know about blockers, without every blocker: counts per owner unit and
 * per source, and the few short lists it prints. PostgreSQL computes them (src/store/summary-repo.ts)
 * so the summary costs the same at 20,000 blockers as at 20; {@link blockerFactsOf} computes the
 * same facts from records with the words of `vocabulary.ts`, and a test holds the two equal.
 */
import type { Block, Blocker, Source, Unit } from './types.ts';
import { SOURCES } from './types.ts';
import {
  addWeeks,
  daysOverdue,
  isClosed,
  openAt,
  openedWithin,
  overdueAt,
  resolvedWithin,
  type Span,
  weekStartOf,
} from './vocabulary.ts';

const DAY_MS = 86_400_000;

/** Blocker figures of a group: opened and resolved within a span, open and overdue at its end. */
export interface BlockerTally {
  opened: number;
  resolved: number;
  open: number;
  overdue: number;
}

export interface BlockerFacts {
  /** Per owner unit id (`null`: no owner unit): the span's figures and the previous span's. */
  byUnit: Map<number | null, { current: BlockerTally; previous: BlockerTally }>;
  bySource: Record<Source, { opened: number; resolved: number; open: number }>;
  /** Overdue at `asOf`, most days overdue first, then by id (the first `overdueLimit`, or all). */
  overdue: Blocker[];
  /** Resolved within the span, earliest first. */
  resolved: Blocker[];
  /** Not closed and due within 7 days after `asOf`, earliest first. */
  dueSoon: Blocker[];
  /** Per chart week: opened and resolved in it, open at its end (or at `asOf`). */
  weeks: { start: Date; opened: number; resolved: number; open: number }[];
  /** The extensions' target blockers (counted ones only): owner unit and title. */
  targets: Map<number, { ownerUnitId: number | null; title: string }>;
}

/** The instants of one summary: derived once, used by the query and by the model alike. */
export interface SummaryWindows {
  span: Span;
  previousSpan: Span;
  /** Now, or the last instant of a past span. */
  asOf: Date;
  prevAsOf: Date;
  /** Local Monday of `asOf`'s week. */
  weekStart: Date;
  /** The chart's 8 weeks, oldest first, each ending at its `at` (its end, or `asOf`). */
  chart: (Span & { at: Date })[];
  /** `asOf` + 7 days: the end of "due soon". */
  soon: Date;
}

export function summaryWindows(span: Span, previousSpan: Span, now: Date, tz: string): SummaryWindows {
  const asOf = now < span.to ? now : new Date(span.to.getTime() - 1);
  const weekStart = weekStartOf(asOf, tz);
  const chart: (Span & { at: Date })[] = [];
  for (let i = 7; i >= 0; i--) {
    const from = addWeeks(weekStart, -i, tz);
    const to = addWeeks(from, 1, tz);
    chart.push({ from, to, at: new Date(Math.min(to.getTime(), asOf.getTime())) });
  }
  return {
    span,
    previousSpan,
    asOf,
    prevAsOf: new Date(previousSpan.to.getTime() - 1),
    weekStart,
    chart,
    soon: new Date(asOf.getTime() + 7 * DAY_MS),
  };
}

/** Which facts: the windows, the time zone, the block in scope, how many overdue lines. */
export interface FactsQuery {
  windows: SummaryWindows;
  tz: string;
  block: Block | null;
  /** `null`: every overdue blocker (the monthly report lists them all). */
  overdueLimit: number | null;
  /** Blocker ids that extensions name. */
  targetIds: readonly number[];
  /** `false`: counts only, no resolved or due-soon list either (the web view shows none). */
  lists?: boolean;
}

export const emptyTally = (): BlockerTally => ({ opened: 0, resolved: 0, open: 0, overdue: 0 });

/**
 * The facts from the counted blockers themselves: the reference the SQL is tested against (and
 * small enough for a handful of records). In scope: by owner unit, else reporting unit.
 */
export function blockerFactsOf(all: readonly Blocker[], units: readonly Unit[], q: FactsQuery): BlockerFacts {
  const { windows: w, tz, block } = q;
  const blockOf = new Map(units.map((u) => [u.id, u.block]));
  const blockers = all.filter((b) => {
    const id = b.ownerUnitId ?? b.reportingUnitId;
    return !block || (id !== null && blockOf.get(id) === block);
  });
  const tally = (bs: Blocker[], s: Span, at: Date): BlockerTally => ({
    opened: bs.filter((b) => openedWithin(b, s)).length,
    resolved: bs.filter((b) => resolvedWithin(b, s)).length,
    open: bs.filter((b) => openAt(b, at)).length,
    overdue: bs.filter((b) => overdueAt(b, at)).length,
  });
  const byUnit: BlockerFacts['byUnit'] = new Map();
  for (const id of new Set(blockers.map((b) => b.ownerUnitId))) {
    const mine = blockers.filter((b) => b.ownerUnitId === id);
    byUnit.set(id, {
      current: tally(mine, w.span, w.asOf),
      previous: tally(mine, w.previousSpan, w.prevAsOf),
    });
  }
  const bySource = Object.fromEntries(
    SOURCES.map((src) => {
      const { opened, resolved, open } = tally(
        blockers.filter((b) => b.source === src),
        w.span,
        w.asOf,
      );
      return [src, { opened, resolved, open }];
    }),
  ) as BlockerFacts['bySource'];
  const overdue = blockers
    .filter((b) => overdueAt(b, w.asOf) && b.deadline !== null)
    .map((b) => ({ b, days: daysOverdue(b.deadline as Date, w.asOf, tz) }))
    .sort((x, y) => y.days - x.days || x.b.id - y.b.id)
    .map((x) => x.b);
  const byTime = (at: (b: Blocker) => Date | null) => (a: Blocker, b: Blocker) =>
    (at(a)?.getTime() ?? 0) - (at(b)?.getTime() ?? 0) || a.id - b.id;
  const ids = new Set(q.targetIds);
  return {
    byUnit,
    bySource,
    overdue: q.overdueLimit === null ? overdue : overdue.slice(0, q.overdueLimit),
    resolved: blockers.filter((b) => resolvedWithin(b, w.span)).sort(byTime((b) => b.resolvedAt)),
    dueSoon: blockers
      .filter((b) => !isClosed(b.status) && b.deadline && b.deadline >= w.asOf && b.deadline < w.soon)
      .sort(byTime((b) => b.deadline)),
    weeks: w.chart.map((s) => {
      const t = tally(blockers, s, s.at);
      return { start: s.from, opened: t.opened, resolved: t.resolved, open: t.open };
    }),
    targets: new Map(
      all.filter((b) => ids.has(b.id)).map((b) => [b.id, { ownerUnitId: b.ownerUnitId, title: b.title }]),
    ),
  };
}
