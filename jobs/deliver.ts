import { PermanentDeliveryError } from '../src/delivery/types.ts';
import { replyLang } from '../src/domain/lang.ts';
import type { Lang } from '../src/domain/types.ts';
import { translator } from '../src/i18n/index.ts';
import { noticeReply } from '../src/present/notice.ts';
import { summaryPost } from '../src/present/summary-post.ts';
import { deliverySchema, ledgerKey } from '../src/queue/delivery.ts';
import { defineJob } from '../src/queue/job.ts';
import { UnconfirmedDeliveryError } from '../src/queue/ledger.ts';

/**
 * Posts one message to one chat or person through the platform's sender, once: the sent-ledger
 * (keyed by the message's logical id and target) turns a retried or redelivered job into a no-op.
 * The sender's RateLimitedError / PermanentDeliveryError are handled by the worker (wait / dead letter).
 */
export const deliver = defineJob({
  name: 'deliver',
  schema: deliverySchema,
  async process(ctx, d) {
    const { services, config } = ctx;
    const { ledger } = services;
    const key = ledgerKey(d);
    if (await ledger.wasSent(key)) return { duplicate: true };
    const claim = `${key}#sending`;
    const sender = ctx.senders.get(d.platform);
    if (!sender) throw new Error(`no sender for ${d.platform} in this process`);
    let chatId: string;
    let lang: Lang;
    let tz = config.TZ_DEFAULT;
    if ('chatId' in d.target) {
      chatId = d.target.chatId;
      const platform = d.platform as 'slack' | 'telegram' | 'console';
      lang = replyLang(await services.feeds.chatLang({ platform, id: chatId }), null, config.BOT_LOCALE);
    } else {
      const person = (await services.identity.byIds([d.target.personId])).get(d.target.personId);
      if (!person) throw new PermanentDeliveryError(`person ${d.target.personId} no longer exists`);
      const direct = await sender.directChat(person);
      if (!direct) throw new PermanentDeliveryError(`${person.name} cannot be reached on ${d.platform}`);
      chatId = direct;
      lang = replyLang(null, person.lang, config.BOT_LOCALE);
      tz = person.tz ?? tz;
    }
    const t = translator(lang);
    /** The summary as /summary shows it, with its chart (computed when it goes out). */
    /** The summary as /summary shows it, with its chart and the monthly .docx (computed when it goes out). */
    const summaryWithChart = async (period: 'week' | 'month') =>
      summaryPost({ t, lang, tz }, await services.summary.compute(null, period));
    const reply =
      'notice' in d.content ? noticeReply(t, d.content.notice) : await summaryWithChart(d.content.summary);
    // The claim is what makes "never twice" hold across a crash: a process that died between the
    // platform's answer and the ledger leaves it behind, and the next attempt does not post again.
    if (!(await ledger.mark(claim))) {
      await ledger.mark(key);
      throw new UnconfirmedDeliveryError(
        `a worker stopped while sending this message to ${d.platform} ${chatId}; it was probably delivered, not sent again`,
      );
    }
    try {
      await sender.send(chatId, reply, lang);
    } catch (err) {
      await ledger.release(claim); // the platform said no: a retry may send it
      throw err;
    }
    await ledger.mark(key);
    return { chatId };
  },
});
