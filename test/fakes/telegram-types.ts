import type { BotCommand, Message, Update, UserFromGetMe } from 'grammy/types';
import type { UploadedFile } from './http-util.ts';
import type { CallbackInput, MessageInput } from './telegram-builders.ts';
import type { WebhookState } from './telegram-state.ts';

/** Options for `startFakeTelegram`. */
export interface FakeTelegramOptions {
  /** Default `7000000001:TEST-steerbot-token`; the number before `:` is the bot's user id. */
  token?: string;
  /** Default `steerbot_test_bot`. */
  botUsername?: string;
  /** Refuse chats the fake never saw with `400 chat not found` (default: synthesize them). */
  strictChats?: boolean;
  /** Upper bound on a long poll's wait, whatever `timeout` asks (default 10 s). */
  maxPollSeconds?: number;
}

/** One request the fake answered (getUpdates is recorded when it returns, with what it returned). */
export interface TelegramCall {
  method: string;
  body: Record<string, unknown>;
  files: UploadedFile[];
  at: number;
  status: number;
  response: {
    ok: boolean;
    result?: unknown;
    error_code?: number;
    description?: string;
    parameters?: unknown;
  };
  /** Set when the call came as the body of a webhook response rather than an HTTP request. */
  via?: 'webhook_reply';
}

/** A message the bot sent or edited, from a successful sendMessage/sendPhoto/sendDocument/edit* call. */
export interface TelegramSent {
  method: string;
  chat_id: number;
  message_id: number;
  /** Text (or caption) as the user sees it, after parse_mode. */
  text: string | undefined;
  parse_mode: unknown;
  reply_markup: unknown;
  body: Record<string, unknown>;
  result: Message;
}

/** One attempt to POST an update to the webhook URL. */
export interface WebhookDelivery {
  update_id: number;
  status: number;
  error?: string;
  at: number;
}

/** An update to queue; `update_id` defaults to the next one. */
export type PushableUpdate = Omit<Update, 'update_id'> & { update_id?: number };

/** A running fake Bot API; see `startFakeTelegram`. */
export interface FakeTelegram {
  /** For grammY `new Bot(token, { client: { apiRoot } })` (no trailing slash). */
  apiRoot: string;
  token: string;
  /** What getMe answers; pass as grammY's `botInfo` to skip the getMe call. */
  botInfo: UserFromGetMe;
  calls: TelegramCall[];
  deliveries: WebhookDelivery[];
  /** Queues an update (to a waiting long poll, or POSTed to the webhook if one is set). */
  pushUpdate(update: PushableUpdate): Update;
  /** A realistic incoming text Message (not yet queued: wrap it as `pushUpdate({ message })`). */
  message(input: MessageInput): Message & Update.NonChannel;
  /** A callback_query update body for a button press (queue it with `pushUpdate`). */
  callback(input: CallbackInput): Pick<Update, 'callback_query'>;
  /** Messages the bot sent or edited, in order, optionally in one chat. */
  sent(chatId?: number): TelegramSent[];
  /** The commands set for a scope (default scope) and language (default none). */
  commands(scope?: object, languageCode?: string): BotCommand[] | undefined;
  webhook(): WebhookState | undefined;
  /** Updates queued and not yet confirmed. */
  pending(): Update[];
  /** Sends to this chat fail with 403 (the user blocked the bot / the bot was removed). */
  block(chatId: number): void;
  /** The next `count` calls to `method` answer 429 `Too Many Requests: retry after N`. */
  rateLimit(method: string, count: number, retryAfterSeconds: number): void;
  /** The next `count` calls to `method` answer this error. */
  fail(method: string, errorCode: number, description: string, count?: number): void;
  waitFor(predicate: (call: TelegramCall) => boolean, timeoutMs?: number): Promise<TelegramCall>;
  /** Resolves with the first webhook delivery (past or future) matching `predicate`. */
  waitForDelivery(predicate?: (d: WebhookDelivery) => boolean, timeoutMs?: number): Promise<WebhookDelivery>;
  /** Resolves once a long poll is hanging on the fake (already, or as soon as one arrives). */
  whenPolling(timeoutMs?: number): Promise<void>;
  /** Resolves once the bot has confirmed `updateId` with a later getUpdates offset (it has handled it). */
  whenConfirmed(updateId: number, timeoutMs?: number): Promise<void>;
  /** Releases a hanging long poll with `[]`, then stops the server. */
  close(): Promise<void>;
}
