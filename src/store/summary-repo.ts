/**
 * The summary's blocker facts computed by PostgreSQL (the twin of `blockerFactsOf` in
 * src/domain/summary-facts.ts, held equal by test/perf/summary-facts.test.ts): one grouped scan
 * for the counts, one for the chart, and short indexed lists. Nothing here loads every blocker.
 */
import { asc, type SQL, sql } from 'drizzle-orm';
import type { BlockerFacts, BlockerTally, FactsQuery, SummaryWindows } from '../domain/summary-facts.ts';
import type { OpenBlocker } from '../domain/summary-types.ts';
import { SOURCES, type Source } from '../domain/types.ts';
import type { Span } from '../domain/vocabulary.ts';
import { localDate } from '../domain/working-days.ts';
import { CLOSED, countedBlocker, inBlockScope, privateCall, resolvedWithinSql, ts } from './blockers-repo.ts';
import { type Db, sqlRows } from './db.ts';
import { toBlocker } from './rows.ts';
import { blockers } from './schema.ts';

/** `openAt` (vocabulary.ts): created by `t`, not resolved by `t`; closed without a time is closed. */
export const openAtSql = (t: Date): SQL =>
  sql`(${blockers.createdAt} <= ${ts(t)} and case when ${blockers.resolvedAt} is not null
    then ${blockers.resolvedAt} > ${ts(t)} else ${blockers.status} not in ${CLOSED} end)`;
/** `overdueAt`: open at `t` with a deadline strictly before it. */
export const overdueAtSql = (t: Date): SQL => sql`(${openAtSql(t)} and ${blockers.deadline} < ${ts(t)})`;
/** `openedWithin`. */
export const openedWithinSql = (s: Span): SQL =>
  sql`(${blockers.createdAt} >= ${ts(s.from)} and ${blockers.createdAt} < ${ts(s.to)})`;

/** Counted, and in the block's units (by owner unit, else reporting unit). */
function scope(block: string | null): SQL {
  return block ? sql`${countedBlocker} and ${inBlockScope(block)}` : countedBlocker;
}

const tallySql = (prefix: string, s: Span, at: Date) => sql`
  count(*) filter (where ${openedWithinSql(s)})::int as ${sql.raw(`${prefix}_opened`)},
  count(*) filter (where ${resolvedWithinSql(s)})::int as ${sql.raw(`${prefix}_resolved`)},
  count(*) filter (where ${openAtSql(at)})::int as ${sql.raw(`${prefix}_open`)},
  count(*) filter (where ${overdueAtSql(at)})::int as ${sql.raw(`${prefix}_overdue`)}`;

type Row = Record<string, unknown>;
const tallyOf = (r: Row, prefix: string): BlockerTally => ({
  opened: Number(r[`${prefix}_opened`] ?? 0),
  resolved: Number(r[`${prefix}_resolved`] ?? 0),
  open: Number(r[`${prefix}_open`] ?? 0),
  overdue: Number(r[`${prefix}_overdue`] ?? 0),
});

/** The SQL of the facts, for `EXPLAIN` in the tests as well as for the repo. */
export const summarySql = {
  /**
   * The counts of every window of `all` (the week's and the month's, say) in one grouped scan:
   * `c0_…`/`p0_…` for the first one's span and previous span, `c1_…` for the second, …
   */
  counts: (all: readonly SummaryWindows[], block: string | null) => {
    const tallies = all.flatMap((w, i) => [
      tallySql(`c${i}`, w.span, w.asOf),
      tallySql(`p${i}`, w.previousSpan, w.prevAsOf),
    ]);
    return sql`select ${blockers.ownerUnitId} as unit_id, ${blockers.source} as source,
        grouping(${blockers.ownerUnitId})::int as by_source, ${sql.join(tallies, sql`, `)}
      from ${blockers} where ${scope(block)}
      group by grouping sets ((${blockers.ownerUnitId}), (${blockers.source}))`;
  },
  /** The chart's weeks in one scan: per week opened and resolved in it, open at its end. */
  chart: (q: Pick<FactsQuery, 'windows' | 'block'>) =>
    sql`select ${sql.join(
      q.windows.chart.map(
        (w, i) => sql`count(*) filter (where ${openedWithinSql(w)})::int as ${sql.raw(`opened_${i}`)},
          count(*) filter (where ${resolvedWithinSql(w)})::int as ${sql.raw(`resolved_${i}`)},
          count(*) filter (where ${openAtSql(w.at)})::int as ${sql.raw(`open_${i}`)}`,
      ),
      sql`, `,
    )} from ${blockers} where ${scope(q.block)}`,
  /** Calendar days overdue at `asOf` in the time zone, as `daysOverdue` counts them (at least 1). */
  daysOverdue: (q: FactsQuery) =>
    sql`greatest(1, ${localDate(q.windows.asOf, q.tz)}::date - (${blockers.deadline} at time zone ${q.tz})::date)`,
};

