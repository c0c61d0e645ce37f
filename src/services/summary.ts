import { assertCan, permActor } from '../domain/permissions.ts';
import { type BlockerFacts, type SummaryWindows, summaryWindows } from '../domain/summary-facts.ts';
import { buildSummary, type Period, type SummaryData } from '../domain/summary-model.ts';
import { reportsNeeded } from '../domain/summary-scope.ts';
import type { Block, Extension, Person, RoadmapItem } from '../domain/types.ts';
import {
  addWeeks,
  monitoringPeriod,
  monitoringPeriodOf,
  previousPeriod,
  type Span,
  weekStartOf,
} from '../domain/vocabulary.ts';
import { localDate } from '../domain/working-days.ts';
import type { Db } from '../store/db.ts';
import { extensionsRepo } from '../store/extensions-repo.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { roadmapRepo } from '../store/roadmap-repo.ts';
import { summaryRepo } from '../store/summary-repo.ts';
import { unitsRepo } from '../store/units-repo.ts';
import type { CalendarService } from './calendar.ts';
import { type Actor, Service, type ServiceDeps } from './deps.ts';

export type { BlockLine, Counts, Period, SummaryData, UnitLine } from '../domain/summary-model.ts';

/** How many overdue lines a summary carries unless it is the monthly report (which lists them all). */
export const OVERDUE_LINES = 5;

export interface SummaryOptions {
  /**
   * `all`: every overdue blocker (the monthly report's list); `top`: the {@link OVERDUE_LINES}
   * most overdue; `none`: no list (the web view shows counts only), so it is not even asked for.
   */
  overdue?: 'all' | 'top' | 'none';
  /**
   * `false`: the counts and the roadmap only, no blocker list at all (overdue, resolved, due soon,
   * still open): the web view shows none of them, and still open alone is thousands of rows.
   */
  lists?: boolean;
}

/** Which summary: the period, its key and span, the one before, and how many overdue lines. */
interface Frame {
  period: Period;
  key: string;
  span: Span;
  previousSpan: Span;
  opts: SummaryOptions;
}

/**
 * `make`, asked once per distinct `asOf`: what depends on that instant alone (still open, the
 * chart's weeks) is shared by the running week and month.
 */
function perInstant<T>(make: (w: SummaryWindows) => Promise<T>): (w: SummaryWindows) => Promise<T> {
  const asked = new Map<number, Promise<T>>();
  return (w) => {
    const key = w.asOf.getTime();
    if (!asked.has(key)) asked.set(key, make(w));
    return asked.get(key) as Promise<T>;
  };
}

const idsOf = (xs: readonly (number | null)[]) => [...new Set(xs.filter((id): id is number => id !== null))];

/**
 * The people the summaries name: the roadmap items' owners, asked as soon as the items are in
 * (not after every other query), then any listed blocker's owner not among them.
 */
async function ownersOf(
  db: Db,
  items: Promise<RoadmapItem[]>,
  facts: Promise<BlockerFacts[]>,
): Promise<Map<number, Person>> {
  const first = items.then((xs) => personsRepo.byIds(db, idsOf(xs.map((i) => i.ownerPersonId))));
  const [known, all] = await Promise.all([first, facts]);
  const listed = all.flatMap((f) => [...f.overdue, ...f.resolved]).map((b) => b.ownerPersonId);
  const missing = idsOf(listed).filter((id) => !known.has(id));
  if (missing.length > 0) for (const [id, p] of await personsRepo.byIds(db, missing)) known.set(id, p);
  return known;
}

/** The blockers that extensions name (their titles and units are looked up). */
const blockerTargets = (xs: readonly Extension[]) =>
  xs.filter((x) => x.targetType === 'blocker').map((x) => x.targetId);

const earliest = (ds: readonly Date[]) => new Date(Math.min(...ds.map((d) => d.getTime())));

/**
 * Every number of the weekly summary and the monthly monitoring report, from the live records.
 * PostgreSQL adds the blockers up (`summaryRepo.blockerFacts`, void ones left out); only the
 * short lists the summary prints, the units and the roadmap come to JavaScript.
 */
