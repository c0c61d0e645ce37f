import type { Reply } from '../domain/reply.ts';
import type { Lang, Person } from '../domain/types.ts';

export type DeliveryPlatform = 'slack' | 'telegram' | 'console';

/** One platform's way out: adapters implement it, the delivery queue (or the direct notifier) calls it. */
export interface Sender {
  platform: DeliveryPlatform;
  /**
   * Posts `reply` to a chat. Throws `RateLimitedError` on HTTP 429 (with the wait the platform
   * asked for) and `PermanentDeliveryError` when retrying cannot help (no such chat, bot removed).
   */
  send(chatId: string, reply: Reply, lang: Lang): Promise<void>;
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

/** The senders of the platforms this process runs. */
export class Senders {
  private readonly map = new Map<DeliveryPlatform, Sender>();
  register(sender: Sender): void {
    this.map.set(sender.platform, sender);
  }
  get(platform: string): Sender | undefined {
    return this.map.get(platform as DeliveryPlatform);
  }
  all(): Sender[] {
    return [...this.map.values()];
  }
}
