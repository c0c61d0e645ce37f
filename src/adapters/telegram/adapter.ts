import type { Api } from 'grammy';
import type { Message, UserFromGetMe } from 'grammy/types';
import type { Dispatcher, Incoming, Outcome, Turn } from '../../dispatch.ts';
import type { Reply } from '../../domain/reply.ts';
import type { Lang } from '../../domain/types.ts';
import { catalogs, type Translate } from '../../i18n/index.ts';
import type { Logger } from '../../logger.ts';
import { replyPage } from '../../render/buttons.ts';
import { escapeHtml, TELEGRAM_PAGE_SIZE } from '../../render/telegram.ts';
import { waitingOutRateLimits } from '../reply-retry.ts';
import { answer, categoryKeyboard, type Draft, type Drafts, type Prompt } from './conversation.ts';
import type { PostOptions, TelegramSender } from './sender.ts';

/** The command behind a paginated list message, so "Next »" can run it again for another page. */
export interface PagedCommand {
  text: string;
  replyTo?: Incoming['replyTo'];
}

/** The last few hundred paginated messages by `chat:message_id` (in memory: old pagers expire). */
export class Pages {
  private readonly map = new Map<string, PagedCommand>();
  constructor(private readonly max = 500) {}
  get(chatId: number, messageId: number): PagedCommand | undefined {
    return this.map.get(`${chatId}:${messageId}`);
  }
  set(chatId: number, messageId: number, cmd: PagedCommand): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(`${chatId}:${messageId}`, cmd);
  }
}

/**
 * The reply with its page line as a template. The dispatcher translates `word.page` without
 * parameters, which empties `{page}` and `{pages}` ("Page  of "); the renderer needs them.
 */
export function withPageLabel(reply: Reply, lang: Lang): Reply {
  if (!reply.labels) return reply;
  return { ...reply, labels: { ...reply.labels, page: catalogs[lang]['word.page'] } };
}

/** An outcome with the page line the Telegram renderer needs. */
export function paged(outcome: Outcome): Outcome {
  return { ...outcome, reply: withPageLabel(outcome.reply, outcome.lang) };
}

/** Runs a command line through the dispatcher, as the person in `incoming`. */
export async function run(a: Adapter, incoming: Incoming): Promise<Outcome> {
  return paged(await a.dispatcher.handle(incoming));
}

/** Everything the Telegram handlers share. */
export interface Adapter {
  dispatcher: Dispatcher;
  api: Api;
  sender: TelegramSender;
  drafts: Drafts;
  pages: Pages;
  me: UserFromGetMe;
  log: Logger;
}

/**
 * Posts a reply to the chat a user is talking in. On HTTP 429 it waits the time Telegram asks
 * (up to 30 s, three times) and resumes where it stopped; other failures are logged. A list long
 * enough to have pages is remembered with its command, for the page buttons.
 */
export async function deliver(
  a: Adapter,
  chatId: number,
  reply: Reply,
  opts: PostOptions & { command?: PagedCommand } = {},
): Promise<Message[]> {
  try {
    const sent = await waitingOutRateLimits(
      (progress) => a.sender.post(chatId, reply, { ...opts, progress }),
      a.log,
      { chatId },
    );
    const last = sent.filter((m) => 'text' in m).at(-1);
    if (opts.command && last && replyPage(reply, opts.page, TELEGRAM_PAGE_SIZE).pages > 1)
      a.pages.set(chatId, last.message_id, opts.command);
    return sent;
  } catch (err) {
    a.log.error({ err, chatId }, 'telegram: reply not delivered');
    return [];
  }
}

/** The parameters that make a message an answer to another one, in a group. */
export function answering(chat: { type: string }, messageId: number | undefined): PostOptions {
  return chat.type === 'private' || messageId === undefined ? {} : { replyToMessageId: messageId };
}

/**
 * Asks a conversation question. Typed answers are requested with ForceReply, so that in a group
 * with privacy mode on (where the bot sees only commands and replies to itself) the answer still
 * reaches the bot; the category question comes with buttons instead. `mention` names the person
 * asked (a question after a button press in a group answers no message of theirs).
 */
export async function ask(
  a: Adapter,
  chatId: number,
  prompt: Prompt,
  t: Translate,
  replyToMessageId?: number,
  mention?: { id: number; name: string },
): Promise<void> {
  const markup = prompt.categories
    ? { inline_keyboard: categoryKeyboard(t) }
    : { force_reply: true as const, selective: true };
  const text = mention
    ? `<a href="tg://user?id=${mention.id}">${escapeHtml(mention.name)}</a>: ${escapeHtml(prompt.text)}`
    : prompt.text;
  try {
    await a.api.sendMessage(chatId, text, {
      reply_markup: markup,
      ...(mention ? { parse_mode: 'HTML' as const } : {}),
      ...(replyToMessageId !== undefined
        ? { reply_parameters: { message_id: replyToMessageId, allow_sending_without_reply: true } }
        : {}),
    });
  } catch (err) {
    a.log.error({ err, chatId }, 'telegram: question not delivered');
  }
}

/** One answer to an open conversation, in the person's turn: ask the next question, say what was wrong, or submit. */
export async function step(
  a: Adapter,
  turn: Turn,
  key: string,
  draft: Draft,
  value: string,
  where: { chat: { id: number; type: string }; messageId?: number },
): Promise<void> {
  const { t } = turn;
  const result = await answer(draft, value, {
    t,
    tz: turn.tz,
    now: turn.now,
    unit: (name) => turn.unit(name),
  });
  const to = answering(where.chat, where.messageId).replyToMessageId;
  if ('retry' in result) return ask(a, where.chat.id, { text: result.retry }, t, to);
  if ('next' in result) {
    a.drafts.set(key, result.next);
    return ask(a, where.chat.id, result.prompt, t, to);
  }
  a.drafts.delete(key);
  const outcome = paged(await turn.execute(result.submit, result.replyTo));
  await deliver(a, where.chat.id, outcome.reply, answering(where.chat, where.messageId));
  // A refused extension date or reason may be fixed and sent again: keep that question open.
  if (outcome.reply.kind === 'error' && draft.kind !== 'add') {
    a.drafts.set(key, draft);
    await ask(a, where.chat.id, { text: t('telegram.try_again', { error: '' }).trim() }, t, to);
  }
}
