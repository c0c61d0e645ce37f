/**
 * Every port of steerbot, the one place they are defined: time, the scheduler (the queue), the
 * notifier (feeds and direct messages), the outbox relay's target, the platforms' senders and the
 * metrics. The services never import the queue nor a platform; the queue, the adapters and the
 * wiring (`src/app.ts`, `main.ts`, `worker.ts`) implement these and plug them in.
 */
import type { Notice } from './notice.ts';
import type { Reply } from './reply.ts';
import type { Feed, Lang, Person, Platform } from './types.ts';

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
  /** The working calendar changed (`/wg holiday`): every open item's reminders are planned again. */
  calendarChanged(): Promise<void>;
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
  /** Redis answered, but reading the queues failed: why. */
  unreadable?: string;
}

export const noScheduler: SchedulerPort = {
  itemChanged: async () => {},
  subscriptionChanged: async () => {},
  calendarChanged: async () => {},
  status: async () => null,
  snooze: async () => null,
};

/** Where out-of-band messages go (announcements to feeds, DMs). Adapters or the delivery queue implement it. */
export interface NotifierPort {
  /** To every chat subscribed to `feed`. `key` is the logical id that keeps it from going out twice. */
  toFeed(feed: Feed, notice: Notice, key: string): Promise<void>;
  /**
   * By direct message to a person. `person` is their record when the caller has just read it
   * (a reminder job), so that it is not read again.
   */
  toPerson(personId: number, notice: Notice, key: string, person?: Person): Promise<void>;
}

export const noNotifier: NotifierPort = { toFeed: async () => {}, toPerson: async () => {} };

/**
 * What a change must cause downstream, written to the outbox in the change's own transaction and
 * carried out by the relay (at once when it can, later when the queue is down).
 */
export type OutboxEvent =
  | { kind: 'item_changed'; ref: ItemRef }
  | { kind: 'subscription_changed'; sub: SubscriptionChange }
  | { kind: 'calendar_changed' }
  | { kind: 'to_feed'; feed: Feed; notice: Notice; key: string }
  | { kind: 'to_person'; personId: number; notice: Notice; key: string };

/** Where the outbox relay carries rows to: the queue when there is one, else the direct delivery. */
export interface RelayTarget {
  scheduler: Pick<SchedulerPort, 'itemChanged' | 'subscriptionChanged' | 'calendarChanged'>;
  notifier: NotifierPort;
}

/** A platform messages go out on. */
export type DeliveryPlatform = 'slack' | 'telegram' | 'zalo' | 'console';

/**
 * How far one delivery got through the parts of a split reply (messages, then images, then
 * documents), kept in the sent-ledger: a retry, in this process or another worker, resumes after
 * the last part that went out instead of posting the first ones again.
 */
export interface SendProgress {
  /** How many parts went out already (0 for a first attempt). */
  sent(): Promise<number>;
  /** Records that the parts before `next` went out. */
  reached(next: number): Promise<void>;
}

/**
 * Progress kept in this process only, for a caller that retries the same reply itself (an
 * adapter's answer to a command, waiting out a 429): the retry resumes where the last call stopped.
 */
export function memoryProgress(): SendProgress {
  let next = 0;
  return {
    sent: async () => next,
    reached: async (n) => {
      next = n;
    },
  };
}

export interface SendOptions {
  /** Where a split reply records how far it got; without it a failed send starts over. */
  progress?: SendProgress | undefined;
}

/** One platform's way out: adapters implement it, the delivery job (or the direct path) calls it. */
export interface Sender {
  platform: DeliveryPlatform;
  /**
   * Posts `reply` to a chat. Throws `RateLimitedError` on HTTP 429 (with the wait the platform
   * asked for) and `PermanentDeliveryError` when retrying cannot help (no such chat, bot removed).
   */
  send(chatId: string, reply: Reply, lang: Lang, opts?: SendOptions): Promise<void>;
  /** The chat id to reach `person` directly on this platform, or null when they have no identity here. */
  directChat(person: Person): Promise<string | null>;
}

/** The platform said "too many requests": wait `retryAfterMs`, then try again; nothing is lost. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(readonly retryAfterMs: number) {
    super(`rate limited: retry after ${retryAfterMs} ms`);
  }
}

/** Retrying cannot help (e.g. `channel_not_found`, bot blocked): goes to the dead letters at once. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/** How a command ended: it answered, the user got something wrong, or it failed on our side. */
export type CommandOutcome = 'ok' | 'user_error' | 'error';

/** How one hand-over to a platform ended. */
export type DeliveryOutcome = 'sent' | 'rate_limited' | 'failed';

/** What the dispatcher, the senders and the jobs count (Prometheus behind it, in `src/http/metrics.ts`). */
export interface Metrics {
  /** One command as it ended. */
  command(platform: string, command: string | null, outcome: CommandOutcome): void;
  /** One reminder sent; `plannedAt` (ms, on the injected clock) is when it was due to go out. */
  reminderSent(type: string, plannedAt: number | undefined, now: Date): void;
  /** One message handed to a platform. */
  delivery(platform: string, outcome: DeliveryOutcome): void;
}

export const noMetrics: Metrics = { command: () => {}, reminderSent: () => {}, delivery: () => {} };
