/**
 * What is still open per unit (DESIGN.md "The summary"): the counted blockers open at `asOf` and
 * not overdue, and the unfinished roadmap items not yet due, the ones coming due before the next
 * report first. Overdue ones are listed under "overdue", never twice. Pure.
 */
import type { Scope } from './summary-scope.ts';
import type {
  OpenBlocker,
  OpenLine,
  OpenUnitLine,
  Period,
  RoadmapLine,
  SummaryUnit,
} from './summary-types.ts';
import { addWeeks, monitoringPeriod, type Span } from './vocabulary.ts';

/** When the next report is made: the end of the span after this one. */
export function nextReportAt(period: Period, span: Span, tz: string): Date {
  return period === 'week' ? addWeeks(span.to, 1, tz) : monitoringPeriod(span.to, tz).to;
}

/** `localeCompare(…, 'en', { numeric: true })`, made once (a collator per comparison is slow). */
const labelOrder = new Intl.Collator('en', { numeric: true }).compare;

const byDue = (a: OpenLine, b: OpenLine) =>
  (a.due?.getTime() ?? Number.POSITIVE_INFINITY) - (b.due?.getTime() ?? Number.POSITIVE_INFINITY) ||
  labelOrder(a.label, b.label);

/** Per unit (in the scope's order, no owner unit last): its open items, earliest deadline first. */
export function stillOpenLines(
  sc: Scope,
  open: readonly OpenBlocker[],
  roadmap: readonly RoadmapLine[],
  next: Date,
): OpenUnitLine[] {
  const { asOf } = sc.input.windows;
  const lines = new Map<number | null, OpenLine[]>();
  const add = (unitId: number | null, label: string, title: string, due: Date | null) => {
    const list = lines.get(unitId) ?? [];
    list.push({ label, title, due, beforeNext: due !== null && due < next });
    lines.set(unitId, list);
  };
  for (const b of open) add(b.ownerUnitId, `B-${b.id}`, b.title, b.deadline);
  for (const l of roadmap)
    if (l.status !== 'done' && l.item.due >= asOf) add(l.unit.id, `R-${l.item.id}`, l.item.title, l.item.due);
  const units: (SummaryUnit | null)[] = [...sc.units, null];
  return units
    .filter((u) => lines.has(u?.id ?? null))
    .map((u) => ({ unit: u, items: (lines.get(u?.id ?? null) ?? []).sort(byDue) }));
}
