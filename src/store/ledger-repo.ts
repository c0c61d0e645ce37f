import { count, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, sqlRows } from './db.ts';
import { sentLedger, unreachedReminders } from './schema.ts';

/** The ledger key of part `index` of a split message whose own key is `key`. */
const partKey = (key: string, index: number) => `${key}#part:${index}`;

/** How many part keys one query looks up. */
const PART_BATCH = 32;

/** The ledger key of the claim an attempt holds on `key` while it sends. */
const claimKey = (key: string) => `${key}#sending`;

/**
 * What one claim statement found: `sent` (the message went out before: nothing to do), `claimed`
 * (this attempt holds the claim now: send it), or `unconfirmed` (another attempt holds or left the
 * claim: it may be sending, or it died mid-send). `resumed` says a part of a split message went out
 * before (the progress must be read); false means none did, and no query is needed to know it.
 */
export type Claim = { state: 'sent' } | { state: 'unconfirmed' } | { state: 'claimed'; resumed: boolean };

/** The sent-ledger (outbound messages delivered once) and the reminders nobody could receive. */
export const ledgerRepo = {
  /**
   * Checks and claims `key` in one statement: when `key` is not marked sent, inserts its claim
   * (`key#sending`) unless one is there (`ON CONFLICT DO NOTHING … RETURNING`), and says whether the
   * first part of a split `key` went out. One round trip instead of a check and a claim.
   */
  async claim(db: Db, key: string, at: Date): Promise<Claim> {
    const claim = claimKey(key);
    const part0 = partKey(key, 0);
    // Raw SQL parameters skip the column mapping: the time goes as ISO text, cast.
    const [row] = await sqlRows<{ sent: boolean; claimed: boolean; resumed: boolean }>(
      db,
      sql`
      with known as (
        select ${sentLedger.key} as key from ${sentLedger} where ${sentLedger.key} in (${key}, ${part0})),
      taken as (
        insert into ${sentLedger} (key, at)
        select ${claim}, ${at.toISOString()}::timestamptz
        where not exists (select 1 from known where key = ${key})
        on conflict (key) do nothing
        returning key)
      select exists (select 1 from known where key = ${key}) as sent,
        exists (select 1 from taken) as claimed,
        exists (select 1 from known where key = ${part0}) as resumed`,
    );
    if (row?.sent) return { state: 'sent' };
    if (!row?.claimed) return { state: 'unconfirmed' };
    return { state: 'claimed', resumed: row.resumed };
  },

  /**
   * Marks `key` sent and drops its claim, in one statement (a data-modifying `WITH`): between the
   * claim and this the message shows as claimed, after it as sent, never neither.
   */
  async confirm(db: Db, key: string, at: Date): Promise<void> {
    await db.execute(sql`
      with dropped as (delete from ${sentLedger} where ${sentLedger.key} = ${claimKey(key)})
      insert into ${sentLedger} (key, at) values (${key}, ${at.toISOString()}::timestamptz)
      on conflict (key) do nothing`);
  },

  /** Gives up the claim on `key` (the platform said no: a later attempt may send it). */
  async unclaim(db: Db, key: string): Promise<void> {
    await db.delete(sentLedger).where(eq(sentLedger.key, claimKey(key)));
  },

  /** Whether the outbound message with this logical id has already gone out. */
  async wasSent(db: Db, key: string): Promise<boolean> {
    const [row] = await db.select().from(sentLedger).where(eq(sentLedger.key, key));
    return row !== undefined;
  },

  /** Marks a logical message as sent; false when it already was. */
  async markSent(db: Db, key: string, at: Date): Promise<boolean> {
    const rows = await db
      .insert(sentLedger)
      .values({ key, at })
      .onConflictDoNothing()
      .returning({ key: sentLedger.key });
    return rows.length > 0;
  },

  /**
   * How many parts of the split message `key` went out: parts are recorded in order, one row each
   * (`key#part:0`, `key#part:1`, …), so the rows found are the parts before the next one to send.
   */
  async partsSent(db: Db, key: string): Promise<number> {
    for (let from = 0; ; from += PART_BATCH) {
      const keys = Array.from({ length: PART_BATCH }, (_, i) => partKey(key, from + i));
      const rows = await db
        .select({ key: sentLedger.key })
        .from(sentLedger)
        .where(inArray(sentLedger.key, keys));
      if (rows.length < PART_BATCH) return from + rows.length;
    }
  },

  /** Records that part `index` of the split message `key` went out. */
  async partSent(db: Db, key: string, index: number, at: Date): Promise<void> {
    await db
      .insert(sentLedger)
      .values({ key: partKey(key, index), at })
      .onConflictDoNothing();
  },

  /** Forgets the parts of `key` once the whole message is marked sent. */
  async forgetParts(db: Db, key: string, parts: number): Promise<void> {
    if (parts <= 0) return;
    const keys = Array.from({ length: parts }, (_, i) => partKey(key, i));
    await db.delete(sentLedger).where(inArray(sentLedger.key, keys));
  },

  /** Records a reminder that had nobody to go to; false when this one was recorded before. */
  async unreached(db: Db, key: string, item: string, at: Date): Promise<boolean> {
    const rows = await db
      .insert(unreachedReminders)
      .values({ key, item, at })
      .onConflictDoNothing()
      .returning({ key: unreachedReminders.key });
    return rows.length > 0;
  },

  /** How many reminders had nobody to go to, and the latest items. */
  async unreachedSummary(db: Db): Promise<{ count: number; items: string[] }> {
    const [row] = await db.select({ n: count() }).from(unreachedReminders);
    const latest = await db
      .select({ item: unreachedReminders.item })
      .from(unreachedReminders)
      .orderBy(desc(unreachedReminders.at))
      .limit(20);
    return { count: row?.n ?? 0, items: [...new Set(latest.map((r) => r.item))].slice(0, 5) };
  },
};
