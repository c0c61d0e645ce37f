import { type Content, type Delivery, deliverySchema } from '../src/domain/delivery.ts';
import { translator } from '../src/i18n/index.ts';
import { noticeReply } from '../src/present/notice.ts';
import { summaryPost } from '../src/present/summary-post.ts';
import { type Compose, type DeliverResult, deliverNotice } from '../src/services/deliver-notice.ts';
import type { SummaryService } from '../src/services/summary.ts';
import { defineJob, type JobContext } from './job.ts';

/** The content in the words of the chat it goes to: a notice, or the summary as /summary shows it (with its chart, and the monthly .docx), computed when it goes out. */
export function compose(summary: Pick<SummaryService, 'compute'>, content: Content): Compose {
  return async ({ lang, tz }) => {
    const t = translator(lang);
    if ('notice' in content) return noticeReply(t, content.notice);
    return summaryPost({ t, lang, tz }, await summary.compute(null, content.summary));
  };
}

/** Delivers `d` now, once (see `deliverNotice`): the deliver job's work, and the direct path's when there is no Redis. */
export function deliverNow(
  ctx: Pick<JobContext, 'services' | 'senders' | 'config'>,
  d: Delivery,
): Promise<DeliverResult> {
  const { ledger, feeds, identity, summary } = ctx.services;
  return deliverNotice(
    { ledger, feeds, identity, senders: ctx.senders, config: ctx.config },
    d,
    compose(summary, d.content),
  );
}

/**
 * Posts one message to one chat or person through the platform's sender, once. The sender's
 * RateLimitedError / PermanentDeliveryError are handled by the worker (wait / dead letter).
 */
export const deliver = defineJob({
  name: 'deliver',
  schema: deliverySchema,
  process: (ctx, d) => deliverNow(ctx, d),
});
