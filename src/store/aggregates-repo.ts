/**
 * Counts computed by PostgreSQL (COUNT … FILTER, GROUP BY) instead of loading every blocker into
 * JavaScript: what the summary and the public view need, at any number of records, in one round
 * trip each. `scope` limits to the units of one block (by owner unit, else reporting unit), as the
 * summary does.
 */
import { sql } from 'drizzle-orm';
import type { Block } from '../domain/types.ts';
import { countedBlocker } from './blockers-repo.ts';
import type { Db } from './db.ts';
import { blockers, extensions, historyHead, units } from './schema.ts';

/** Blocker counts of one group (a unit, a source, or everything). */
export interface BlockerCounts {
  opened: number;
  resolved: number;
  open: number;
  overdue: number;
}

const CLOSED = sql`('resolved', 'dropped')`;

/** `and <the blocker is counted (not void)> [and <in the block's units>]`. */
function inBlock(block: Block | null | undefined) {
  if (!block) return sql` and ${countedBlocker}`;
  return sql` and ${countedBlocker} and coalesce(${blockers.ownerUnitId}, ${blockers.reportingUnitId}) in (select ${units.id} from ${units} where ${units.block} = ${block})`;
}

const countsSql = (from: Date, now: Date) => sql`
  count(*) filter (where ${blockers.createdAt} >= ${from})::int as opened,
  count(*) filter (where ${blockers.status} = 'resolved' and ${blockers.resolvedAt} >= ${from})::int as resolved,
  count(*) filter (where ${blockers.status} not in ${CLOSED})::int as open,
  count(*) filter (where ${blockers.status} not in ${CLOSED} and ${blockers.deadline} < ${now})::int as overdue`;

type CountRow = { opened: number; resolved: number; open: number; overdue: number };
const rowsOf = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];
const counts = (r: CountRow | undefined): BlockerCounts => ({
  opened: Number(r?.opened ?? 0),
  resolved: Number(r?.resolved ?? 0),
  open: Number(r?.open ?? 0),
  overdue: Number(r?.overdue ?? 0),
});

/** The SQL of the counts, for `EXPLAIN` (test/perf/indexes.test.ts) as well as for the repo. */
export const aggregateSql = {
  totals: (from: Date, now: Date, block?: Block | null) =>
    sql`select ${countsSql(from, now)} from ${blockers} where true${inBlock(block)}`,
  openedSince: (from: Date) =>
    sql`select count(*) from ${blockers} where ${blockers.createdAt} >= ${from}${inBlock(null)}`,
  resolvedSince: (from: Date) =>
    sql`select count(*) from ${blockers} where ${blockers.status} = 'resolved' and ${blockers.resolvedAt} >= ${from}${inBlock(null)}`,
  mostOverdue: (now: Date, limit: number, block?: Block | null) =>
    sql`select ${blockers.id} as id from ${blockers}
        where ${blockers.status} not in ${CLOSED} and ${blockers.deadline} < ${now}${inBlock(block)}
        order by ${blockers.deadline} asc, ${blockers.id} asc limit ${limit}`,
};

