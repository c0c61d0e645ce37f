import type { Chat, Message, MessageEntity, User } from 'grammy/types';
import type { ChatRef, Incoming, PlatformIdentity } from '../../dispatch.ts';

/** A Telegram user as the core's platform identity (id, name, @username, language). */
export function whoOf(user: User): PlatformIdentity {
  return {
    platform: 'telegram',
    id: String(user.id),
    name: [user.first_name, user.last_name].filter(Boolean).join(' ') || `tg:${user.id}`,
    ...(user.username ? { username: user.username } : {}),
    ...(user.language_code ? { lang: user.language_code } : {}),
  };
}

/** A Telegram chat as the core's chat reference; a private chat is a direct chat. */
export function chatOf(chat: Pick<Chat, 'id' | 'type'>): ChatRef {
  return { platform: 'telegram', id: String(chat.id), direct: chat.type === 'private' };
}

/** The `/command` or `/command@bot` a message starts with, or null when it starts with none. */
export function leadingCommand(message: Message): { name: string; bot: string | undefined } | null {
  const text = message.text ?? '';
  const entity = message.entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!entity) return null;
  const m = /^\/([^@\s]+)(?:@(\S+))?$/.exec(text.slice(0, entity.length));
  return m?.[1] ? { name: m[1].toLowerCase(), bot: m[2] } : null;
}

/**
 * The command text with each `text_mention` (a user who has no @username, picked from the mention
 * list) replaced by `<@tg:<id>>`: one word that is no option, which the core's person lookup
 * reads as that Telegram account (never by the name shown in the mention).
 */
export function commandText(text: string, entities: readonly MessageEntity[] = []): string {
  let out = text;
  const mentions = entities
    .filter((e): e is MessageEntity.TextMentionMessageEntity => e.type === 'text_mention')
    .sort((a, b) => b.offset - a.offset);
  for (const e of mentions)
    out = `${out.slice(0, e.offset)}<@tg:${e.user.id}>${out.slice(e.offset + e.length)}`;
  return out;
}

/** A link to a message in a supergroup or a public chat; none for private chats and basic groups. */
export function messageLink(message: Message): string | undefined {
  const chat = message.chat;
  if ('username' in chat && chat.username && chat.type !== 'private')
    return `https://t.me/${chat.username}/${message.message_id}`;
  const internal = /^-100(\d+)$/.exec(String(chat.id))?.[1];
  return internal ? `https://t.me/c/${internal}/${message.message_id}` : undefined;
}

/**
 * The message a command replied to, as the detail of a new blocker: its text or caption, unless
 * it is one of the bot's own messages (a prompt or a card is not a report).
 */
export function replyToOf(message: Message, botId: number): Incoming['replyTo'] {
  const target = message.reply_to_message;
  if (!target || target.from?.id === botId) return undefined;
  const text = target.text ?? target.caption;
  if (!text?.trim()) return undefined;
  const link = messageLink(target);
  return { text, ...(link ? { link } : {}) };
}

/** The dispatcher's input for a command typed in a message, with the base of its update. */
export function incomingOf(
  message: Message,
  text: string,
  botId: number,
  base: Omit<Incoming, 'text'>,
): Incoming {
  const replyTo = replyToOf(message, botId);
  return { ...base, text, ...(replyTo ? { replyTo } : {}) };
}
