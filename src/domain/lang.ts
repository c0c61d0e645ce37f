import type { Lang } from './types.ts';

/**
 * The language steerbot answers in, one rule everywhere (commands, notices, the console): the
 * chat's (`/wg lang`), else the person's (`/wg me lang:…` or their platform's), else the bot's
 * (`BOT_LOCALE`). A notice to a whole feed has no person; a direct message has no chat setting.
 */
export function replyLang(
  chatLang: Lang | null | undefined,
  personLang: Lang | null | undefined,
  fallback: Lang,
): Lang {
  return chatLang ?? personLang ?? fallback;
}
