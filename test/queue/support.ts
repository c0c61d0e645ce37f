import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { App } from '../../src/app.ts';
import type { Actor, Clock, DeliveryPlatform, Sender } from '../../src/domain/ports.ts';
import { IDENTITY_FIELD } from '../../src/domain/records.ts';
import type { Reply } from '../../src/domain/reply.ts';
import type { QueueRuntime } from '../../src/queue/runtime.ts';
import { renderText } from '../../src/render/text.ts';
import { blockers } from '../../src/store/schema.ts';
import { unitsRepo } from '../../src/store/units-repo.ts';
import { freshPgDatabase, testApp } from '../support/app.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Captured {
  chatId: string;
  text: string;
  at: number;
}

/**
 * Resolves once `list` holds `n` entries (whoever adds to it calls and empties `waiters`), or
 * rejects after `timeoutMs` saying how many `what` there were.
 */
export function lengthReaches(
  list: readonly unknown[],
  waiters: Array<() => void>,
  n: number,
  timeoutMs: number,
  what: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${list.length}/${n} ${what}`)), timeoutMs);
    const check = () => {
      if (list.length >= n) {
        clearTimeout(timer);
        resolve();
      } else waiters.push(check);
    };
    check();
  });
}

/**
 * A sender that records what it is asked to post, and when (on `clock`, default the real time);
 * `directChat` is the person's identity on `platform` (the console user on the console).
 */
export function captureSender(
  platform: DeliveryPlatform = 'console',
  clock: Clock = { now: () => new Date() },
) {
  const sent: Captured[] = [];
  const waiters: Array<() => void> = [];
  const sender: Sender & { sent: Captured[]; waitFor(n: number, timeoutMs?: number): Promise<void> } = {
    platform,
    sent,
    async send(chatId: string, reply: Reply) {
      sent.push({ chatId, text: renderText(reply), at: clock.now().getTime() });
      for (const w of waiters.splice(0)) w();
    },
    async directChat(person) {
      return person[IDENTITY_FIELD[platform]];
    },
    waitFor: (n, timeoutMs = 20_000) => lengthReaches(sent, waiters, n, timeoutMs, 'sent'),
  };
  return sender;
}

/**
 * Resolves when `check` holds, re-checked every 25 ms (for a state with no event to wait on: a
 * database row, a queue count), or fails after `timeoutMs` naming `what`.
 */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Resolves once `queues` are at rest: nothing waiting or running, and no delayed job whose time
 * has come on BullMQ's clock. Whatever was due has then been carried out, so a test can count what
 * was sent without waiting "a while" for a second copy.
 */
export async function settled(queues: readonly Queue[], timeoutMs = 30_000): Promise<void> {
  await until(
    'the queues to settle',
    async () => {
      for (const q of queues) {
        const c = await q.getJobCounts('waiting', 'active', 'prioritized');
        if ((c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) > 0) return false;
        const due = (await q.getDelayed()).some((j) => j.timestamp + (j.opts.delay ?? 0) <= Date.now());
        if (due) return false;
      }
      return true;
    },
    timeoutMs,
  );
}

/** Deletes every key of a test's BullMQ prefix (never FLUSHALL on the shared Redis). */
export async function dropPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const r = new Redis(url);
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await r.del(...keys);
  } while (cursor !== '0');
  r.disconnect();
}

export interface QueueTest {
  app: App;
  rt: QueueRuntime;
  admin: Actor;
  /** Someone by console user name (created on first use). */
  person(name: string): Promise<Actor>;
  close(): Promise<void>;
}

/**
 * A test app with a queue runtime on a fresh prefix; `sender` (if any) is registered first. The
 * database is a fresh one on the real PostgreSQL unless `env.DATABASE_URL` names one (a new
 * database there is made in a fraction of a PGlite's start; the core suites cover both kinds).
 */
export async function queueTest(
  opts: {
    env?: Record<string, string>;
    clock?: Clock;
    sender?: Sender;
    /** More senders (other platforms), registered after `sender`. */
    senders?: Sender[];
    url?: string;
    workers?: boolean;
    /** Start the Redis watchdog with these timers (and the outbox relay's timer). */
    watch?: { checkMs?: number; reconcileMs?: number };
  } = {},
): Promise<QueueTest> {
  const prefix = `test-${randomUUID()}`;
  const url = opts.url ?? REDIS_URL;
  const db = opts.env?.DATABASE_URL ? null : await freshPgDatabase();
  const app = await testApp({
    env: { ...(db ? { DATABASE_URL: db.url } : {}), ...opts.env },
    ...(opts.clock ? { clock: opts.clock } : {}),
    queue: { url, prefix, ...(opts.watch ? { watch: opts.watch } : {}) },
    senders: [...(opts.sender ? [opts.sender] : []), ...(opts.senders ?? [])],
  });
  const rt = app.queue as QueueRuntime;
  await rt.ready();
  if (opts.watch) {
    // As `startQueue` does: the watchdog and the relay on their (short) timers.
    await rt.watch.mark();
    rt.watch.start(opts.watch);
    app.relay.start(200);
  }
  if (opts.workers !== false) rt.startWorkers();
  const person = (name: string) =>
    app.services.identity.resolve({ platform: 'console', id: name, name }, { asAdmin: name === 'admin' });
  const admin = await person('admin');
  return {
    app,
    rt,
    admin,
    person,
    async close() {
      await rt.close();
      await app.close();
      await db?.drop();
      await dropPrefix(prefix, url).catch(() => {});
    },
  };
}

/** A unit MIC led by `lead` (when given). */
export async function unitMic(t: QueueTest, lead?: Actor): Promise<void> {
  await t.app.services.units.add(t.admin, {
    code: 'MIC',
    name: 'Ministry of Information',
    block: 'government',
    kind: 'ministry',
  });
  if (lead) await t.app.services.units.setLead(t.admin, 'MIC', lead.person);
}

/**
 * `count` open blockers of MIC written straight to the table (fast; reconcile derives their
 * reminders), owned in turn by `owners`, made ten minutes before `now` and due at `deadline`.
 */
export async function insertDueBlockers(
  app: App,
  opts: { count: number; owners: Actor[]; createdBy: Actor; deadline: Date; now: Date },
): Promise<void> {
  const db = app.database.db;
  const unit = await unitsRepo.byCode(db, 'MIC');
  await db.insert(blockers).values(
    Array.from({ length: opts.count }, (_, i) => ({
      id: i + 1,
      title: 'item',
      category: 'data_strategy',
      source: 'agency',
      ownerUnitId: unit?.id ?? null,
      ownerPersonId: opts.owners[i % opts.owners.length]?.person.id ?? null,
      deadline: opts.deadline,
      priority: 'normal',
      status: 'open',
      createdById: opts.createdBy.person.id,
      createdAt: new Date(opts.now.getTime() - 600_000),
      updatedAt: opts.now,
    })),
  );
}
