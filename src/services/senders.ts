import {
  type DeliveryPlatform,
  type Metrics,
  noMetrics,
  type Sender,
  type SendOptions,
} from '../domain/ports.ts';
import type { Reply } from '../domain/reply.ts';
import type { Lang, Person } from '../domain/types.ts';

/**
 * The senders of the platforms this process runs, one per platform (a later one replaces an
 * earlier: an adapter's own sender takes the place of the one made from the config). Every send is
 * counted on `metrics`: sent, rate limited (429) or failed.
 */
export class Senders {
  private readonly map = new Map<DeliveryPlatform, Sender>();
  constructor(private readonly metrics: Metrics = noMetrics) {}

  register(sender: Sender): void {
    this.map.set(sender.platform, new MeteredSender(sender, this.metrics));
  }
  get(platform: string): Sender | undefined {
    return this.map.get(platform as DeliveryPlatform);
  }
  all(): Sender[] {
    return [...this.map.values()];
  }
}

class MeteredSender implements Sender {
  readonly platform: DeliveryPlatform;
  constructor(
    private readonly inner: Sender,
    private readonly metrics: Metrics,
  ) {
    this.platform = inner.platform;
  }
  directChat(person: Person): Promise<string | null> {
    return this.inner.directChat(person);
  }
  async send(chatId: string, reply: Reply, lang: Lang, opts?: SendOptions): Promise<void> {
    try {
      await this.inner.send(chatId, reply, lang, opts);
      this.metrics.delivery(this.platform, 'sent');
    } catch (err) {
      const limited = (err as Error | null)?.name === 'RateLimitedError';
      this.metrics.delivery(this.platform, limited ? 'rate_limited' : 'failed');
      throw err;
    }
  }
}
