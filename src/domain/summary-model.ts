/**
 * The one summary model: every number of the weekly summary, the monthly monitoring report and the
 * web view, computed from the live records with the words of `vocabulary.ts`. Pure: the records,
 * the clock and the time zone come in; the service only loads them.
 */

import { nextReportAt, stillOpenLines } from './summary-open.ts';
import {
  type CountFor,
  counter,
  disciplineFor,
  groupBy,
  inSpan,
  roadmapAt,
  type Scope,
  scopeOf,
  sumCounts,
} from './summary-scope.ts';
import type {
  BlockerLine,
  BlockLine,
  DueLine,
  ExtensionLine,
  RoadmapLine,
  SummaryData,
  SummaryInput,
  SummaryUnit,
} from './summary-types.ts';
import type { Blocker, Extension } from './types.ts';
import { BLOCKS } from './types.ts';
import { daysOverdue, daysSlipped, owesReport } from './vocabulary.ts';

export type {
  BlockerLine,
  BlockLine,
  Counts,
  Discipline,
  DueLine,
  ExtensionLine,
  OpenLine,
  OpenUnitLine,
  Period,
  RiskReason,
  RoadmapLine,
  SummaryData,
  SummaryInput,
  SummaryUnit,
  UnitLine,
} from './summary-types.ts';

/** Each block of the scope with its units: counts now and in the previous span, and discipline. */
function blockLines(sc: Scope, countFor: CountFor): BlockLine[] {
  const { block } = sc.input;
  const itemsOf = groupBy(sc.items, (i) => i.unitId);
  const disciplineOf = disciplineFor(sc, itemsOf);
  return BLOCKS.filter((b) => !block || b === block).map((bk): BlockLine => {
    const units = sc.units
      .filter((u) => u.block === bk)
      .map((u) => {
        const one = new Set([u.id]);
        return {
          unit: u,
          counts: countFor('current', one),
          previous: countFor('previous', one),
          hasRoadmap: itemsOf.has(u.id),
          discipline: disciplineOf(u.id),
        };
      });
    // A block's counts are its units' added up, not counted again.
    return {
      block: bk,
      counts: sumCounts(units.map((l) => l.counts)),
      previous: sumCounts(units.map((l) => l.previous)),
      units,
    };
  });
}

function blockerLine(sc: Scope, b: Blocker, days: number): BlockerLine {
  return {
    blocker: b,
    unit: sc.unitOf(b.ownerUnitId),
    owner: b.ownerPersonId === null ? null : (sc.input.persons.get(b.ownerPersonId) ?? null),
    days,
  };
}

/** The extensions requested or decided within the span, by id. */
function extendedLines(sc: Scope): ExtensionLine[] {
  const { facts, tz, windows } = sc.input;
  const { span } = windows;
  const labelOf = (x: Extension) => `${x.targetType === 'blocker' ? 'B' : 'R'}-${x.targetId}`;
  return sc.extensions
    .filter((x) => inSpan(x.createdAt, span) || inSpan(x.decidedAt, span))
    .sort((a, b) => a.id - b.id)
    .map((x) => ({
      extension: x,
      label: labelOf(x),
      title:
        (x.targetType === 'blocker'
          ? facts.targets.get(x.targetId)?.title
          : sc.itemById.get(x.targetId)?.title) ?? '',
      unit: sc.unitOf(sc.extUnit(x)),
      days: x.oldDate ? daysSlipped(x.oldDate, x.newDate, tz) : 0,
    }));
}

/** Open blockers and unfinished roadmap items due within the week after `asOf`, earliest first. */
function dueSoonLines(sc: Scope, roadmap: RoadmapLine[]): DueLine[] {
  const { asOf, soon } = sc.input.windows;
  return [
    ...sc.input.facts.dueSoon.map((b) => ({
      label: `B-${b.id}`,
      title: b.title,
      unit: sc.unitOf(b.ownerUnitId),
      due: b.deadline as Date,
    })),
    ...roadmap
      .filter((l) => l.status !== 'done' && l.item.due >= asOf && l.item.due < soon)
      .map((l) => ({ label: `R-${l.item.id}`, title: l.item.title, unit: l.unit, due: l.item.due })),
  ].sort((a, b) => a.due.getTime() - b.due.getTime());
}

/** Units with an unfinished item that owes a report for `asOf`'s week and has none yet. */
function notReportedUnits(sc: Scope, roadmap: RoadmapLine[]): SummaryUnit[] {
  const { reports, windows, calendar, tz } = sc.input;
  const { weekStart, asOf } = windows;
  const ids = new Set(
    roadmap
      .filter((l) => {
        const rs = reports.get(l.item.id) ?? [];
        return (
          l.status !== 'done' &&
          owesReport({ startAt: l.item.startAt, reports: rs }, weekStart, calendar, tz) &&
          !rs.some((r) => r.at >= weekStart && r.at <= asOf)
        );
      })
      .map((l) => l.unit.id),
  );
  return sc.units.filter((u) => ids.has(u.id));
}

/** Computes the summary of `input.span` as of `min(now, span end)`. */
export function buildSummary(input: SummaryInput): SummaryData {
  const { windows, facts, tz, block } = input;
  const { span, previousSpan, asOf } = windows;
  const sc = scopeOf(input);
  const roadmap = roadmapAt(sc, asOf);
  const countFor = counter(sc, { current: roadmap, previous: roadmapAt(sc, windows.prevAsOf) });
  const totals = countFor('current', null);
  const overdue = facts.overdue.map((b) => blockerLine(sc, b, daysOverdue(b.deadline as Date, asOf, tz)));
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
    blocks: blockLines(sc, countFor),
    bySource: facts.bySource,
    extensions: {
      requested: totals.extRequested,
      approved: totals.extApproved,
      rejected: totals.extRefused,
      pending: sc.extensions.filter((x) => x.status === 'pending' && x.createdAt <= asOf).length,
      slippedDays: totals.slippedDays,
    },
    notReported: notReportedUnits(sc, roadmap),
    onAlert: sc.units.filter((u) => u.onAlert),
    overdue,
    mostOverdue: overdue.slice(0, 5),
    resolved: facts.resolved.map((b) => blockerLine(sc, b, 0)),
    extended: extendedLines(sc),
    roadmap,
    atRisk: roadmap.filter((l) => l.status === 'at_risk'),
    dueSoon: dueSoonLines(sc, roadmap),
    weeks: facts.weeks,
    stillOpen: stillOpenLines(sc, input.open ?? [], roadmap, nextReportAt(input.period, span, tz)),
  };
}
