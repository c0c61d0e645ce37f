/** The shapes of the one summary model (see `summary-model.ts`). */

import type { UnitRecord } from './records.ts';
import type { BlockerFacts, SummaryWindows } from './summary-facts.ts';
import type {
  Block,
  Blocker,
  Extension,
  Person,
  RoadmapItem,
  RoadmapReport,
  RoadmapStatus,
  Source,
} from './types.ts';
import type { ReportTiming, Span } from './vocabulary.ts';
import type { WorkingDays } from './working-days.ts';

/** A unit as the summary names it (the record: its Vietnamese name too). */
export type SummaryUnit = UnitRecord;
export type Period = 'week' | 'month';

export interface Counts {
  roadmap: Record<RoadmapStatus, number>;
  opened: number;
  resolved: number;
  /** Open / overdue at the end of the span (or now, for the running one). */
  open: number;
  overdue: number;
  extRequested: number;
  extApproved: number;
  extRefused: number;
  /** Calendar days the approved extensions moved deadlines. */
  slippedDays: number;
}

export interface Discipline {
  /** Week starts (local Mondays) the figures are for, oldest first. */
  weeks: Date[];
  /** One entry per week: how the unit reported, or null when it owed no report. */
  timings: (ReportTiming | null)[];
  score: number | null;
  /** The same weeks per roadmap item of the unit. */
  byItem: { item: RoadmapItem; timings: (ReportTiming | null)[] }[];
}

export interface UnitLine {
  unit: SummaryUnit;
  counts: Counts;
  previous: Counts;
  hasRoadmap: boolean;
  discipline: Discipline;
}

export interface BlockLine {
  block: Block;
  counts: Counts;
  previous: Counts;
  /** Every unit of the block, by code. */
  units: UnitLine[];
}

export interface BlockerLine {
  blocker: Blocker;
  unit: SummaryUnit | null;
  owner: Person | null;
  days: number;
}

export interface ExtensionLine {
  extension: Extension;
  /** `B-3` / `R-2`. */
  label: string;
  title: string;
  unit: SummaryUnit | null;
  days: number;
}

export type RiskReason =
  | { kind: 'behind'; points: number; expected: number; reported: number }
  | { kind: 'no_report' };

export interface RoadmapLine {
  item: RoadmapItem;
  unit: SummaryUnit;
  status: RoadmapStatus;
  latest: RoadmapReport | null;
  owner: Person | null;
  /** Why an `at_risk` item is at risk. */
  reason: RiskReason | null;
}

export interface DueLine {
  label: string;
  title: string;
  unit: SummaryUnit | null;
  due: Date;
}

/** One item still open at `asOf` and not overdue (a blocker or an unfinished roadmap item). */
export interface OpenLine {
  /** `B-3` / `R-2`. */
  label: string;
  title: string;
  due: Date | null;
  /** Due before the next report (the end of the next span): listed first. */
  beforeNext: boolean;
}

/** What a unit still has open, the ones due before the next report first, then by deadline. */
export interface OpenUnitLine {
  unit: SummaryUnit | null;
  items: OpenLine[];
}

export interface SummaryData {
  period: Period;
  /** `YYYY-MM` of a monitoring period; the local Monday `YYYY-MM-DD` of a week. */
  key: string;
  from: Date;
  /** Exclusive end of the span. */
  to: Date;
  /** The moment the figures are for: now, or the end of a past span. */
  asOf: Date;
  previousSpan: Span;
  block: Block | null;
  totals: Counts;
  previous: Counts;
  blocks: BlockLine[];
  bySource: Record<Source, { opened: number; resolved: number; open: number }>;
  extensions: { requested: number; approved: number; rejected: number; pending: number; slippedDays: number };
  /** Units owing a report for the current week of `asOf` that have none yet. */
  notReported: SummaryUnit[];
  onAlert: SummaryUnit[];
  /** Every overdue blocker at `asOf`, most overdue first. */
  overdue: BlockerLine[];
  mostOverdue: BlockerLine[];
  resolved: BlockerLine[];
  extended: ExtensionLine[];
  roadmap: RoadmapLine[];
  atRisk: RoadmapLine[];
  /** Open blockers and roadmap items due within 7 days after `asOf`. */
  dueSoon: DueLine[];
  /** Open vs resolved per week for the chart, oldest first. */
  weeks: { start: Date; opened: number; resolved: number; open: number }[];
  /** What is still open per unit and not overdue (overdue ones are in `overdue`). */
  stillOpen: OpenUnitLine[];
}

/** What the still-open lines show of a blocker. */
export type OpenBlocker = Pick<Blocker, 'id' | 'title' | 'deadline' | 'ownerUnitId'>;

export interface SummaryInput {
  period: Period;
  key: string;
  /** The span, the previous one and the instants derived from them (`summaryWindows`). */
  windows: SummaryWindows;
  tz: string;
  block: Block | null;
  units: SummaryUnit[];
  /** What the counted blockers (not voided) add up to, in `block`'s scope. */
  facts: BlockerFacts;
  items: RoadmapItem[];
  reports: Map<number, RoadmapReport[]>;
  extensions: Extension[];
  persons: Map<number, Person>;
  /** Counted blockers open at `asOf` and not overdue, earliest deadline first (no deadline last). */
  open?: OpenBlocker[];
  /** How many weeks of reporting discipline the weekly summary shows. */
  disciplineWeeks?: number;
  /** The working calendar the on-time rule of weekly reports follows (without it: Friday 12:00). */
  calendar?: WorkingDays;
}
