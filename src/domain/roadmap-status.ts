/**
 * Derived roadmap item status (DESIGN.md "Words"): `done` (100 %), `late`, `at_risk` (behind
 * linear progress, no report this week, or never reported), `on_track`. Computed from the live records on every
 * read, never stored. Pure: `now` and the start of the week are parameters.
 */
import type { RoadmapStatus } from './types.ts';

/** The dates of a roadmap item the status depends on. */
export interface RoadmapTiming {
  startAt: Date;
  due: Date;
}

/** One weekly progress report: the percent done and when it was reported. */
export interface ProgressReport {
  percent: number;
  at: Date;
}

/**
 * The percent an item should have reached at `now` if work went linearly from `startAt` to `due`,
 * clamped to 0–100 and not rounded. Why: "behind linear progress" is the working group's test for
 * an item at risk, and summaries show the expected figure next to the reported one.
 */
export function expectedPercent(item: RoadmapTiming, now: Date): number {
  const start = item.startAt.getTime();
  const due = item.due.getTime();
  const t = now.getTime();
  if (due <= start) return t >= due ? 100 : 0;
  const share = ((t - start) / (due - start)) * 100;
  return Math.min(100, Math.max(0, share));
}

/**
 * The most recent report made at or before `now` (ties: the later one in the array), or
 * `undefined`. Reports after `now` are ignored so that a status "as of last week" can be computed
 * from today's records for the week-on-week change.
 */
export function latestReport<R extends ProgressReport>(reports: readonly R[], now: Date): R | undefined {
  let latest: R | undefined;
  for (const r of reports) {
    if (r.at.getTime() > now.getTime()) continue;
    if (!latest || r.at.getTime() >= latest.at.getTime()) latest = r;
  }
  return latest;
}

/** Why an item is at risk: never reported, no report this week, or behind linear progress. */
export type RoadmapRiskReason = 'no_report' | 'not_this_week' | 'behind';

/** A derived status and, for `at_risk`, why. */
export interface RoadmapAssessment {
  status: RoadmapStatus;
  reason: RoadmapRiskReason | null;
}

/**
 * The derived status of a roadmap item at `now`, checked in this order:
 *
 * 1. `done` — the latest report says 100 %;
 * 2. `late` — `due` has passed (strictly before `now`) and it is not done;
 * 3. `at_risk` — with its reason: never reported (`no_report`: an item nobody reported on is
 *    not "on track", however new), the latest reported percent below {@link expectedPercent}
 *    (`behind`; expected progress runs linearly from `startAt`, which may be in the past for a
 *    programme already running), or no report at or after `weekStart` (`not_this_week`);
 * 4. `on_track` — otherwise.
 *
 * @param weekStart the start of the current reporting week (local Monday 00:00, computed by the
 *   caller in the group's time zone).
 */
export function assessRoadmap(
  item: RoadmapTiming,
  reports: readonly ProgressReport[],
  now: Date,
  weekStart: Date,
): RoadmapAssessment {
  const latest = latestReport(reports, now);
  if (latest && latest.percent >= 100) return { status: 'done', reason: null };
  if (item.due.getTime() < now.getTime()) return { status: 'late', reason: null };
  if (!latest) return { status: 'at_risk', reason: 'no_report' };
  if (trails(item, latest.percent, now)) return { status: 'at_risk', reason: 'behind' };
  if (latest.at.getTime() < weekStart.getTime()) return { status: 'at_risk', reason: 'not_this_week' };
  return { status: 'on_track', reason: null };
}

/** {@link assessRoadmap}'s status alone. */
export function roadmapStatus(
  item: RoadmapTiming,
  reports: readonly ProgressReport[],
  now: Date,
  weekStart: Date,
): RoadmapStatus {
  return assessRoadmap(item, reports, now, weekStart).status;
}

/**
 * `percent < expectedPercent(item, now)`, compared in integer milliseconds so that a report of
 * exactly the expected share is on track (no floating-point noise at the boundary).
 */
function trails(item: RoadmapTiming, percent: number, now: Date): boolean {
  const start = item.startAt.getTime();
  const due = item.due.getTime();
  if (due <= start) return percent < expectedPercent(item, now);
  const elapsed = Math.min(Math.max(now.getTime() - start, 0), due - start);
  return percent * (due - start) < elapsed * 100;
}
