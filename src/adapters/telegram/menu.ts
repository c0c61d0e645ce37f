import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { commands } from '../../../commands/index.ts';
import { LANGS, type Lang } from '../../domain/types.ts';
import { translator } from '../../i18n/index.ts';

/** Telegram's limit on a command description. */
const DESCRIPTION_MAX = 256;

/** The command menu in one language: every registered command with its one-line help, and /cancel. */
export function menuFor(lang: Lang): BotCommand[] {
  const t = translator(lang);
  const list = commands.map((c) => ({ command: c.name, description: t(c.summary) }));
  list.push({ command: 'cancel', description: t('telegram.menu.cancel') });
  return list.map((c) => ({ ...c, description: c.description.slice(0, DESCRIPTION_MAX) }));
}

/**
 * Registers the menu Telegram shows when a user types `/`: one list per language
 * (`language_code` scope, picked by the user's app language) and a default for the rest.
 */
export async function registerMenu(api: Api, defaultLang: Lang): Promise<void> {
  await api.setMyCommands(menuFor(defaultLang));
  for (const lang of LANGS) await api.setMyCommands(menuFor(lang), { language_code: lang });
}
