import { and, asc, eq, isNotNull, or, sql } from 'drizzle-orm';
import type { ItemRef } from '../domain/ports.ts';
import { CLOSED, countedBlocker } from './blockers-repo.ts';
import type { Db } from './db.ts';
import { blockers, persons, roadmapItems, unitRequests, units } from './schema.ts';

/** The daily digest's reads: who takes it, the items that concern a person, the joins waiting. */
export const digestRepo = {
  /** Whether `personId` takes the digest, and their time zone (null: TZ_DEFAULT). */
  async settingOf(db: Db, personId: number): Promise<{ digest: boolean; tz: string | null } | null> {
    const [r] = await db
      .select({ digest: persons.digest, tz: persons.tz })
      .from(persons)
      .where(eq(persons.id, personId));
    return r ?? null;
  },
  /** Everyone with the digest on, by id. */
  async subscribers(db: Db): Promise<{ id: number; tz: string | null }[]> {
    return db
      .select({ id: persons.id, tz: persons.tz })
      .from(persons)
      .where(eq(persons.digest, true))
      .orderBy(asc(persons.id));
  },
  async setDigest(db: Db, personId: number, on: boolean): Promise<void> {
    await db.update(persons).set({ digest: on }).where(eq(persons.id, personId));
  },
  /** Open counted blockers with a deadline and roadmap items that `personId` owns or whose unit they lead. */
  async involving(db: Db, personId: number): Promise<ItemRef[]> {
    const led = sql`(select ${units.id} from ${units} where ${units.leadId} = ${personId})`;
    const bs = await db
      .select({ id: blockers.id })
      .from(blockers)
      .where(
        and(
          countedBlocker,
          isNotNull(blockers.deadline),
          sql`${blockers.status} not in ${CLOSED}`,
          or(eq(blockers.ownerPersonId, personId), sql`${blockers.ownerUnitId} in ${led}`),
        ),
      )
      .orderBy(asc(blockers.id));
    const rs = await db
      .select({ id: roadmapItems.id })
      .from(roadmapItems)
      .where(or(eq(roadmapItems.ownerPersonId, personId), sql`${roadmapItems.unitId} in ${led}`))
      .orderBy(asc(roadmapItems.id));
    return [
      ...bs.map((b) => ({ type: 'blocker' as const, id: b.id })),
      ...rs.map((r) => ({ type: 'roadmap' as const, id: r.id })),
    ];
  },
  /** Pending join requests of the units `leadId` leads (every unit's when `leadId` is null), oldest first. */
  async pendingJoins(db: Db, leadId: number | null): Promise<{ unit: string; personId: number }[]> {
    return db
      .select({ unit: units.code, personId: unitRequests.personId })
      .from(unitRequests)
      .innerJoin(units, eq(units.id, unitRequests.unitId))
      .where(and(eq(unitRequests.status, 'pending'), leadId === null ? undefined : eq(units.leadId, leadId)))
      .orderBy(asc(unitRequests.requestedAt), asc(unitRequests.id));
  },
};
