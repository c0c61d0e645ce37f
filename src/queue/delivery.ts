import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Notice } from '../domain/notice.ts';
import type { NotifierPort } from '../domain/ports.ts';
import type { Feed, Person } from '../domain/types.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../services/index.ts';
import { assertConnected } from './connection.ts';
import { deliveryJobId, deliveryQueue } from './names.ts';

/** Who a delivery is for: a chat as it is, or a person whose direct chat the sender finds. */
export const targetSchema = z.union([
  z.object({ chatId: z.string() }),
  z.object({ personId: z.number().int() }),
]);
export type Target = z.infer<typeof targetSchema>;

/** What to post: a notice, or a summary computed when it goes out. */
export const contentSchema = z.union([
  z.object({
    notice: z.object({
      kind: z.string(),
      params: z.record(z.string(), z.union([z.string(), z.number()])),
      ref: z.object({ type: z.enum(['blocker', 'roadmap', 'extension']), id: z.number() }).optional(),
    }),
  }),
  z.object({ summary: z.enum(['week', 'month']) }),
]);
export type Content = z.infer<typeof contentSchema>;

export const deliverySchema = z.object({
  platform: z.string(),
  target: targetSchema,
  content: contentSchema,
  /** The logical id: one message to one target goes out once, whatever retries happen. */
  key: z.string(),
  /** A dead letter is not dead-lettered again. */
  deadLetter: z.boolean().optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const targetLabel = (t: Target) => ('chatId' in t ? `chat:${t.chatId}` : `person:${t.personId}`);
/** The sent-ledger key of a delivery. */
export const ledgerKey = (d: Delivery) => `${d.key}@${d.platform}:${targetLabel(d.target)}`;

/** The platforms a person can be reached on, from their linked identities. */
function platformsOf(p: Person): string[] {
  const out: string[] = [];
  if (p.slackId) out.push('slack');
  if (p.telegramId) out.push('telegram');
  if (p.consoleUser) out.push('console');
  return out;
}

/** Adds deliveries to the per-platform delivery queues; the only way a message goes out when Redis is up. */
export class DeliveryProducer {
  private readonly queues = new Map<string, Queue>();
  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
    /** Platforms deliveries are queued for (those some worker serves). */
    readonly platforms: readonly string[],
    private readonly log?: Logger,
  ) {}

  queue(platform: string): Queue {
    let q = this.queues.get(platform);
    if (!q) {
      q = new Queue(deliveryQueue(platform), { connection: this.connection, prefix: this.prefix });
      q.on('error', (err) => this.log?.debug({ err, platform }, 'delivery queue connection error'));
      this.queues.set(platform, q);
    }
    return q;
  }

  /** Queues one delivery; adding the same (key, platform, target) again is a no-op. */
  async add(d: Delivery): Promise<void> {
    if (!this.platforms.includes(d.platform)) return;
    assertConnected(this.connection);
    await this.queue(d.platform).add('deliver', d, {
      jobId: deliveryJobId(d.key, d.platform, targetLabel(d.target)),
      attempts: 6,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 3 * 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
  }

  /** The notifier port over the queues: fan a notice out to a feed's chats or a person's platforms. */
  notifier(services: Services, log: Logger): NotifierPort {
    return {
      toFeed: async (feed: Feed, notice: Notice, key: string) => {
        for (const sub of await services.feeds.subscribers(feed)) {
          await this.add({
            platform: sub.platform,
            target: { chatId: sub.chatId },
            content: { notice },
            key,
          });
        }
      },
      toPerson: async (personId: number, notice: Notice, key: string) => {
        const person = (await services.identity.byIds([personId])).get(personId);
        const platforms = person ? platformsOf(person).filter((p) => this.platforms.includes(p)) : [];
        if (platforms.length === 0) log.warn({ personId, key }, 'no platform to reach this person on');
        for (const platform of platforms) {
          await this.add({ platform, target: { personId }, content: { notice }, key });
        }
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
