import { createHash } from 'node:crypto';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Platform } from '../domain/types.ts';
import { type Db, GENESIS_HASH } from './db.ts';
import { history, historyHead } from './schema.ts';

export interface HistoryInput {
  entityType: 'blocker' | 'roadmap' | 'extension' | 'unit' | 'person' | 'subscription' | 'chat' | 'calendar';
  entityId: string;
  action: string;
  actorId: number | null;
  actorName: string;
  platform: Platform;
  at: Date;
  changes: Record<string, unknown>;
}

export interface HistoryRow extends HistoryInput {
  seq: number;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every depth, so the hash does not depend on jsonb's key order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
}

/** The hash of one row: everything it says plus the hash of the row before it. */
export function rowHash(row: Omit<HistoryRow, 'hash'>): string {
  const body = canonical({
    seq: row.seq,
    entityType: row.entityType,
    entityId: row.entityId,
    action: row.action,
    actorId: row.actorId,
    actorName: row.actorName,
    platform: row.platform,
    at: row.at.toISOString(),
    changes: row.changes,
    prevHash: row.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

/** Dates in `changes` are stored as ISO strings so the stored row hashes the same when read back. */
function plain(changes: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(changes)) as Record<string, unknown>;
}

/**
 * Appends one history row inside the caller's transaction. Locking the head row serialises
 * writers, so the chain never forks under concurrent use.
 */
export async function appendHistory(tx: Db, input: HistoryInput): Promise<HistoryRow> {
  const [head] = await tx.select().from(historyHead).where(eq(historyHead.id, 1)).for('update');
  const prevHash = head?.hash ?? GENESIS_HASH;
  const seq = (head?.seq ?? 0) + 1;
  const at = new Date(Math.floor(input.at.getTime()));
  const row = { ...input, at, changes: plain(input.changes), seq, prevHash };
  const hash = rowHash(row);
  await tx.insert(history).values({ ...row, hash });
  await tx.update(historyHead).set({ seq, hash }).where(eq(historyHead.id, 1));
  return { ...row, hash };
}

export async function historyOf(db: Db, entityType: HistoryInput['entityType'], entityId: string) {
  return db
    .select()
    .from(history)
    .where(and(eq(history.entityType, entityType), eq(history.entityId, entityId)))
    .orderBy(asc(history.seq));
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  /** The first row whose link or content does not match. */
  brokenAt?: { seq: number; reason: string };
}

/** Walks the chain from the start; reports the first row that was changed, removed or inserted. */
export async function verifyHistory(db: Db, batch = 1000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let last = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(history)
      .where(gt(history.seq, last))
      .orderBy(asc(history.seq))
      .limit(batch);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.seq !== expectedSeq)
        return { ok: false, rows: last, brokenAt: { seq: expectedSeq, reason: 'row missing' } };
      if (r.prevHash !== prev)
        return { ok: false, rows: last, brokenAt: { seq: r.seq, reason: 'link to previous row broken' } };
      const recomputed = rowHash({
        ...r,
        entityType: r.entityType as HistoryInput['entityType'],
        platform: r.platform as Platform,
        changes: r.changes as Record<string, unknown>,
      });
      if (recomputed !== r.hash)
        return { ok: false, rows: last, brokenAt: { seq: r.seq, reason: 'row content changed' } };
      prev = r.hash;
      last = r.seq;
      expectedSeq++;
    }
  }
  const [head] = await db.select().from(historyHead).where(eq(historyHead.id, 1));
  if (head && (head.seq !== last || head.hash !== prev)) {
    return { ok: false, rows: last, brokenAt: { seq: last + 1, reason: 'rows after this one were removed' } };
  }
  return { ok: true, rows: last };
}