export class SummaryService extends Service {
  constructor(
    deps: ServiceDeps,
    private readonly calendar: CalendarService,
  ) {
    super(deps);
  }

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
    const [data] = await this.build([this.running(period, opts)], block);
    return data as SummaryData;
  }

  /**
   * The running week's and monitoring period's summaries at once (the web view), both with
   * `opts`: the units, roadmap items and reports, extensions and people are loaded once for both.
   */
  async weekAndMonth(block: Block | null, opts: SummaryOptions = {}): Promise<[SummaryData, SummaryData]> {
    const [week, month] = await this.build([this.running('week', opts), this.running('month', opts)], block);
    return [week as SummaryData, month as SummaryData];
  }

  /** The monitoring period `YYYY-MM` (ending on the 14th of that month), as of its end or now. */
  async month(year: number, month: number, block: Block | null = null): Promise<SummaryData> {
    const p = monitoringPeriodOf(year, month, this.tz);
    const frame: Frame = {
      period: 'month',
      key: p.key,
      span: p,
      previousSpan: previousPeriod(p, this.tz),
      opts: { overdue: 'all' },
    };
    const [data] = await this.build([frame], block);
    return data as SummaryData;
  }

  /** The running week or monitoring period as of now. */
  private running(period: Period, opts: SummaryOptions): Frame {
    const now = this.deps.clock.now();
    const tz = this.tz;
    if (period === 'month') {
      const p = monitoringPeriod(now, tz);
      return { period, key: p.key, span: p, previousSpan: previousPeriod(p, tz), opts };
    }
    const from = weekStartOf(now, tz);
    return {
      period,
      key: localDate(from, tz),
      span: { from, to: addWeeks(from, 1, tz) },
      previousSpan: { from: addWeeks(from, -1, tz), to: from },
      opts,
    };
  }

  /**
   * The summaries of `frames`: each one's blocker facts from PostgreSQL, the records they share
   * (units, roadmap items, the reports every frame reads, extensions touched since the earliest
   * previous span, people) loaded once. Extra reports or extensions change no summary: each
   * frame's rules pick theirs (test/perf/roadmap-reports.test.ts).
   */
  private async build(frames: readonly Frame[], block: Block | null): Promise<SummaryData[]> {
    const { db, tz } = this;
    const now = this.deps.clock.now();
    const windows = frames.map((f) => summaryWindows(f.span, f.previousSpan, now, tz));
    const needs = frames.map((f, i) =>
      reportsNeeded({ period: f.period, windows: windows[i] as SummaryWindows, tz }),
    );
    const touched = extensionsRepo.touchedSince(db, earliest(frames.map((f) => f.previousSpan.from)));
    const stillOpen = perInstant((w) => summaryRepo.stillOpen(db, { windows: w, block }));
    const listed = (f: Frame) => f.opts.lists !== false;
    const chart = perInstant((w) => summaryRepo.chartScan(db, { windows: w, block }));
    const limitOf = (f: Frame) =>
      ({ all: null, top: OVERDUE_LINES, none: 0 })[f.opts.overdue ?? (f.period === 'month' ? 'all' : 'top')];
    const itemsNow = roadmapRepo.all(db);
    // Every frame's counts in one scan of the blockers.
    const counts = summaryRepo.countsScan(db, windows, block);
    counts.catch(() => {}); // its failure is the facts' (awaited below), not an unhandled one meanwhile
    // The blocker facts start at once; only their extensions' targets wait for the extensions.
    const targetIds = touched.then(blockerTargets);
    const factsNow = Promise.all(
      windows.map((w, i) =>
        summaryRepo.blockerFacts(
          db,
          {
            windows: w,
            tz,
            block,
            overdueLimit: limitOf(frames[i] as Frame),
            targetIds: [],
            lists: listed(frames[i] as Frame),
          },
          { chart: chart(w), counts, index: i, targetIds },
        ),
      ),
    );
    const [units, items, reports, extensions, facts, open, persons, calendar] = await Promise.all([
      unitsRepo.all(db),
      itemsNow,
      roadmapRepo.reportsByItem(db, {
        since: earliest(needs.map((n) => n.since)),
        latestAt: needs.flatMap((n) => n.latestAt),
      }),
      touched,
      factsNow,
      Promise.all(windows.map((w, i) => (listed(frames[i] as Frame) ? stillOpen(w) : []))),
      ownersOf(db, itemsNow, factsNow),
      this.calendar.get(),
    ]);
    return frames.map((f, i) =>
      buildSummary({
        period: f.period,
        key: f.key,
        windows: windows[i] as SummaryWindows,
        tz,
        block,
        units,
        facts: facts[i] as BlockerFacts,
        items,
        reports,
        extensions,
        persons,
        open: open[i] ?? [],
        calendar,
      }),
    );
  }
}

export const summaryService = (deps: ServiceDeps, calendar: CalendarService) =>
  new SummaryService(deps, calendar);
