import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Delivery, targetLabel } from '../domain/delivery.ts';
import type { NotifierPort } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import { type FanOutDeps, fanOutNotifier } from '../services/deliver-notice.ts';
import { assertConnected } from './connection.ts';
import { deliveryJobId, deliveryQueue } from './names.ts';

export type { Delivery } from '../domain/delivery.ts';

/** Adds deliveries to the per-platform delivery queues; the only way a message goes out when Redis is up. */
export class DeliveryProducer {
  private readonly queues = new Map<string, Queue>();
  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
    /** Platforms deliveries are queued for (those some worker serves). */
    readonly platforms: readonly string[],
    private readonly log: Logger,
  ) {}

  queue(platform: string): Queue {
    let q = this.queues.get(platform);
    if (!q) {
      q = new Queue(deliveryQueue(platform), { connection: this.connection, prefix: this.prefix });
      q.on('error', (err) => this.log.debug({ err, platform }, 'delivery queue connection error'));
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

  /** The notifier port over the queues: a notice fans out to a feed's chats or a person's platforms. */
  notifier(deps: FanOutDeps): NotifierPort {
    return fanOutNotifier(
      deps,
      () => this.platforms,
      (d) => this.add(d),
      this.log,
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
