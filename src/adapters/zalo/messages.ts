import type { Dispatcher, Incoming } from '../../dispatch.ts';
import type { InboxClaim } from '../../domain/ports.ts';
import { type Reply, reply } from '../../domain/reply.ts';
import type { Logger } from '../../logger.ts';
import { waitingOutRateLimits } from '../reply-retry.ts';
import type { ZaloSender } from './sender.ts';
import { chatOf, isText, whoOf, type ZaloUpdate } from './update.ts';

/** What the Zalo handlers share. */
export interface ZaloAdapter {
  dispatcher: Dispatcher;
  sender: ZaloSender;
  log: Logger;
}

/**
 * Posts a reply to the chat a person is talking in. On a 429 it waits the time asked (up to
 * 30 s, three times) and resumes after the parts already sent; other failures are logged.
 */
export async function deliver(z: ZaloAdapter, chatId: string, r: Reply): Promise<void> {
  try {
    await waitingOutRateLimits((progress) => z.sender.post(chatId, r, progress), z.log, { chatId });
  } catch (err) {
    z.log.error({ err, chatId }, 'zalo: reply not delivered');
  }
}

/**
 * One update, once (the inbox claim rides with it): a text message is a command (with or without
 * its slash, the same text as elsewhere) run through the dispatcher and answered in the chat;
 * any other message (a photo, a sticker) gets the short "text commands only" answer. Messages of
 * bots and events that are no message are not for the bot.
 */
export async function onUpdate(z: ZaloAdapter, update: ZaloUpdate, claim: InboxClaim | undefined) {
  const { message } = update;
  if (message.from.is_bot) return;
  const base: Omit<Incoming, 'text'> = {
    who: whoOf(message.from),
    chat: chatOf(message.chat),
    ...(claim ? { claim } : {}),
  };
  const chatId = message.chat.id;
  if (!isText(update)) {
    if (!update.event_name?.startsWith('message.')) return;
    await z.dispatcher.turn(base, (turn) => deliver(z, chatId, reply.info(turn.t('zalo.text_only'))));
    return;
  }
  const text = message.text ?? '';
  if (!text.trim()) return;
  const outcome = await z.dispatcher.handle({ ...base, text });
  await deliver(z, chatId, outcome.reply);
}
