import type { Lang } from './types.ts';

/**
 * The language steerbot answers in: the chat's own (set with `/lang` there), else the person's,
 * else the bot's default (`BOT_LOCALE`).
 */
export function replyLang(
  chatLang: Lang | null | undefined,
  personLang: Lang | null | undefined,
  fallback: Lang,
): Lang {
  return chatLang ?? personLang ?? fallback;
}
