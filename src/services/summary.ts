import { assertCan, permActor } from '../domain/permissions.ts';
import { summaryWindows } from '../domain/summary-facts.ts';
import { buildSummary, type Period, type SummaryData } from '../domain/summary-model.ts';
import { reportsNeeded } from '../domain/summary-scope.ts';
import type { Block } from '../domain/types.ts';
import {
  addWeeks,
  monitoringPeriod,
  monitoringPeriodOf,
  previousPeriod,
  type Span,
  weekStartOf,
} from '../domain/vocabulary.ts';
import { localDate } from '../domain/working-days.ts';
import { extensionsRepo } from '../store/extensions-repo.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { roadmapRepo } from '../store/roadmap-repo.ts';
import { summaryRepo } from '../store/summary-repo.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { type Actor, Service, type ServiceDeps } from './deps.ts';

export type { BlockLine, Counts, Period, SummaryData, UnitLine } from '../domain/summary-model.ts';

/** How many overdue lines a summary carries unless it is the monthly report (which lists them all). */
export const OVERDUE_LINES = 5;

export interface SummaryOptions {
  /** `all`: every overdue blocker (the monthly report's list); `top`: the {@link OVERDUE_LINES} most overdue. */
  overdue?: 'all' | 'top';
}

/**
 * Every number of the weekly summary and the monthly monitoring report, from the live records.
 * PostgreSQL adds the blockers up (`summaryRepo.blockerFacts`, void ones left out); only the
 * short lists the summary prints, the units and the roadmap come to JavaScript.
 */
export class SummaryService extends Service {
  private get tz() {
    return this.deps.config.TZ_DEFAULT;
  }

  /**
   * The running week (Monday 00:00 local to the next Monday) or the running monitoring period
   * (15th to 14th, see `monitoringPeriod`), as of now.
   */
  async compute(
    actor: Actor | null,
    period: Period,
    block: Block | null = null,
    opts: SummaryOptions = {},
  ): Promise<SummaryData> {
    if (actor) assertCan(permActor(actor), 'summary.post');
    const now = this.deps.clock.now();
    const tz = this.tz;
    if (period === 'month') {
      const p = monitoringPeriod(now, tz);
      return this.load('month', p.key, p, previousPeriod(p, tz), block, opts);
    }
    const from = weekStartOf(now, tz);
    const span = { from, to: addWeeks(from, 1, tz) };
    return this.load(
      'week',
      localDate(from, tz),
      span,
      { from: addWeeks(from, -1, tz), to: from },
      block,
      opts,
    );
  }

  /** The monitoring period `YYYY-MM` (ending on the 14th of that month), as of its end or now. */
  async month(year: number, month: number, block: Block | null = null): Promise<SummaryData> {
    const p = monitoringPeriodOf(year, month, this.tz);
    return this.load('month', p.key, p, previousPeriod(p, this.tz), block, { overdue: 'all' });
  }

  private async load(
    period: Period,
    key: string,
    span: Span,
    previousSpan: Span,
    block: Block | null,
    opts: SummaryOptions,
  ): Promise<SummaryData> {
    const { db, tz } = this;
    const windows = summaryWindows(span, previousSpan, this.deps.clock.now(), tz);
    const touched = extensionsRepo.touchedSince(db, previousSpan.from);
    const overdueLimit =
      (opts.overdue ?? (period === 'month' ? 'all' : 'top')) === 'all' ? null : OVERDUE_LINES;
    // The blocker facts start as soon as the extensions (whose targets they name) are in.
    const [units, items, reports, extensions, facts, open] = await Promise.all([
      unitsRepo.all(db),
      roadmapRepo.all(db),
      roadmapRepo.reportsByItem(db, reportsNeeded({ period, windows, tz })),
      touched,
      touched.then((xs) =>
        summaryRepo.blockerFacts(db, {
          windows,
          tz,
          block,
          overdueLimit,
          targetIds: xs.filter((x) => x.targetType === 'blocker').map((x) => x.targetId),
        }),
      ),
      summaryRepo.stillOpen(db, { windows, block }),
    ]);
    const listed = [...facts.overdue, ...facts.resolved];
    const owners = [...listed.map((b) => b.ownerPersonId), ...items.map((i) => i.ownerPersonId)];
    const persons = await personsRepo.byIds(db, [
      ...new Set(owners.filter((id): id is number => id !== null)),
    ]);
    return buildSummary({
      period,
      key,
      windows,
      tz,
      block,
      units,
      facts,
      items,
      reports,
      extensions,
      persons,
      open,
    });
  }
}

export const summaryService = (deps: ServiceDeps) => new SummaryService(deps);