export const aggregatesRepo = {
  /** The history chain's head: moves with every change to any record (see `appendHistory`). */
  async historySeq(db: Db): Promise<number> {
    const [r] = await db.select({ seq: historyHead.seq }).from(historyHead).where(sql`${historyHead.id} = 1`);
    return r?.seq ?? 0;
  },

  /** Opened and resolved since `from`, open and overdue at `now`, over every blocker in scope. */
  async blockerTotals(db: Db, from: Date, now: Date, block?: Block | null): Promise<BlockerCounts> {
    const r = await db.execute(aggregateSql.totals(from, now, block));
    return counts(rowsOf<CountRow>(r)[0]);
  },

  /** The same counts per owner unit (blockers without an owner unit under `null`). */
  async blockerCountsByOwnerUnit(
    db: Db,
    from: Date,
    now: Date,
    block?: Block | null,
  ): Promise<Map<number | null, BlockerCounts>> {
    const r = await db.execute(
      sql`select ${blockers.ownerUnitId} as unit_id, ${countsSql(from, now)} from ${blockers}
          where true${inBlock(block)} group by ${blockers.ownerUnitId}`,
    );
    const out = new Map<number | null, BlockerCounts>();
    for (const row of rowsOf<CountRow & { unit_id: number | null }>(r))
      out.set(row.unit_id === null ? null : Number(row.unit_id), counts(row));
    return out;
  },

  /** The same counts per source (chat, hotline, …). */
  async blockerCountsBySource(
    db: Db,
    from: Date,
    now: Date,
    block?: Block | null,
  ): Promise<Map<string, BlockerCounts>> {
    const r = await db.execute(
      sql`select ${blockers.source} as source, ${countsSql(from, now)} from ${blockers}
          where true${inBlock(block)} group by ${blockers.source}`,
    );
    return new Map(rowsOf<CountRow & { source: string }>(r).map((row) => [row.source, counts(row)]));
  },

  /**
   * Per window [start, end): blockers opened and resolved in it, and open at its end (or at `now`
   * when that is earlier). One query for the whole chart.
   */
  async weeklyFlow(
    db: Db,
    windows: { start: Date; end: Date }[],
    now: Date,
    block?: Block | null,
  ): Promise<{ start: Date; opened: number; resolved: number; open: number }[]> {
    if (windows.length === 0) return [];
    const values = sql.join(
      windows.map(
        (w) =>
          sql`(${w.start.toISOString()}::timestamptz, ${new Date(Math.min(w.end.getTime(), now.getTime())).toISOString()}::timestamptz, ${w.end.toISOString()}::timestamptz)`,
      ),
      sql`, `,
    );
    const r = await db.execute(sql`
      select w.s as start,
        count(b.id) filter (where b.created_at >= w.s and b.created_at < w.e)::int as opened,
        count(b.id) filter (where b.status = 'resolved' and b.resolved_at >= w.s and b.resolved_at < w.e)::int as resolved,
        count(b.id) filter (where b.created_at <= w.t and (b.resolved_at is null or b.resolved_at > w.t)
          and not (b.status in ${CLOSED} and b.resolved_at is null))::int as open
      from (values ${values}) as w(s, t, e)
      left join (select * from ${blockers} where true${inBlock(block)}) b on true
      group by w.s order by w.s`);
    return rowsOf<{ start: string | Date; opened: number; resolved: number; open: number }>(r).map((x) => ({
      start: new Date(x.start),
      opened: Number(x.opened),
      resolved: Number(x.resolved),
      open: Number(x.open),
    }));
  },

  /**
   * The previous period as the summary compares it: opened and resolved in [prevFrom, from), and
   * open and overdue as they stood at `from` (closed without a resolution time counts as closed).
   */
  async previousCounts(db: Db, prevFrom: Date, from: Date, block?: Block | null): Promise<BlockerCounts> {
    const openAt = sql`${blockers.createdAt} <= ${from} and (${blockers.resolvedAt} is null or ${blockers.resolvedAt} > ${from})
      and not (${blockers.status} in ${CLOSED} and ${blockers.resolvedAt} is null)`;
    const r = await db.execute(sql`select
        count(*) filter (where ${blockers.createdAt} >= ${prevFrom} and ${blockers.createdAt} < ${from})::int as opened,
        count(*) filter (where ${blockers.status} = 'resolved' and ${blockers.resolvedAt} >= ${prevFrom} and ${blockers.resolvedAt} < ${from})::int as resolved,
        count(*) filter (where ${openAt})::int as open,
        count(*) filter (where ${openAt} and ${blockers.deadline} < ${from})::int as overdue
      from ${blockers} where true${inBlock(block)}`);
    return counts(rowsOf<CountRow>(r)[0]);
  },

  /** The ids of the `limit` most overdue open blockers (earliest deadline first). */
  async mostOverdueIds(db: Db, now: Date, limit: number, block?: Block | null): Promise<number[]> {
    const r = await db.execute(aggregateSql.mostOverdue(now, limit, block));
    return rowsOf<{ id: number }>(r).map((x) => Number(x.id));
  },

  /** Extension requests since `from`, decisions since `from`, and all still pending. */
  async extensionCounts(
    db: Db,
    from: Date,
  ): Promise<{ requested: number; approved: number; rejected: number; pending: number }> {
    const r = await db.execute(sql`select
        count(*) filter (where ${extensions.createdAt} >= ${from})::int as requested,
        count(*) filter (where ${extensions.status} = 'approved' and ${extensions.decidedAt} >= ${from})::int as approved,
        count(*) filter (where ${extensions.status} = 'rejected' and ${extensions.decidedAt} >= ${from})::int as rejected,
        count(*) filter (where ${extensions.status} = 'pending')::int as pending
      from ${extensions}`);
    const row = rowsOf<Record<string, number>>(r)[0] ?? {};
    return {
      requested: Number(row.requested ?? 0),
      approved: Number(row.approved ?? 0),
      rejected: Number(row.rejected ?? 0),
      pending: Number(row.pending ?? 0),
    };
  },
};
