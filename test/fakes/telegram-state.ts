import type { BotCommand, Chat, Message, User, UserFromGetMe } from 'grammy/types';

/** A Bot API error, answered as `{ ok: false, error_code, description, parameters? }` with that HTTP status. */
export class TgError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
  }
}

/** `400 Bad Request: …`, the Bot API's usual refusal. */
export const badRequest = (what: string): TgError => new TgError(400, `Bad Request: ${what}`);

/** What `setWebhook` stored. */
export interface WebhookState {
  url: string;
  secret_token?: string;
  allowed_updates?: string[];
  last_error_date?: number;
  last_error_message?: string;
}

/** The fake Telegram's world: the bot, chats, messages, callback queries, commands, webhook. */
export interface TgState {
  bot: UserFromGetMe;
  chats: Map<number, Chat>;
  /** Every message the fake knows (built incoming ones and the bot's own), by `chat:message_id`. */
  messages: Map<string, Message>;
  lastMessageId: Map<number, number>;
  /** Callback query ids delivered and not yet answered. */
  callbacks: Set<string>;
  /** Command lists by `JSON(scope)|language_code`. */
  commands: Map<string, BotCommand[]>;
  webhook: WebhookState | undefined;
  blocked: Set<number>;
  /** When true, a chat the fake never saw is `chat not found` (as for a user who never started the bot). */
  strictChats: boolean;
  seq: number;
}

/** Creates the state for a bot with this token and username. */
export function createState(token: string, username: string, strictChats: boolean): TgState {
  const id = Number(token.split(':')[0]) || 7000000001;
  return {
    bot: {
      id,
      is_bot: true,
      first_name: 'steerbot',
      username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    } as UserFromGetMe,
    chats: new Map(),
    messages: new Map(),
    lastMessageId: new Map(),
    callbacks: new Set(),
    commands: new Map(),
    webhook: undefined,
    blocked: new Set(),
    strictChats,
    seq: 0,
  };
}

/** Unix time in seconds, as Telegram dates are. */
export const now = (): number => Math.floor(Date.now() / 1000);

/** Message ids are a per-chat sequence shared by incoming and outgoing messages, as in Telegram. */
export function nextMessageId(state: TgState, chatId: number): number {
  const id = (state.lastMessageId.get(chatId) ?? 0) + 1;
  state.lastMessageId.set(chatId, id);
  return id;
}

/** A user from an id or a partial user (first name defaults to `User <id>`). */
export function toUser(u: number | (Partial<User> & { id: number })): User {
  const base = typeof u === 'number' ? { id: u } : u;
  return { is_bot: false, first_name: `User ${base.id}`, language_code: 'en', ...base };
}

/** A chat from an id or a partial chat: positive ids are private chats, negative ones supergroups. */
export function toChat(c: number | (Partial<Chat> & { id: number }), from?: User): Chat {
  const base = typeof c === 'number' ? { id: c } : c;
  if (base.id > 0) {
    const who = from?.id === base.id ? from : undefined;
    return {
      type: 'private',
      first_name: who?.first_name ?? `User ${base.id}`,
      ...(who?.username !== undefined && { username: who.username }),
      ...base,
    } as Chat;
  }
  return { type: 'supergroup', title: `Group ${base.id}`, ...base } as Chat;
}

/** Registers (or refreshes) a chat the bot can now talk to. */
export function rememberChat(state: TgState, chat: Chat): Chat {
  state.chats.set(chat.id, chat);
  return chat;
}

/** Resolves `chat_id` for a send: known chats, else synthesized unless `strictChats`; blocked → 403. */
export function chatFor(state: TgState, chatId: unknown): Chat {
  if (chatId === undefined || chatId === '') throw badRequest('chat_id is empty');
  const id = typeof chatId === 'number' ? chatId : Number(chatId);
  if (!Number.isSafeInteger(id)) throw badRequest('chat not found');
  if (state.blocked.has(id)) {
    throw new TgError(
      403,
      id > 0 ? 'Forbidden: bot was blocked by the user' : 'Forbidden: bot was kicked from the group chat',
    );
  }
  const known = state.chats.get(id);
  if (known !== undefined) return known;
  if (state.strictChats) throw badRequest('chat not found');
  return rememberChat(state, toChat(id));
}

/** The key of a message in {@link TgState.messages}. */
export const messageKey = (chatId: number, messageId: number): string => `${chatId}:${messageId}`;