/** The short lists of the facts as queries (awaitable; `EXPLAIN`-able in the tests). */
export function summaryLists(db: Db, q: FactsQuery) {
  const w = q.windows;
  const list = (where: SQL, ...order: SQL[]) =>
    db
      .select()
      .from(blockers)
      .where(sql`${scope(q.block)} and ${where}`)
      .orderBy(...order);
  const overdue = list(overdueAtSql(w.asOf), sql`${summarySql.daysOverdue(q)} desc`, asc(blockers.id));
  return {
    overdue: q.overdueLimit === null ? overdue : overdue.limit(q.overdueLimit),
    resolved: list(resolvedWithinSql(w.span), asc(blockers.resolvedAt), asc(blockers.id)),
    dueSoon: list(
      sql`${blockers.status} not in ${CLOSED} and ${blockers.deadline} >= ${ts(w.asOf)} and ${blockers.deadline} < ${ts(w.soon)}`,
      asc(blockers.deadline),
      asc(blockers.id),
    ),
  };
}

export const summaryRepo = {
  /**
   * The chart's weeks of `q` in one scan (its rows, for `blockerFacts`). A real promise
   * ({@link sqlRows}): drizzle's query runs again on every `then`, and this one is shared by the
   * summaries of one instant.
   */
  chartScan(db: Db, q: Pick<FactsQuery, 'windows' | 'block'>): Promise<Row[]> {
    return sqlRows<Row>(db, summarySql.chart(q));
  },
  /**
   * Counted blockers in scope open at `asOf` and not overdue, earliest deadline first (none last);
   * untriaged hotline calls are counted, never listed.
   */
  async stillOpen(db: Db, q: Pick<FactsQuery, 'windows' | 'block'>): Promise<OpenBlocker[]> {
    const at = q.windows.asOf;
    return db
      .select({
        id: blockers.id,
        title: blockers.title,
        deadline: blockers.deadline,
        ownerUnitId: blockers.ownerUnitId,
      })
      .from(blockers)
      .where(
        sql`${scope(q.block)} and ${openAtSql(at)} and not ${privateCall}
          and (${blockers.deadline} is null or ${blockers.deadline} >= ${ts(at)})`,
      )
      .orderBy(sql`${blockers.deadline} asc nulls last`, asc(blockers.id));
  },
  /** The counts of every window of `all` in one scan (the rows, for `blockerFacts`; shared, as the chart's). */
  countsScan(db: Db, all: readonly SummaryWindows[], block: string | null): Promise<Row[]> {
    return sqlRows<Row>(db, summarySql.counts(all, block));
  },
  /**
   * The facts of `q`. `shared`: scans already asked for with other summaries of the same block
   * (the chart's as of the same instant; the counts with this summary's windows at `index`), so
   * that they are not run twice; `targetIds`: the extensions' target ids still being loaded, in
   * place of `q.targetIds`, so that the rest does not wait for them.
   */
  async blockerFacts(
    db: Db,
    q: FactsQuery,
    shared: {
      chart?: Promise<Row[]>;
      counts?: Promise<Row[]>;
      index?: number;
      targetIds?: Promise<readonly number[]>;
    } = {},
  ): Promise<BlockerFacts> {
    const lists = summaryLists(db, q);
    const at = shared.counts ? (shared.index ?? 0) : 0;
    const [counts, chartRows, overdue, resolved, dueSoon, targets] = await Promise.all([
      shared.counts ?? summaryRepo.countsScan(db, [q.windows], q.block),
      shared.chart ?? summaryRepo.chartScan(db, q),
      q.overdueLimit === 0 || q.lists === false ? [] : lists.overdue,
      q.lists === false ? [] : lists.resolved,
      q.lists === false ? [] : lists.dueSoon,
      (shared.targetIds ?? Promise.resolve(q.targetIds)).then((ids) =>
        ids.length === 0
          ? []
          : db
              .select({ id: blockers.id, ownerUnitId: blockers.ownerUnitId, title: blockers.title })
              .from(blockers)
              .where(sql`${countedBlocker} and ${blockers.id} in ${[...new Set(ids)]}`),
      ),
    ]);
    const byUnit: BlockerFacts['byUnit'] = new Map();
    const bySource = Object.fromEntries(
      SOURCES.map((s) => [s, { opened: 0, resolved: 0, open: 0 }]),
    ) as BlockerFacts['bySource'];
    for (const r of counts) {
      if (Number(r.by_source) === 1) {
        const { opened, resolved, open } = tallyOf(r, `c${at}`);
        bySource[r.source as Source] = { opened, resolved, open };
      } else {
        byUnit.set(r.unit_id === null ? null : Number(r.unit_id), {
          current: tallyOf(r, `c${at}`),
          previous: tallyOf(r, `p${at}`),
        });
      }
    }
    return {
      byUnit,
      bySource,
      overdue: overdue.map(toBlocker),
      resolved: resolved.map(toBlocker),
      dueSoon: dueSoon.map(toBlocker),
      weeks: q.windows.chart.map((w, i) => {
        const r = chartRows[0] ?? {};
        return {
          start: w.from,
          opened: Number(r[`opened_${i}`] ?? 0),
          resolved: Number(r[`resolved_${i}`] ?? 0),
          open: Number(r[`open_${i}`] ?? 0),
        };
      }),
      targets: new Map(targets.map((t) => [t.id, { ownerUnitId: t.ownerUnitId, title: t.title }])),
    };
  },
};
