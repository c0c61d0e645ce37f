import type { Message, User } from 'grammy/types';
import { type Incoming, splitCommand } from '../../dispatch.ts';
import { reply } from '../../domain/reply.ts';
import { translator } from '../../i18n/index.ts';
import { type Adapter, answering, ask, deliver, run, step } from './adapter.ts';
import { type Draft, draftKey, firstPrompt } from './conversation.ts';
import { commandText, incomingOf, leadingCommand, replyToOf } from './incoming.ts';
import { incomingFor, type UpdateState } from './update.ts';

/**
 * A text message: a command (run through the dispatcher; `/cancel` handled here, and a command
 * that asks for a form — `/blocker add` alone — starts the guided questions), an answer to an
 * open question, or, in a private chat, a command typed without its slash. Other group chatter
 * is not for the bot.
 */
export async function onText(a: Adapter, message: Message, u: UpdateState): Promise<void> {
  const from = message.from;
  const text = message.text ?? '';
  if (!from || from.is_bot || !text.trim()) return;
  const chat = message.chat;
  const cmd = leadingCommand(message);
  if (cmd) {
    if (cmd.bot && cmd.bot.toLowerCase() !== a.me.username.toLowerCase()) return;
    if (cmd.name === 'cancel') return cancel(a, message, incomingFor(u, from, chat));
    const full = cmd.name === 'start' ? '/start' : commandText(text, message.entities);
    const { name, rest } = splitCommand(full);
    if (name === 'wg' && /^link$/i.test(rest) && chat.type !== 'private')
      return linkInPrivate(a, message, u, from);
    return dispatch(a, message, full, u, from);
  }
  const key = draftKey(chat.id, from.id);
  const draft = a.drafts.get(key);
  const toBot = message.reply_to_message?.from?.id === a.me.id;
  if (draft && (chat.type === 'private' || toBot)) {
    await a.dispatcher.turn(incomingFor(u, from, chat), (turn) =>
      step(a, turn, key, draft, text, { chat, messageId: message.message_id }),
    );
    return;
  }
  if (chat.type === 'private') await dispatch(a, message, commandText(text, message.entities), u, from);
}

/** `/cancel`: ends the person's open conversation in this chat, saving nothing. */
async function cancel(a: Adapter, message: Message, base: Omit<Incoming, 'text'>): Promise<void> {
  const had = a.drafts.delete(draftKey(message.chat.id, base.who.id));
  await a.dispatcher.turn(base, (turn) =>
    deliver(
      a,
      message.chat.id,
      reply.info(turn.t(had ? 'telegram.cancelled' : 'telegram.nothing_to_cancel')),
      answering(message.chat, message.message_id),
    ),
  );
}

/** `/wg link` in a group: the code must not be shown there; it points to the private chat. */
async function linkInPrivate(a: Adapter, message: Message, u: UpdateState, from: User): Promise<void> {
  const url = `https://t.me/${a.me.username}`;
  await a.dispatcher.turn(incomingFor(u, from, message.chat), (turn) =>
    deliver(
      a,
      message.chat.id,
      reply.info(turn.t('telegram.link_private', { url })),
      answering(message.chat, message.message_id),
    ),
  );
}

/**
 * Runs a command line through the dispatcher and posts the reply where it was typed; a reply
 * that asks for the "Log a blocker" form starts its guided questions instead.
 */
async function dispatch(
  a: Adapter,
  message: Message,
  text: string,
  u: UpdateState,
  from: User,
): Promise<void> {
  const incoming = incomingOf(message, text, a.me.id, incomingFor(u, from, message.chat));
  const outcome = await run(a, incoming);
  const to = answering(message.chat, message.message_id);
  if (outcome.reply.form?.name === 'blocker.add') {
    const t = translator(outcome.lang);
    const replyTo = replyToOf(message, a.me.id);
    const draft: Draft = { kind: 'add', step: 'title', ...(replyTo ? { replyTo } : {}) };
    a.drafts.set(draftKey(message.chat.id, from.id), draft);
    await ask(a, message.chat.id, firstPrompt(t, draft), t, to.replyToMessageId);
    return;
  }
  await deliver(a, message.chat.id, outcome.reply, {
    ...to,
    command: { text, ...(incoming.replyTo ? { replyTo: incoming.replyTo } : {}) },
  });
}
