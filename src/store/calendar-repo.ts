import { asc, eq } from 'drizzle-orm';
import type { StoredDay } from '../domain/working-calendar.ts';
import type { Db } from './db.ts';
import { calendarDays } from './schema.ts';

/** The working calendar's own days (`/wg holiday add|remove|workday`). */
export const calendarRepo = {
  async all(db: Db): Promise<StoredDay[]> {
    const rows = await db.select().from(calendarDays).orderBy(asc(calendarDays.day));
    return rows.map((r) => ({
      day: r.day,
      kind: r.kind === 'workday' ? 'workday' : 'holiday',
      name: r.name,
    }));
  },
  async byDay(db: Db, day: string): Promise<StoredDay | null> {
    const [r] = await db.select().from(calendarDays).where(eq(calendarDays.day, day));
    return r ? { day: r.day, kind: r.kind === 'workday' ? 'workday' : 'holiday', name: r.name } : null;
  },
  /** Sets the day (a day off or a make-up working day), replacing what the date held. */
  async put(db: Db, d: StoredDay, at: Date): Promise<void> {
    await db
      .insert(calendarDays)
      .values({ day: d.day, kind: d.kind, name: d.name, createdAt: at })
      .onConflictDoUpdate({ target: calendarDays.day, set: { kind: d.kind, name: d.name, createdAt: at } });
  },
  /** False when the date held nothing. */
  async remove(db: Db, day: string): Promise<boolean> {
    const rows = await db
      .delete(calendarDays)
      .where(eq(calendarDays.day, day))
      .returning({ day: calendarDays.day });
    return rows.length > 0;
  },
};
