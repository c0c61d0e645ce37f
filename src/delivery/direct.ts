import { replyLang } from '../domain/lang.ts';
import type { Notice } from '../domain/notice.ts';
import type { NotifierPort } from '../domain/ports.ts';
import type { Feed, Lang } from '../domain/types.ts';
import { translator } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import { noticeReply } from '../present/notice.ts';
import type { Services } from '../services/index.ts';
import type { Senders } from './types.ts';

/**
 * Sends notices at once through the platform senders, without a queue: used when Redis is not
 * reachable. Failures are logged, not retried (the queued path retries and keeps a ledger).
 */
export function directNotifier(services: Services, senders: Senders, log: Logger): NotifierPort {
  const config = services.config;
  async function post(platform: string, chatId: string, lang: Lang, notice: Notice, key: string) {
    const sender = senders.get(platform);
    if (!sender) return;
    try {
      await sender.send(chatId, noticeReply(translator(lang), notice), lang);
    } catch (err) {
      log.error({ err, platform, chatId, key }, 'notice not delivered');
    }
  }
  return {
    async toFeed(feed: Feed, notice: Notice, key: string) {
      for (const sub of await services.feeds.subscribers(feed)) {
        const chatLang = await services.feeds.chatLang({ platform: sub.platform as 'slack', id: sub.chatId });
        const lang = replyLang(chatLang, null, config.BOT_LOCALE);
        await post(sub.platform, sub.chatId, lang, notice, key);
      }
    },
    async toPerson(personId: number, notice: Notice, key: string) {
      const person = (await services.identity.byIds([personId])).get(personId);
      if (!person) return;
      for (const sender of senders.all()) {
        const chatId = await sender.directChat(person);
        if (chatId)
          await post(sender.platform, chatId, replyLang(null, person.lang, config.BOT_LOCALE), notice, key);
      }
    },
  };
}
