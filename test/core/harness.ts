import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { App } from '../../src/app.ts';
import type { Notice } from '../../src/domain/notice.ts';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import type { Reply } from '../../src/domain/reply.ts';
import type { Feed, Role } from '../../src/domain/types.ts';
import { renderText } from '../../src/render/text.ts';
import type { Actor } from '../../src/services/deps.ts';
import { GENESIS_HASH } from '../../src/store/db.ts';
import { type HistoryInput, historyOf } from '../../src/store/history.ts';
import { freshPgDatabase, TestClock, testApp } from '../support/app.ts';

/** The two PostgreSQLs every core suite runs on. */
export const DB_KINDS = ['pglite', 'postgres'] as const;
export type DbKind = (typeof DB_KINDS)[number];

/** Wednesday 04/03/2026 10:00 in Ho Chi Minh City: the default "now" of the core suites. */
export const T0 = '2026-03-04T10:00:00+07:00';

/** A notice the services sent, as the notifier port received it. */
export type SentNotice =
  | { to: 'feed'; feed: Feed; notice: Notice; key: string }
  | { to: 'person'; personId: number; notice: Notice; key: string };

/**
 * One app for the whole describe block on `kind` (PGlite in memory, or a fresh database on the
 * real server), emptied before each test with the clock back at {@link T0}. Creating a PGlite
 * costs seconds, emptying it milliseconds.
 */
export function useWorld(kind: DbKind): World {
  const world = new World();
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (kind === 'postgres') {
      const db = await freshPgDatabase();
      drop = db.drop;
      world.app = await testApp({ env: { DATABASE_URL: db.url }, clock: world.clock });
    } else world.app = await testApp({ clock: world.clock });
    world.app.notices.add({
      toFeed: async (feed, notice, key) => void world.sent.push({ to: 'feed', feed, notice, key }),
      toPerson: async (personId, notice, key) =>
        void world.sent.push({ to: 'person', personId, notice, key }),
    });
  });
  afterAll(async () => {
    await world.app?.close();
    await drop?.();
  });
  beforeEach(async () => {
    world.clock.set(T0);
    world.sent.length = 0;
    await emptyDatabase(world.app);
  });
  return world;
}

/** Rows of a raw query; both drivers (PGlite, node-postgres) answer with `{ rows }`. */
export async function queryRows<T>(app: App, query: SQL): Promise<T[]> {
  const res = (await app.database.db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** Deletes every record and resets the id counters and the history chain to a first start. */
export async function emptyDatabase(app: App): Promise<void> {
  const db = app.database.db;
  const tables = await queryRows<{ tablename: string }>(
    app,
    sql`select tablename from pg_tables where schemaname = 'public' and tablename not in ('counters', 'history_head')`,
  );
  await db.execute(sql.raw(`TRUNCATE ${tables.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY`));
  await db.execute(sql`update counters set value = 0`);
  await db.execute(sql`update history_head set seq = 0, hash = ${GENESIS_HASH}`);
}

/** The console's admin and chat people in a test, and ways to speak as them. */
export class World {
  app!: App;
  readonly clock = new TestClock(new Date(T0));
  readonly sent: SentNotice[] = [];
  /** The local admin, as in the console. */
  readonly admin: PlatformIdentity = { platform: 'console', id: 'root', name: 'root' };
  readonly chat = { platform: 'slack' as const, id: 'C-WG' };

  /** Runs a command as `who` (the console admin runs as admin) and renders the reply as text. */
  async say(who: PlatformIdentity, text: string): Promise<string> {
    return renderText(await this.reply(who, text));
  }

  async reply(who: PlatformIdentity, text: string): Promise<Reply> {
    const asAdmin = who === this.admin;
    return (await this.app.dispatcher.handle({ text, who, chat: this.chat, asAdmin })).reply;
  }

  /** Runs admin commands that must succeed (setup); throws with the reply when one fails. */
  async setup(...lines: string[]): Promise<void> {
    for (const line of lines) {
      const r = await this.reply(this.admin, line);
      if (r.kind === 'error') throw new Error(`setup failed: ${line}\n${renderText(r)}`);
    }
  }

  /**
   * A Slack user seen by the bot, given `role` (and `unit`) by the admin; `lead` makes a member
   * the lead of `unit`.
   */
  async person(name: string, role: Role | 'lead', unit?: string): Promise<PlatformIdentity> {
    const who: PlatformIdentity = { platform: 'slack', id: `U${name.toUpperCase()}`, name };
    await this.say(who, '/help');
    const unitOpt = unit ? ` unit:${unit}` : '';
    // People are named by their platform mention, never by the name they chose.
    await this.setup(`/wg role <@${who.id}> ${role === 'lead' ? 'member' : role}${unitOpt}`);
    if (role === 'lead' && unit) await this.setup(`/unit lead ${unit} <@${who.id}>`);
    return who;
  }

  /** The service-level actor of a person (reloaded: role and units as stored now). */
  actor(who: PlatformIdentity): Promise<Actor> {
    return this.app.services.identity.resolve(who, { asAdmin: who === this.admin });
  }

  /** The history rows of one record, oldest first. */
  history(type: HistoryInput['entityType'], id: string) {
    return historyOf(this.app.database.db, type, id);
  }

  /** How many history rows exist: a refused command must not add one. */
  async historyCount(): Promise<number> {
    const [row] = await queryRows<{ n: number }>(this.app, sql`select count(*)::int as n from history`);
    return row?.n ?? 0;
  }

  blocker(n: number) {
    return this.app.services.queries.get(
      { person: { id: 0, role: 'admin' } as Actor['person'], platform: 'system', leadOf: [] },
      n,
    );
  }
}

/** The standard setup: units MIC (government ministry), MOF, VNPT (enterprise) and HUE (locality). */
export async function standardUnits(w: World): Promise<void> {
  await w.setup(
    '/unit add MIC "Ministry of Information" block:government kind:ministry',
    '/unit add MOF "Ministry of Finance" block:government kind:ministry vi:"Bộ Tài chính"',
    '/unit add VNPT "VNPT Group" block:government kind:enterprise',
    '/unit add HUE "Hue City" block:government kind:locality',
    '/unit add CPO "Central Party Office" block:party kind:party_body',
  );
}
