import type { Message } from 'grammy/types';
import { splitCommand } from '../../dispatch.ts';
import { reply } from '../../domain/reply.ts';
import { type Adapter, answering, ask, deliver, run, step } from './adapter.ts';
import { type Draft, draftKey, firstPrompt } from './conversation.ts';
import { chatOf, commandText, incomingOf, leadingCommand, replyToOf, whoOf } from './incoming.ts';

/**
 * A text message: a command (run through the dispatcher, `/cancel` and the guided `/blocker add`
 * handled here), an answer to an open question, or, in a private chat, a command typed without
 * its slash. Other group chatter is not for the bot.
 */
export async function onText(a: Adapter, message: Message): Promise<void> {
  const from = message.from;
  const text = message.text ?? '';
  if (!from || from.is_bot || !text.trim()) return;
  const chat = message.chat;
  const key = draftKey(chat.id, from.id);
  const base = { who: whoOf(from), chat: chatOf(chat) };
  const to = answering(chat, message.message_id);
  const cmd = leadingCommand(message);

  if (cmd) {
    if (cmd.bot && cmd.bot.toLowerCase() !== a.me.username.toLowerCase()) return;
    const { t } = await a.app.dispatcher.contextFor({ ...base, text: '' });
    if (cmd.name === 'cancel') {
      const had = a.drafts.delete(key);
      await deliver(a, chat.id, reply.info(t(had ? 'telegram.cancelled' : 'telegram.nothing_to_cancel')), to);
      return;
    }
    const full = cmd.name === 'start' ? '/start' : commandText(text, message.entities);
    const { name, rest } = splitCommand(full);
    if (name === 'blocker' && /^add$/i.test(rest)) {
      const replyTo = replyToOf(message, a.me.id);
      const draft: Draft = { kind: 'add', step: 'title', ...(replyTo ? { replyTo } : {}) };
      a.drafts.set(key, draft);
      await ask(a, chat.id, firstPrompt(t, draft), t, to.replyToMessageId);
      return;
    }
    if (name === 'wg' && /^link$/i.test(rest) && chat.type !== 'private') {
      const url = `https://t.me/${a.me.username}`;
      await deliver(a, chat.id, reply.info(t('telegram.link_private', { url })), to);
      return;
    }
    await dispatch(a, message, full);
    return;
  }

  const draft = a.drafts.get(key);
  const toBot = message.reply_to_message?.from?.id === a.me.id;
  if (draft && (chat.type === 'private' || toBot)) {
    await step(a, key, draft, text, { chat, base, messageId: message.message_id });
    return;
  }
  if (chat.type === 'private') await dispatch(a, message, commandText(text, message.entities));
}

/** Runs a command line through the dispatcher and posts the reply where it was typed. */
async function dispatch(a: Adapter, message: Message, text: string): Promise<void> {
  const incoming = incomingOf(message, text, a.me.id);
  if (!incoming) return;
  const outcome = await run(a, incoming);
  await deliver(a, message.chat.id, outcome.reply, {
    ...answering(message.chat, message.message_id),
    command: { text, ...(incoming.replyTo ? { replyTo: incoming.replyTo } : {}) },
  });
}
