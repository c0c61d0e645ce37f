import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Message, Update } from 'grammy/types';
import { CallLog, RateLimits } from './call-log.ts';
import { listen, parseBody, readBody, sendJson, type UploadedFile } from './http-util.ts';
import { buildCallback, buildMessage } from './telegram-builders.ts';
import { Described, normalizeBody, notFound, telegramMethods } from './telegram-methods.ts';
import { createState, messageKey, now, rememberChat, TgError } from './telegram-state.ts';
import type {
  FakeTelegram,
  FakeTelegramOptions,
  TelegramCall,
  TelegramSent,
  WebhookDelivery,
} from './telegram-types.ts';
import { UpdateQueue } from './telegram-updates.ts';

export type { CallbackInput, MessageInput } from './telegram-builders.ts';
export type * from './telegram-types.ts';

const SENT_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'editMessageText',
  'editMessageReplyMarkup',
]);
/** Bot API method names are case-insensitive. */
const CANONICAL = new Map(
  [...Object.keys(telegramMethods), 'getUpdates', 'getWebhookInfo'].map((m) => [m.toLowerCase(), m]),
);

type Response = TelegramCall['response'];
const errorJson = (e: TgError): Response => ({
  ok: false,
  error_code: e.code,
  description: e.description,
  ...(e.parameters && { parameters: e.parameters }),
});
const tooMany = (n: number) => new TgError(429, `Too Many Requests: retry after ${n}`, { retry_after: n });

/**
 * Starts a local Telegram Bot API on 127.0.0.1: `POST /bot<token>/<method>` with JSON, form or
 * multipart bodies, answering like api.telegram.org (HTTP status = error_code, its `description`
 * wording), with a real long-poll getUpdates and webhook delivery.
 */
