import { and, eq, isNull, sql } from 'drizzle-orm';
import type { IdentityPlatform } from '../domain/records.ts';
import type { Person } from '../domain/types.ts';
import type { Db } from './db.ts';
import { toPerson } from './rows.ts';
import {
  blockers,
  extensions,
  persons,
  roadmapItems,
  roadmapReports,
  subscriptions,
  unitRequests,
  units,
} from './schema.ts';

const column = {
  slack: persons.slackId,
  telegram: persons.telegramId,
  zalo: persons.zaloId,
  console: persons.consoleUser,
} as const;

export const personsRepo = {
  async byId(db: Db, id: number): Promise<Person | null> {
    const [r] = await db.select().from(persons).where(eq(persons.id, id));
    return r ? toPerson(r) : null;
  },
  async byPlatformId(db: Db, platform: IdentityPlatform, id: string): Promise<Person | null> {
    const [r] = await db.select().from(persons).where(eq(column[platform], id));
    return r ? toPerson(r) : null;
  },
  /**
   * People by a platform username, case-insensitive: a Telegram @username or a console user.
   * Never by display name: anyone can choose theirs.
   */
  async byUsername(db: Db, handle: string): Promise<Person[]> {
    const h = handle.replace(/^@/, '').toLowerCase();
    if (!h) return [];
    const rows = await db
      .select()
      .from(persons)
      .where(sql`lower(${persons.telegramUsername}) = ${h} or lower(${persons.consoleUser}) = ${h}`);
    return rows.map(toPerson);
  },
  async insert(db: Db, values: typeof persons.$inferInsert): Promise<Person> {
    const [r] = await db.insert(persons).values(values).returning();
    if (!r) throw new Error('person insert returned nothing');
    return toPerson(r);
  },
  async update(db: Db, id: number, values: Partial<typeof persons.$inferInsert>): Promise<void> {
    await db.update(persons).set(values).where(eq(persons.id, id));
  },
  async delete(db: Db, id: number): Promise<void> {
    await db.delete(persons).where(eq(persons.id, id));
  },
  /** A placeholder person (no chat identity: an import's owner name) of this name, if there is one. */
  async placeholderNamed(db: Db, name: string): Promise<number | null> {
    const [found] = await db
      .select({ id: persons.id })
      .from(persons)
      .where(
        and(
          eq(persons.name, name),
          isNull(persons.slackId),
          isNull(persons.telegramId),
          isNull(persons.zaloId),
          isNull(persons.consoleUser),
        ),
      )
      .limit(1);
    return found?.id ?? null;
  },
  /**
   * Gives what person `from` created, owns, leads, requested or decided to person `to` (after a
   * link joined their identities). History rows stay as written.
   */
  async moveRecords(tx: Db, from: number, to: number): Promise<void> {
    await tx.update(units).set({ leadId: to }).where(eq(units.leadId, from));
    await tx.update(blockers).set({ ownerPersonId: to }).where(eq(blockers.ownerPersonId, from));
    await tx.update(blockers).set({ createdById: to }).where(eq(blockers.createdById, from));
    await tx.update(roadmapItems).set({ ownerPersonId: to }).where(eq(roadmapItems.ownerPersonId, from));
    await tx.update(roadmapItems).set({ createdById: to }).where(eq(roadmapItems.createdById, from));
    await tx.update(roadmapReports).set({ reporterId: to }).where(eq(roadmapReports.reporterId, from));
    await tx.update(extensions).set({ requesterId: to }).where(eq(extensions.requesterId, from));
    await tx.update(extensions).set({ deciderId: to }).where(eq(extensions.deciderId, from));
    await tx.update(subscriptions).set({ createdById: to }).where(eq(subscriptions.createdById, from));
    await tx.update(unitRequests).set({ personId: to }).where(eq(unitRequests.personId, from));
    await tx.update(unitRequests).set({ decidedById: to }).where(eq(unitRequests.decidedById, from));
  },
  async byIds(db: Db, ids: number[]): Promise<Map<number, Person>> {
    if (ids.length === 0) return new Map();
    const rows = await db.select().from(persons).where(sql`${persons.id} in ${ids}`);
    return new Map(rows.map((r) => [r.id, toPerson(r)]));
  },
};
