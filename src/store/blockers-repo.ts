import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { BlockerRecord } from '../domain/records.ts';
import type { BlockerStatus, Category, Priority, Source } from '../domain/types.ts';
import type { Db } from './db.ts';
import { toBlocker } from './rows.ts';
import { blockers, CLOSED_LIST, units } from './schema.ts';

/**
 * Which blockers, as PostgreSQL filters them (every field narrows; left out means any). `mine`
 * and `viewer` take person and unit ids; `viewer` is the external's own records (their unit's,
 * owned or created by them).
 */
/** The fields of a blocker that its public projection reads (services/public-view.ts `toPublic`). */
export type PublicColumns = Pick<
  BlockerRecord,
  | 'id'
  | 'title'
  | 'status'
  | 'priority'
  | 'category'
  | 'source'
  | 'ownerUnitId'
  | 'ownerPersonId'
  | 'reportingUnitId'
  | 'deadline'
  | 'originalDeadline'
  | 'slipCount'
  | 'slipDays'
  | 'createdAt'
  | 'resolvedAt'
  | 'updatedAt'
  | 'callerName'
  | 'callerPhone'
>;

const PUBLIC_COLUMNS = {
  id: blockers.id,
  title: blockers.title,
  status: blockers.status,
  priority: blockers.priority,
  category: blockers.category,
  source: blockers.source,
  ownerUnitId: blockers.ownerUnitId,
  ownerPersonId: blockers.ownerPersonId,
  reportingUnitId: blockers.reportingUnitId,
  deadline: blockers.deadline,
  originalDeadline: blockers.originalDeadline,
  slipCount: blockers.slipCount,
  slipDays: blockers.slipDays,
  createdAt: blockers.createdAt,
  resolvedAt: blockers.resolvedAt,
  updatedAt: blockers.updatedAt,
  callerName: blockers.callerName,
  callerPhone: blockers.callerPhone,
};

export interface BlockerWhere {
  statuses?: readonly string[];
  overdueAt?: Date;
  /** Owned by the unit or reported by it. */
  unitId?: number;
  /** Owner unit in this block. */
  block?: string;
  /** Owner unit, else (no owner yet) the reporting unit, in this block: the public view's scope. */
  scopeBlock?: string;
  source?: string;
  /** With a deadline. */
  dated?: boolean;
  /** Resolved within `[from, to)`, as `resolvedWithin` (src/domain/vocabulary.ts). */
  resolvedIn?: { from: Date; to: Date };
  /** Untriaged hotline calls left out ({@link privateCall}): what the public may list. */
  listedInPublic?: boolean;
  category?: string;
  mine?: { personId: number; unitIds: readonly number[]; unitId: number | null };
  viewer?: { personId: number; unitId: number | null };
}

/**
 * The SQL form of `isCounted` (src/domain/counted.ts): a void blocker is in no count, list,
 * export, calendar, summary or reminder. Every read here applies it but {@link blockersRepo.byIdAny}.
 */
export const countedBlocker: SQL = isNull(blockers.voidedAt);

/**
 * The SQL form of `isPrivateCall` (src/domain/counted.ts): a hotline call nobody has triaged yet
 * (status `new`, or closed without an owner unit). Counted in public, never listed.
 */
export const privateCall: SQL = sql`(${blockers.source} = 'hotline' and (${blockers.status} = 'new' or ${blockers.ownerUnitId} is null))`;

/** The closed statuses (`isClosed`), as an SQL list: `status not in ${CLOSED}`. */
export const CLOSED = CLOSED_LIST;

/** An instant as an SQL timestamptz literal. */
export const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** `resolvedWithin` (src/domain/vocabulary.ts): resolved (not dropped), its resolution in the span. */
export const resolvedWithinSql = (s: { from: Date; to: Date }): SQL =>
  sql`(${blockers.status} = 'resolved' and ${blockers.resolvedAt} >= ${ts(s.from)} and ${blockers.resolvedAt} < ${ts(s.to)})`;

