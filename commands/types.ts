import type { Reply } from '../src/domain/reply.ts';
import type { Lang } from '../src/domain/types.ts';
import type { Translate } from '../src/i18n/index.ts';
import type { Actor } from '../src/services/deps.ts';
import type { ChatRef } from '../src/services/feeds.ts';
import type { Services } from '../src/services/index.ts';

/** Everything a command may use: who, where, in which language, and the use cases. */
export interface CommandContext {
  services: Services;
  actor: Actor;
  chat: ChatRef;
  lang: Lang;
  /** The actor's time zone, for reading and showing dates. */
  tz: string;
  t: Translate;
  now: Date;
  /** The message this command replied to (Telegram), or a message a shortcut was used on. */
  replyTo?: { text: string; link?: string } | undefined;
  /** Which page of a long list to show. */
  page?: number | undefined;
}

export interface Subcommand {
  usage: string;
  /** i18n key of the one-line description. */
  summary: string;
}

/** One chat command: `/name` plus its usage. Same text on Slack, Telegram and the console. */
export interface Command {
  name: string;
  aliases?: string[];
  /** i18n key of the one-line description. */
  summary: string;
  usage: string;
  subcommands?: Record<string, Subcommand>;
  run(ctx: CommandContext, input: string): Promise<Reply>;
}
