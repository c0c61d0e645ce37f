import { type Api, GrammyError } from 'grammy';
import { PermanentDeliveryError, RateLimitedError, type Sender } from '../../delivery/types.ts';
import { renderTelegram } from '../../render/telegram.ts';

/**
 * Telegram's way out for the delivery queue: every message of the rendered reply via sendMessage.
 * (Minimal version written for the queue issue; the Telegram adapter owns this file.)
 */
export function telegramSender(api: Api): Sender {
  return {
    platform: 'telegram',
    async send(chatId, reply) {
      for (const m of renderTelegram(reply).messages) {
        try {
          await api.sendMessage(chatId, m.text, {
            parse_mode: m.parse_mode,
            ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
          });
        } catch (err) {
          if (err instanceof GrammyError) {
            if (err.error_code === 429) {
              throw new RateLimitedError((err.parameters.retry_after ?? 1) * 1000);
            }
            if (err.error_code === 403 || /chat not found/i.test(err.description)) {
              throw new PermanentDeliveryError(err.description);
            }
          }
          throw err;
        }
      }
    },
    async directChat(person) {
      return person.telegramId;
    },
  };
}
