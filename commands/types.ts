import type { z } from 'zod';
import type { ChatRef } from '../src/domain/records.ts';
import type { Reply } from '../src/domain/reply.ts';
import type { Lang } from '../src/domain/types.ts';
import type { Translate } from '../src/i18n/index.ts';
import type { Actor } from '../src/services/deps.ts';
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

/**
 * One thing a command does: its usage, how typed text becomes its input (the parser), and what it
 * does with that input (the executor). Adapters with forms (Slack's modal, Telegram's guided
 * conversation) hand the executor typed values directly; `input` checks them either way.
 */
export interface Subcommand<I = unknown> {
  usage: string;
  /** i18n key of the one-line description. */
  summary: string;
  /** Other words for it (Vietnamese ones too). */
  aliases?: readonly string[];
  /** The shape of the typed input (zod). */
  input?: z.ZodType<I>;
  /** Text (after the command and subcommand words) -> typed input. */
  parse?(ctx: CommandContext, text: string): I | Promise<I>;
  /** Typed input -> service call -> reply. */
  exec?(ctx: CommandContext, input: I): Promise<Reply>;
  /**
   * What it answers when typed with nothing after it, instead of parsing (`/blocker add` alone
   * asks for its form: see `reply.form`).
   */
  bare?(ctx: CommandContext): Promise<Reply>;
  /**
   * The permission rule of the executor for the record `value` (`B-3`, `X-2`), checked before a
   * platform opens a form for it (throws the same UserError the executor would), so nobody fills
   * in a form only to be refused.
   */
  check?(ctx: CommandContext, value: string): Promise<void>;
}

/** One chat command: `/name` plus its usage. Same text on Slack, Telegram and the console. */
export interface Command {
  name: string;
  aliases?: string[];
  /** i18n key of the one-line description. */
  summary: string;
  usage: string;
  // biome-ignore lint/suspicious/noExplicitAny: each subcommand has its own input type; `input` checks it at run time
  subcommands?: Record<string, Subcommand<any>>;
  /** A command without subcommands: its parser and executor. */
  // biome-ignore lint/suspicious/noExplicitAny: as above
  main?: Subcommand<any>;
  run(ctx: CommandContext, input: string): Promise<Reply>;
}
