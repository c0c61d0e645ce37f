import { eq, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { counters } from './schema.ts';

/**
 * Takes the next user-facing number for `name` inside the caller's transaction. The row lock makes
 * concurrent adds wait their turn, and a rolled-back add gives its number back: no gaps, no duplicates.
 */
export async function nextId(tx: Db, name: 'blocker' | 'roadmap' | 'extension'): Promise<number> {
  const [row] = await tx
    .update(counters)
    .set({ value: sql`${counters.value} + 1` })
    .where(eq(counters.name, name))
    .returning({ value: counters.value });
  if (!row) throw new Error(`counter ${name} missing`);
  return row.value;
}

/** Raises the counter `name` to at least `value` (an import kept its ids: the next one follows them). */
export async function raiseCounter(
  tx: Db,
  name: 'blocker' | 'roadmap' | 'extension',
  value: number,
): Promise<void> {
  await tx
    .update(counters)
    .set({ value: sql`greatest(${counters.value}, ${value})` })
    .where(eq(counters.name, name));
}
