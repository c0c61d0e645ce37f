import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Delivery, targetLabel } from '../domain/delivery.ts';
import type { NotifierPort } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import { type FanOutDeps, fanOutNotifier } from '../services/deliver-notice.ts';
import { assertConnected } from './connection.ts';
import { deliveryJobId, deliveryLane, deliveryQueue } from './names.ts';
import { DELIVERY_LANES } from './workers.ts';

export type { Delivery } from '../domain/delivery.ts';

/**
 * Adds deliveries to the platforms' delivery queues, each to its chat's lane (`DELIVERY_LANES`);
 * the only way a message goes out when Redis is up.
 */
export class DeliveryProducer {
  private readonly queues = new Map<string, Queue>();
  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
    /** Platforms deliveries are queued for (those some worker serves). */
    readonly platforms: readonly string[],
    private readonly log: Logger,
    /** Lanes per platform, over `DELIVERY_LANES` (tests). */
    private readonly laneCounts: Record<string, number> = {},
  ) {}

  /** How many lanes `platform` has. */
  lanes(platform: string): number {
    return Math.max(1, this.laneCounts[platform] ?? DELIVERY_LANES[platform] ?? 1);
  }

  /** Lane `lane` (default the first) of `platform`'s delivery queues. */
  queue(platform: string, lane = 0): Queue {
    const name = deliveryQueue(platform, lane);
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
      q.on('error', (err) => this.log.debug({ err, platform }, 'delivery queue connection error'));
      this.queues.set(name, q);
    }
    return q;
  }

  /** Every lane of `platform`. */
  laneQueues(platform: string): Queue[] {
    return Array.from({ length: this.lanes(platform) }, (_, i) => this.queue(platform, i));
  }

  /** The lane `d` goes through: its chat's (or person's) on its platform. */
  queueOf(d: Pick<Delivery, 'platform' | 'target'>): Queue {
    return this.queue(d.platform, deliveryLane(targetLabel(d.target), this.lanes(d.platform)));
  }

  /** Queues one delivery; adding the same (key, platform, target) again is a no-op. */
  async add(d: Delivery): Promise<void> {
    if (!this.platforms.includes(d.platform)) return;
    assertConnected(this.connection);
    await this.queueOf(d).add('deliver', d, {
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
