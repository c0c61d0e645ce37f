import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { type BlockerRecord, toBlocker } from './rows.ts';
import { blockers, units } from './schema.ts';

/**
 * Which blockers, as PostgreSQL filters them (every field narrows; left out means any). `mine`
 * and `viewer` take person and unit ids; `viewer` is the external's own records (their unit's,
 * owned or created by them).
 */
export interface BlockerWhere {
  statuses?: readonly string[];
  overdueAt?: Date;
  /** Owned by the unit or reported by it. */
  unitId?: number;
  /** Owner unit in this block. */
  block?: string;
  category?: string;
  mine?: { personId: number; unitIds: readonly number[]; unitId: number | null };
  viewer?: { personId: number; unitId: number | null };
}

/**
 * The SQL form of `isCounted` (src/domain/counted.ts): a void blocker is in no count, list,
 * export, calendar, summary or reminder. Every read here applies it but {@link blockersRepo.byIdAny}.
 */
export const countedBlocker: SQL = isNull(blockers.voidedAt);

const CLOSED = sql`('resolved', 'dropped')`;

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
  if (w.category) parts.push(sql`${blockers.category} = ${w.category}`);
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

/** Most urgent first, as `byUrgency`: overdue, then by deadline (undated last), then by id. */
const urgency = (now: Date) => [
  sql`case when ${blockers.status} not in ${CLOSED} and ${blockers.deadline} < ${now} then 0 else 1 end`,
  sql`${blockers.deadline} asc nulls last`,
  asc(blockers.id),
];

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
  /** The matching blockers, most urgent at `now` first; `page` cuts one page out (LIMIT/OFFSET). */
  matchingQuery(db: Db, w: BlockerWhere, now: Date, page?: { limit: number; offset: number }) {
    const q = db
      .select()
      .from(blockers)
      .where(whereOf(w))
      .orderBy(...urgency(now));
    return page ? q.limit(page.limit).offset(page.offset) : q;
  },
  async matching(
    db: Db,
    w: BlockerWhere,
    now: Date,
    page?: { limit: number; offset: number },
  ): Promise<BlockerRecord[]> {
    return (await blockersRepo.matchingQuery(db, w, now, page)).map(toBlocker);
  },
  async countMatching(db: Db, w: BlockerWhere): Promise<number> {
    const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(blockers).where(whereOf(w));
    return Number(r?.n ?? 0);
  },
};