/** In the block's units: by owner unit, else (no owner yet) by reporting unit. */
export const inBlockScope = (block: string): SQL =>
  sql`coalesce(${blockers.ownerUnitId}, ${blockers.reportingUnitId}) in (select ${units.id} from ${units} where ${units.block} = ${block})`;

function whereOf(w: BlockerWhere): SQL {
  const parts: SQL[] = [countedBlocker];
  if (w.statuses) parts.push(sql`${blockers.status} in ${w.statuses.length ? w.statuses : ['']}`);
  if (w.overdueAt)
    parts.push(sql`${blockers.status} not in ${CLOSED} and ${blockers.deadline} < ${w.overdueAt}`);
  if (w.unitId !== undefined)
    parts.push(sql`(${blockers.ownerUnitId} = ${w.unitId} or ${blockers.reportingUnitId} = ${w.unitId})`);
  if (w.block)
    parts.push(
      sql`${blockers.ownerUnitId} in (select ${units.id} from ${units} where ${units.block} = ${w.block})`,
    );
  if (w.scopeBlock) parts.push(inBlockScope(w.scopeBlock));
  if (w.category) parts.push(sql`${blockers.category} = ${w.category}`);
  if (w.source) parts.push(sql`${blockers.source} = ${w.source}`);
  if (w.dated) parts.push(sql`${blockers.deadline} is not null`);
  if (w.resolvedIn) parts.push(resolvedWithinSql(w.resolvedIn));
  if (w.listedInPublic) parts.push(sql`not ${privateCall}`);
  if (w.mine) {
    const { personId, unitIds, unitId } = w.mine;
    parts.push(sql`${blockers.status} not in ${CLOSED} and (${blockers.ownerPersonId} = ${personId}
      or ${blockers.ownerUnitId} in ${unitIds.length ? unitIds : [-1]}
      or (${blockers.ownerPersonId} is null and ${blockers.ownerUnitId} = ${unitId ?? -1})
      or ${blockers.createdById} = ${personId})`);
  }
  if (w.viewer) {
    const { personId, unitId } = w.viewer;
    parts.push(sql`(${blockers.ownerUnitId} = ${unitId ?? -1} or ${blockers.reportingUnitId} = ${unitId ?? -1}
      or ${blockers.ownerPersonId} = ${personId} or ${blockers.createdById} = ${personId})`);
  }
  return sql.join(parts, sql` and `);
}

/** Most urgent first, as `byUrgency`: overdue at `now`, then by deadline (undated last), then by id. */
const urgency = (now: Date) => [
  sql`case when ${blockers.status} not in ${CLOSED} and ${blockers.deadline} < ${now} then 0 else 1 end`,
  sql`${blockers.deadline} asc nulls last`,
  asc(blockers.id),
];

/** Most recently resolved first. */
const recentlyResolved = [sql`${blockers.resolvedAt} desc nulls last`, sql`${blockers.id} desc`];

