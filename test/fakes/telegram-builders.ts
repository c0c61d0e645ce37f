import type { CallbackQuery, Chat, Message, Update, User } from 'grammy/types';
import { autoEntities } from './telegram-html.ts';
import {
  messageKey,
  nextMessageId,
  now,
  rememberChat,
  type TgState,
  toChat,
  toUser,
} from './telegram-state.ts';

/** What {@link buildMessage} takes: ids or partial objects; `chat` defaults to the sender's private chat. */
export interface MessageInput {
  from: number | (Partial<User> & { id: number });
  chat?: number | (Partial<Chat> & { id: number });
  text: string;
  /** The message this one replies to (e.g. `/blocker add` as a reply). */
  reply_to_message?: Message;
  date?: number;
}

/**
 * A user's text message as Telegram delivers it: the next message id in that chat, a `bot_command`
 * entity for each `/command` or `/command@botname`, `mention` entities, and the chat remembered
 * so the bot may answer in it.
 */
export function buildMessage(state: TgState, input: MessageInput): Message & Update.NonChannel {
  const from = toUser(input.from);
  const chat = rememberChat(state, toChat(input.chat ?? from.id, from));
  const entities = autoEntities(input.text);
  const message = {
    message_id: nextMessageId(state, chat.id),
    from,
    chat,
    date: input.date ?? now(),
    text: input.text,
    ...(entities.length > 0 && { entities }),
    ...(input.reply_to_message !== undefined && { reply_to_message: input.reply_to_message }),
  } as Message & Update.NonChannel;
  state.messages.set(messageKey(chat.id, message.message_id), message);
  return message;
}

/** What {@link buildCallback} takes: the button's message (object, or chat + id of a known one). */
export interface CallbackInput {
  from: number | (Partial<User> & { id: number });
  message: Message | { chat: number; message_id: number };
  data: string;
}

/** A `callback_query` update body (no update_id yet); its id becomes answerable once built. */
export function buildCallback(state: TgState, input: CallbackInput): { callback_query: CallbackQuery } {
  const from = toUser(input.from);
  const message =
    'date' in input.message
      ? input.message
      : state.messages.get(messageKey(input.message.chat, input.message.message_id));
  if (message === undefined)
    throw new Error('callback(): no such message in the fake; pass the Message object');
  state.seq += 1;
  const id = `${from.id}${String(state.seq).padStart(6, '0')}`;
  state.callbacks.add(id);
  return {
    callback_query: {
      id,
      from,
      message,
      chat_instance: `${-Math.abs(message.chat.id)}${message.chat.id > 0 ? 1 : 2}`,
      data: input.data,
    } as CallbackQuery,
  };
}
