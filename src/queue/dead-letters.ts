import { type Delivery, targetLabel } from '../domain/delivery.ts';
import type { FeedsService } from '../services/feeds.ts';
import type { DeliveryProducer } from './delivery.ts';

/**
 * Tells every `alerts` chat that a delivery failed for good (after its retries, or at once for a
 * permanent error). A dead letter is not dead-lettered again.
 */
export function deadLetters(feeds: Pick<FeedsService, 'subscribers'>, delivery: DeliveryProducer) {
  return async (d: Delivery, attempts: number, reason: string, jobId: string): Promise<void> => {
    if (d.deadLetter) return;
    for (const sub of await feeds.subscribers('alerts')) {
      await delivery.add({
        platform: sub.platform,
        target: { chatId: sub.chatId },
        content: {
          notice: {
            kind: 'notice.dead_letter',
            params: { target: `${d.platform} ${targetLabel(d.target)}`, attempts, reason },
          },
        },
        key: `dead_${jobId}`,
        deadLetter: true,
      });
    }
  };
}
