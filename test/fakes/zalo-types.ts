/** The Zalo Bot API's shapes as the fake answers them (https://bot.zaloplatforms.com/docs). */

export interface ZaloUser {
  id: string;
  display_name: string;
  is_bot?: boolean;
}

/** A message a person sent the bot: text, or an image, a sticker, something else. */
export interface ZaloMessage {
  from: ZaloUser;
  chat: { id: string; chat_type: 'PRIVATE' | 'GROUP' };
  message_id: string;
  date: number;
  text?: string;
  photo_url?: string;
  sticker?: string;
  caption?: string;
}

/** One update: the event and its message. There is no update id. */
export interface ZaloUpdate {
  event_name: string;
  message: ZaloMessage;
}

/** One call the bot made to the fake, with the answer it got. */
export interface ZaloCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
  status: number;
  response: { ok: boolean; result?: unknown; error_code?: number; description?: string };
}

/** A message the bot sent (sendMessage or sendPhoto answered ok). */
export interface ZaloSent {
  method: 'sendMessage' | 'sendPhoto';
  chat_id: string;
  message_id: string;
  text?: string;
  photo?: string;
  caption?: string;
}

/** One POST of an update to the bot's webhook. */
export interface ZaloWebhookDelivery {
  message_id: string;
  status: number;
  at: number;
  error?: string;
}

export interface FakeZaloOptions {
  token?: string;
  /** The longest a getUpdates waits before its 408, whatever `timeout` asks (default 10 s). */
  maxPollSeconds?: number;
  /** Webhook bodies wrapped in `{ok:true, result}` (default) or the bare update. */
  webhookEnvelope?: boolean;
  /** Refuse (404) to send to a chat that never wrote to the bot, as Zalo does (default off). */
  strictChats?: boolean;
}

export interface FakeZalo {
  /** What `ZALO_API_ROOT` is set to. */
  apiRoot: string;
  token: string;
  botId: string;
  calls: readonly ZaloCall[];
  deliveries: readonly ZaloWebhookDelivery[];
  /** A person's text message in their private chat, queued for the bot. */
  say(from: ZaloUser, text: string): ZaloUpdate;
  /** Another event (`message.image.received`, `message.sticker.received`…) from a person, queued. */
  event(from: ZaloUser, eventName: string, extra?: Partial<ZaloMessage>): ZaloUpdate;
  /** Queues an update as it is (a repeated one included). */
  push(update: ZaloUpdate): ZaloUpdate;
  /** What the bot sent, in order, to one chat or to all. */
  sent(chatId?: string): ZaloSent[];
  webhook(): { url: string; secret_token: string } | undefined;
  /** Updates queued and not handed out yet. */
  pending(): readonly ZaloUpdate[];
  /** The next `count` calls to `method` answer 429 (with `retry_after` seconds when given). */
  rateLimit(method: string, count: number, retryAfterSeconds?: number): void;
  /** `count` calls to `method` (after the next `after` ones) fail with this code and description. */
  fail(method: string, code: number, description: string, count?: number, after?: number): void;
  waitFor(predicate: (c: ZaloCall) => boolean, timeoutMs?: number): Promise<ZaloCall>;
  waitForDelivery(
    predicate?: (d: ZaloWebhookDelivery) => boolean,
    timeoutMs?: number,
  ): Promise<ZaloWebhookDelivery>;
  /** Resolves once a getUpdates is waiting. */
  whenPolling(timeoutMs?: number): Promise<void>;
  /**
   * Resolves once the bot is done with the update of `messageId`: in polling, when it asks for
   * the next one after it was handed out; with a webhook, when the POST was answered 2xx.
   */
  whenDone(messageId: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}
