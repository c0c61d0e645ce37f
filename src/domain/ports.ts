/**
 * The ports the services talk to the outside through: time, the scheduler (the queue) and the
 * notifier (feeds and direct messages). The services never import the queue; the queue and the
 * direct notifier implement these, and `main.ts` / `worker.ts` plug them in.
 */
import type { Notice } from './notice.ts';
import type { Feed, Person, Platform } from './types.ts';

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

/** The inbox row a command runs for (its id and which attempt this is): exactly once hangs on it. */
export interface InboxClaim {
  id: number;
  attempt: number;
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
  /** The inbox row this command runs for, when it came through the inbox (Slack, Telegram). */
  claim?: InboxClaim | undefined;
}

/** A subscription as the scheduler is told about it. */
export interface SubscriptionChange {
  platform: string;
  chatId: string;
  feed: Feed;
  active: boolean;
}

/**
 * The queue side, seen from the services. The database is the truth: the scheduler is told
 * *that* an item changed and derives what to schedule from the records. Without Redis it is a no-op.
 * `itemChanged` and `subscriptionChanged` are called by the outbox relay and throw when the queue
 * cannot take them now (the relay tries again later).
 */
export interface SchedulerPort {
  itemChanged(ref: ItemRef): Promise<void>;
  subscriptionChanged(sub: SubscriptionChange): Promise<void>;
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
  /** Redis is configured but unreachable now: changes wait in the outbox. */
  down?: boolean;
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

/**
 * What a change must cause downstream, written to the outbox in the change's own transaction and
 * carried out by the relay (at once when it can, later when the queue is down).
 */
export type OutboxEvent =
  | { kind: 'item_changed'; ref: ItemRef }
  | { kind: 'subscription_changed'; sub: SubscriptionChange }
  | { kind: 'to_feed'; feed: Feed; notice: Notice; key: string }
  | { kind: 'to_person'; personId: number; notice: Notice; key: string };
