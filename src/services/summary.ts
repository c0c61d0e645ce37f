import { assertCan } from '../domain/permissions.ts';
import { buildSummary, type Period, type SummaryData } from '../domain/summary-model.ts';
import type { Block, Blocker } from '../domain/types.ts';
import {
  addWeeks,
  monitoringPeriod,
  monitoringPeriodOf,
  previousPeriod,
  weekStartOf,
} from '../domain/vocabulary.ts';
import { localDate } from '../domain/working-days.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import type { Db } from '../store/db.ts';
import { extensionsRepo } from '../store/extensions-repo.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { roadmapRepo } from '../store/roadmap-repo.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { type Actor, permActor, type ServiceDeps } from './deps.ts';

export type { BlockLine, Counts, Period, SummaryData, UnitLine } from '../domain/summary-model.ts';

/**
 * The blockers every summary, report and chart counts: the one place to leave records out of the
 * counts (a voided entry, say). Everything in this service reads blockers through it.
 */
export async function countedBlockers(db: Db): Promise<Blocker[]> {
  return blockersRepo.all(db);
}

/** Every number of the weekly summary and the monthly monitoring report, from the live records. */
export function summaryService(deps: ServiceDeps) {
  const db = () => deps.database.db;
  const tz = () => deps.config.TZ_DEFAULT;

  async function load(
    period: Period,
    key: string,
    span: { from: Date; to: Date },
    previousSpan: { from: Date; to: Date },
    block: Block | null,
  ): Promise<SummaryData> {
    const [units, blockers, items, reports, extensions] = await Promise.all([
      unitsRepo.all(db()),
      countedBlockers(db()),
      roadmapRepo.all(db()),
      roadmapRepo.reportsByItem(db()),
      extensionsRepo.all(db()),
    ]);
    const owners = [...blockers.map((b) => b.ownerPersonId), ...items.map((i) => i.ownerPersonId)];
    const persons = await personsRepo.byIds(db(), [
      ...new Set(owners.filter((id): id is number => id !== null)),
    ]);
    return buildSummary({
      period,
      key,
      span,
      previousSpan,
      now: deps.clock.now(),
      tz: tz(),
      block,
      units,
      blockers,
      items,
      reports,
      extensions,
      persons,
    });
  }

  return {
    /**
     * The running week (Monday 00:00 local to the next Monday) or the running monitoring period
     * (15th to 14th, see `monitoringPeriod`), as of now.
     */
    async compute(actor: Actor | null, period: Period, block: Block | null = null): Promise<SummaryData> {
      if (actor) assertCan(permActor(actor), 'summary.post');
      const now = deps.clock.now();
      if (period === 'month') {
        const p = monitoringPeriod(now, tz());
        return load('month', p.key, p, previousPeriod(p, tz()), block);
      }
      const from = weekStartOf(now, tz());
      const span = { from, to: addWeeks(from, 1, tz()) };
      return load('week', localDate(from, tz()), span, { from: addWeeks(from, -1, tz()), to: from }, block);
    },

    /** The monitoring period `YYYY-MM` (ending on the 14th of that month), as of its end or now. */
    async month(year: number, month: number, block: Block | null = null): Promise<SummaryData> {
      const p = monitoringPeriodOf(year, month, tz());
      return load('month', p.key, p, previousPeriod(p, tz()), block);
    },
  };
}

export type SummaryService = ReturnType<typeof summaryService>;
