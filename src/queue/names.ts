import { createHash } from 'node:crypto';
import type { ItemRef } from '../domain/ports.ts';

/** The queue of time-driven work: reminders, the overdue sweep, summaries, reconcile. */
export const SCHEDULE_QUEUE = 'schedule';

/**
 * Deliveries go through a platform's delivery queues, its lanes: lane 0 is `deliver-<platform>`,
 * lane i > 0 `deliver-<platform>-<i>`. Each lane has its own BullMQ limiter and runs one job at a
 * time; a chat always goes through the same lane (see {@link deliveryLane} and `DELIVERY_LANES`).
 */
export const deliveryQueue = (platform: string, lane = 0) =>
  lane === 0 ? `deliver-${platform}` : `deliver-${platform}-${lane}`;

/**
 * The lane of the chat or person `target` (a `targetLabel`) among `lanes`: a stable hash, the same
 * in every process, so messages to one chat are in one lane, one after the other, in order.
 */
export function deliveryLane(target: string, lanes: number): number {
  if (lanes <= 1) return 0;
  return createHash('sha1').update(target).digest().readUInt32BE(0) % lanes;
}

/** BullMQ job ids may not contain `:` nor be integers; keep them readable and safe. */
const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');

/**
 * The deterministic id of one reminder: the same (item, offset, deadline) is always the same job,
 * so adding it twice is a no-op, and a moved deadline gives new ids (the old ones are removed).
 */
export function reminderJobId(ref: ItemRef, offset: string, deadline: Date): string {
  return `rem_${ref.type}_${ref.id}_${safe(offset)}_${deadline.getTime()}`;
}

/**
 * The deterministic id of a snoozed reminder: one per (item, deadline, days). It ends with the
 * deadline like the planned reminders, so rescheduling keeps it while the deadline stands and
 * removes it when the deadline moves or the item closes.
 */
export function snoozeJobId(ref: ItemRef, days: number, deadline: Date): string {
  return reminderJobId(ref, `snooze${days}`, deadline);
}

/** The logical id of a delivery: one message (`key`) to one target on one platform. */
export function deliveryJobId(key: string, platform: string, target: string): string {
  const h = createHash('sha1').update(`${key}@${platform}:${target}`).digest('hex').slice(0, 24);
  return `d_${h}`;
}

/** Job scheduler ids, one per subscription and feed. */
export function subscriptionSchedulerId(feed: string, platform: string, chatId: string): string {
  return `sub_${safe(feed)}_${safe(platform)}_${safe(chatId)}`;
}