export const blockersRepo = {
  /** A counted blocker (a void one is null: no reminder, no extension decision, no change). */
  async byId(db: Db, id: number, lock = false): Promise<BlockerRecord | null> {
    const q = db
      .select()
      .from(blockers)
      .where(and(eq(blockers.id, id), countedBlocker));
    const [r] = lock ? await q.for('update') : await q;
    return r ? toBlocker(r) : null;
  },
  /** Any blocker, void ones too: for `/blocker show` and for saying "B-3 is void". */
  async byIdAny(db: Db, id: number, lock = false): Promise<BlockerRecord | null> {
    const q = db.select().from(blockers).where(eq(blockers.id, id));
    const [r] = lock ? await q.for('update') : await q;
    return r ? toBlocker(r) : null;
  },
  async insert(db: Db, values: typeof blockers.$inferInsert): Promise<BlockerRecord> {
    const [r] = await db.insert(blockers).values(values).returning();
    if (!r) throw new Error('blocker insert returned nothing');
    return toBlocker(r);
  },
  async update(db: Db, id: number, values: Partial<typeof blockers.$inferInsert>): Promise<BlockerRecord> {
    const [r] = await db.update(blockers).set(values).where(eq(blockers.id, id)).returning();
    if (!r) throw new Error(`blocker ${id} vanished`);
    return toBlocker(r);
  },
  /** Every counted blocker. */
  async all(db: Db): Promise<BlockerRecord[]> {
    return (await db.select().from(blockers).where(countedBlocker).orderBy(asc(blockers.id))).map(toBlocker);
  },
  /** The counted blockers in one of `statuses`. */
  async byStatus(db: Db, statuses: string[]): Promise<BlockerRecord[]> {
    return (
      await db
        .select()
        .from(blockers)
        .where(and(sql`${blockers.status} in ${statuses}`, countedBlocker))
        .orderBy(asc(blockers.id))
    ).map(toBlocker);
  },
  /**
   * The matching blockers, most urgent at `now` first (or, with `order: 'resolved'`, the most
   * recently resolved first); `page` cuts one page out (LIMIT/OFFSET).
   */
  matchingQuery(
    db: Db,
    w: BlockerWhere,
    now: Date,
    page?: { limit: number; offset: number },
    order: 'urgency' | 'resolved' = 'urgency',
  ) {
    const q = db
      .select()
      .from(blockers)
      .where(whereOf(w))
      .orderBy(...(order === 'resolved' ? recentlyResolved : urgency(now)));
    return page ? q.limit(page.limit).offset(page.offset) : q;
  },
  async matching(
    db: Db,
    w: BlockerWhere,
    now: Date,
    page?: { limit: number; offset: number },
    order: 'urgency' | 'resolved' = 'urgency',
  ): Promise<BlockerRecord[]> {
    return (await blockersRepo.matchingQuery(db, w, now, page, order)).map(toBlocker);
  },
  /**
   * The ids of every matching blocker in urgency order at `now`: one sort of narrow rows (an id
   * is a few bytes a record), from which `inOrder` reads the records a batch at a time.
   */
  async urgencyIds(db: Db, w: BlockerWhere, now: Date): Promise<number[]> {
    const rows = await db
      .select({ id: blockers.id })
      .from(blockers)
      .where(whereOf(w))
      .orderBy(...urgency(now));
    return rows.map((r) => r.id);
  },
  /**
   * The blockers with these ids that still match `w`, in the order of `ids` (by primary key: one
   * indexed lookup a record), with only the columns of {@link PublicColumns} (no detail, no link:
   * an export reads 20,000 of them). One that stopped matching since (voided, say) is left out.
   */
  async inOrder(db: Db, w: BlockerWhere, ids: readonly number[]): Promise<PublicColumns[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .select(PUBLIC_COLUMNS)
      .from(blockers)
      .where(sql`${whereOf(w)} and ${blockers.id} in ${[...ids]}`);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r
        ? [
            {
              ...r,
              status: r.status as BlockerStatus,
              priority: r.priority as Priority,
              category: r.category as Category,
              source: r.source as Source,
            },
          ]
        : [];
    });
  },
  /** How many match, by source. */
  async countBySource(db: Db, w: BlockerWhere): Promise<Map<string, number>> {
    const rows = await db
      .select({ source: blockers.source, n: sql<number>`count(*)::int` })
      .from(blockers)
      .where(whereOf(w))
      .groupBy(blockers.source);
    return new Map(rows.map((r) => [r.source, Number(r.n)]));
  },
  async countMatching(db: Db, w: BlockerWhere): Promise<number> {
    const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(blockers).where(whereOf(w));
    return Number(r?.n ?? 0);
  },
  /** Which of `ids` are taken by a blocker, a void one too (an import must not reuse them). */
  async takenIds(db: Db, ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await db
      .select({ id: blockers.id })
      .from(blockers)
      .where(sql`${blockers.id} in ${[...ids]}`);
    return new Set(rows.map((r) => r.id));
  },
};