export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = opts.token ?? '7000000001:TEST-steerbot-token';
  const state = createState(token, opts.botUsername ?? 'steerbot_test_bot', opts.strictChats ?? false);
  const log = new CallLog<TelegramCall>(
    (c) => `${c.method} ${c.status} ${JSON.stringify(c.response).slice(0, 200)}`,
  );
  const deliveryLog = new CallLog<WebhookDelivery>(
    (d) => `update ${d.update_id} → ${d.status} ${d.error ?? ''}`,
  );
  const limits = new RateLimits();
  const failures = new Map<string, { code: number; description: string; remaining: number }>();
  let closed = false;
  let pumping = false;

  const record = (
    method: string,
    body: Record<string, unknown>,
    files: UploadedFile[],
    status: number,
    response: Response,
    via?: 'webhook_reply',
  ) => log.record({ method, body, files, at: Date.now(), status, response, ...(via && { via }) });
  const queue = new UpdateQueue(opts.maxPollSeconds ?? 10, (body, status, response) =>
    record('getUpdates', body, [], status, response),
  );

  function call(method: string, body: Record<string, unknown>, files: UploadedFile[]) {
    try {
      const retryAfter = limits.take(method);
      if (retryAfter !== undefined) throw tooMany(retryAfter);
      const failure = failures.get(method);
      if (failure && failure.remaining > 0) {
        failure.remaining -= 1;
        throw new TgError(failure.code, failure.description);
      }
      if (method === 'getWebhookInfo') {
        const { secret_token: _secret, ...info } = state.webhook ?? { url: '' };
        const extra = {
          has_custom_certificate: false,
          pending_update_count: queue.pending.length,
          max_connections: 40,
        };
        return { status: 200, response: { ok: true, result: { ...info, ...extra } } };
      }
      const handler = telegramMethods[method];
      if (handler === undefined) throw notFound();
      const result = handler(state, body, files);
      if (/^(set|delete)Webhook$/.test(method) && body.drop_pending_updates === true) queue.clear();
      if (method === 'setWebhook') void pump();
      if (result instanceof Described) {
        return {
          status: 200,
          response: { ok: true, result: result.result, description: result.description },
        };
      }
      return { status: 200, response: { ok: true, result } };
    } catch (e) {
      if (!(e instanceof TgError)) throw e;
      return { status: e.code, response: errorJson(e) };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const raw = await readBody(req);
    if (m === null) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== token)
      return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = CANONICAL.get((m[2] ?? '').toLowerCase()) ?? m[2] ?? '';
    let body: Record<string, unknown> = Object.fromEntries(url.searchParams);
    let files: UploadedFile[] = [];
    try {
      const parsed = parseBody(req.headers['content-type'], raw);
      files = parsed.files;
      body = normalizeBody({ ...body, ...parsed.fields });
      if (method === 'getUpdates') {
        const retryAfter = limits.take(method);
        if (retryAfter !== undefined) throw tooMany(retryAfter);
        return queue.poll(res, body, state.webhook !== undefined);
      }
    } catch (e) {
      const err = e instanceof TgError ? e : new TgError(400, "Bad Request: can't parse JSON object");
      record(method, body, files, err.code, errorJson(err));
      return sendJson(res, err.code, errorJson(err));
    }
    const { status, response } = call(method, body, files);
    record(method, body, files, status, response);
    sendJson(res, status, response);
  }

  const server = await listen(handle);

  /** POSTs queued updates to the webhook one at a time; a failed delivery stays queued. */
  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      for (;;) {
        const hook = state.webhook;
        const update = hook && !closed ? queue.next(hook.allowed_updates) : undefined;
        if (hook === undefined || update === undefined) break;
        const delivery: WebhookDelivery = { update_id: update.update_id, status: 0, at: Date.now() };
        let text = '';
        try {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (hook.secret_token) headers['x-telegram-bot-api-secret-token'] = hook.secret_token;
          const r = await fetch(hook.url, { method: 'POST', headers, body: JSON.stringify(update) });
          delivery.status = r.status;
          text = await r.text();
        } catch (e) {
          delivery.error = String(e);
        }
        if (delivery.status < 200 || delivery.status >= 300) {
          hook.last_error_date = now();
          hook.last_error_message = delivery.error ?? `Wrong response from the webhook: ${delivery.status}`;
          deliveryLog.record(delivery);
          break;
        }
        queue.remove(update);
        webhookReply(text);
        deliveryLog.record(delivery);
      }
    } finally {
      pumping = false;
    }
  }

  /** Telegram runs a method sent back as the webhook response body (grammY's webhook reply). */
  function webhookReply(text: string): void {
    let reply: unknown;
    try {
      reply = JSON.parse(text);
    } catch {
      return;
    }
    const name = (reply as { method?: unknown } | null)?.method;
    if (typeof name !== 'string') return;
    const { method: _m, ...rest } = reply as Record<string, unknown>;
    const method = CANONICAL.get(name.toLowerCase()) ?? name;
    const body = normalizeBody(rest);
    const { status, response } = call(method, body, []);
    record(method, body, [], status, response, 'webhook_reply');
  }

  function pushUpdate(u: Parameters<FakeTelegram['pushUpdate']>[0]): Update {
    const msg = u.message ?? u.edited_message ?? u.callback_query?.message;
    if (msg && 'chat' in msg) rememberChat(state, msg.chat);
    if (u.message) state.messages.set(messageKey(u.message.chat.id, u.message.message_id), u.message);
    if (u.callback_query) state.callbacks.add(u.callback_query.id);
    const update = queue.push(u);
    if (state.webhook) void pump();
    return update;
  }

  function sent(chatId?: number): TelegramSent[] {
    return log.calls.flatMap((c): TelegramSent[] => {
      const result = c.response.result as Message | undefined;
      if (!SENT_METHODS.has(c.method) || c.status !== 200 || typeof result !== 'object' || result === null)
        return [];
      if (chatId !== undefined && result.chat.id !== chatId) return [];
      const text = 'text' in result ? result.text : 'caption' in result ? result.caption : undefined;
      const { parse_mode, reply_markup } = c.body;
      const { message_id } = result;
      return [
        {
          method: c.method,
          chat_id: result.chat.id,
          message_id,
          text,
          parse_mode,
          reply_markup,
          body: c.body,
          result,
        },
      ];
    });
  }

  return {
    apiRoot: server.origin,
    token,
    botInfo: state.bot,
    calls: log.calls,
    deliveries: deliveryLog.calls,
    pushUpdate,
    message: (input) => buildMessage(state, input),
    callback: (input) => buildCallback(state, input),
    sent,
    commands: (scope, lang) =>
      state.commands.get(`${JSON.stringify(scope ?? { type: 'default' })}|${lang ?? ''}`),
    webhook: () => state.webhook,
    pending: () => queue.pending,
    block: (chatId) => void state.blocked.add(chatId),
    rateLimit: (method, count, retryAfterSeconds) => limits.set(method, count, retryAfterSeconds),
    fail: (method, code, description, count = 1) =>
      void failures.set(method, { code, description, remaining: count }),
    waitFor: (predicate, timeoutMs) => log.waitFor(predicate, timeoutMs),
    waitForDelivery: (predicate = () => true, timeoutMs) => deliveryLog.waitFor(predicate, timeoutMs),
    whenPolling: (timeoutMs) => queue.whenPolling(timeoutMs),
    whenConfirmed: (updateId, timeoutMs) => queue.whenConfirmed(updateId, timeoutMs),
    async close() {
      closed = true;
      await queue.release();
      await server.close();
    },
  };
}

/**
 * POSTs an update to a bot's webhook endpoint as Telegram does, with the
 * `X-Telegram-Bot-Api-Secret-Token` header when a secret is given.
 */
export async function postWebhookUpdate(
  url: string,
  update: Update,
  secret?: string,
): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(update) });
  return { status: res.status, body: await res.text() };
}
