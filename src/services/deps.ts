import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Notice } from '../domain/notice.ts';
import type { Feed, Person, Platform } from '../domain/types.ts';
import type { Database, Db } from '../store/db.ts';
import { appendHistory, type HistoryInput } from '../store/history.ts';

/** Time comes in from outside, so tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What a record changed into, for the scheduler to rebuild its reminders from the database. */
export interface ItemRef {
  type: 'blocker' | 'roadmap';
  id: number;
}

/**
 * The queue side, seen from the services. The database is the truth: the scheduler is told
 * *that* an item changed and derives what to schedule from the records. Without Redis it is a no-op.
 */
export interface SchedulerPort {
  itemChanged(ref: ItemRef): Promise<void>;
  subscriptionChanged(sub: { platform: string; chatId: string; feed: Feed; active: boolean }): Promise<void>;
  /** Queue depths and the latest failed jobs (`/wg status`); null when there is no queue. */
  status(): Promise<QueueStatusView | null>;
  /**
   * Defers the item's reminder once: one more reminder `days` days from now, with a deterministic
   * id per (item, deadline, days), so pressing the same snooze again adds nothing (`added: false`).
   * Null when there is no queue (no Redis): nothing was scheduled.
   */
  snooze(ref: ItemRef, days: number, actor: Actor): Promise<SnoozeResult | null>;
}

/** What one snooze did: when the deferred reminder fires, and whether this press added it. */
export interface SnoozeResult {
  until: Date;
  added: boolean;
}

/** What `/wg status` shows of the queues. */
export interface QueueStatusView {
  queues: { name: string; waiting: number; active: number; delayed: number; failed: number }[];
  failed: { queue: string; id: string; name: string; reason: string; at: number | null }[];
}

export const noScheduler: SchedulerPort = {
  itemChanged: async () => {},
  subscriptionChanged: async () => {},
  status: async () => null,
  snooze: async () => null,
};

/** Where out-of-band messages go (announcements to feeds, DMs). Adapters or the delivery queue implement it. */
export interface NotifierPort {
  /** To every chat subscribed to `feed`. `key` is the logical id that keeps it from going out twice. */
  toFeed(feed: Feed, notice: Notice, key: string): Promise<void>;
  /** By direct message to a person. */
  toPerson(personId: number, notice: Notice, key: string): Promise<void>;
}

export const noNotifier: NotifierPort = { toFeed: async () => {}, toPerson: async () => {} };

export interface ServiceDeps {
  database: Database;
  config: Config;
  clock: Clock;
  scheduler: SchedulerPort;
  notifier: NotifierPort;
  log: Logger;
}

/** The person acting, where from, and which units they lead (for the permission matrix). */
export interface Actor {
  person: Person;
  platform: Platform;
  leadOf: number[];
  /**
   * Who really typed it, when an admin acts for this person from the console (`/as @person …`):
   * history rows name the person as actor and add `{ by, via: 'console' }`.
   */
  actingAdmin?: string;
}

/** The permission-matrix view of an actor. */
export const permActor = (a: Actor) => ({
  id: a.person.id,
  role: a.person.role,
  unitId: a.person.unitId,
  leadOfUnitIds: a.leadOf,
});

/** Writes a history row for `actor` inside the transaction `tx`. */
export function record(
  tx: Db,
  actor: Actor,
  at: Date,
  entry: Pick<HistoryInput, 'entityType' | 'entityId' | 'action' | 'changes'>,
) {
  return appendHistory(tx, {
    ...entry,
    ...(actor.actingAdmin ? { changes: { ...entry.changes, by: actor.actingAdmin, via: 'console' } } : {}),
    actorId: actor.person.id,
    actorName: actor.person.name,
    platform: actor.platform,
    at,
  });
}

/** Runs one use case in one transaction. */
export function transaction<T>(deps: ServiceDeps, fn: (tx: Db) => Promise<T>): Promise<T> {
  return deps.database.db.transaction((tx) => fn(tx as unknown as Db));
}
