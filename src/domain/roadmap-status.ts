/**
 * Derived roadmap item status (DESIGN.md "Words"): `done` (100 %), `late`, `at_risk` (behind
 * linear progress or no report this week), `on_track`. Computed from the live records on every
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

/**
 * The derived status of a roadmap item at `now`, checked in this order:
 *
 * 1. `done` — the latest report says 100 %;
 * 2. `late` — `due` has passed (strictly before `now`) and it is not done;
 * 3. `at_risk` — the latest reported percent is below {@link expectedPercent}, or there is no
 *    report at or after `weekStart` (none this week). An item created this week
 *    (`startAt >= weekStart`) is not at risk only for lack of a report, and an item never reported
 *    is judged on the missing report alone (there is no reported percent to trail);
 * 4. `on_track` — otherwise.
 *
 * @param weekStart the start of the current reporting week (local Monday 00:00, computed by the
 *   caller in the group's time zone).
 */
export function roadmapStatus(
  item: RoadmapTiming,
  reports: readonly ProgressReport[],
  now: Date,
  weekStart: Date,
): RoadmapStatus {
  const latest = latestReport(reports, now);
  if (latest && latest.percent >= 100) return 'done';
  if (item.due.getTime() < now.getTime()) return 'late';
  if (latest && trails(item, latest.percent, now)) return 'at_risk';
  const createdThisWeek = item.startAt.getTime() >= weekStart.getTime();
  const reportedThisWeek = latest !== undefined && latest.at.getTime() >= weekStart.getTime();
  if (!reportedThisWeek && !createdThisWeek) return 'at_risk';
  return 'on_track';
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
