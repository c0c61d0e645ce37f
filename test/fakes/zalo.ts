import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallLog, RateLimits } from './call-log.ts';
import { listen, parseBody, readBody, sendJson } from './http-util.ts';
import { ZaloUpdates } from './zalo-poll.ts';
import type {
  FakeZalo,
  FakeZaloOptions,
  ZaloCall,
  ZaloMessage,
  ZaloSent,
  ZaloUpdate,
  ZaloUser,
  ZaloWebhookDelivery,
} from './zalo-types.ts';

export type * from './zalo-types.ts';

/** The most characters a text (or a caption) may have. */
export const ZALO_TEXT_MAX = 2000;

class ZaloError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}

const messageId = () => randomBytes(10).toString('hex');
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** What the fake keeps between calls. */
interface State {
  botId: string;
  webhook: { url: string; secret_token: string } | undefined;
  /** Chats that wrote to the bot: with `strictChats`, the only ones it may write to. */
  chats: Set<string>;
  strictChats: boolean;
}

function checkText(field: string, v: unknown, required: boolean): string | undefined {
  const text = typeof v === 'string' ? v : undefined;
  if (text === undefined && !required) return undefined;
  if (!text || text.length > ZALO_TEXT_MAX)
    throw new ZaloError(400, `${field} must be 1 to ${ZALO_TEXT_MAX} characters`);
  return text;
}

function checkChat(state: State, body: Record<string, unknown>): string {
  const chat = str(body.chat_id);
  if (!chat) throw new ZaloError(400, 'chat_id is required');
  if (state.strictChats && !state.chats.has(chat)) throw new ZaloError(404, 'chat not found');
  return chat;
}

type Method = (state: State, body: Record<string, unknown>) => unknown;

/** The methods besides getUpdates, as the Zalo Bot API documents them. */
const methods: Record<string, Method> = {
  getMe: (s) => ({
    id: s.botId,
    account_name: 'bot.steerbot',
    account_type: 'BASIC',
    can_join_groups: false,
  }),
  sendMessage(s, body) {
    const chat_id = checkChat(s, body);
    checkText('text', body.text, true);
    return { message_id: messageId(), date: Date.now(), chat_id };
  },
  sendPhoto(s, body) {
    const chat_id = checkChat(s, body);
    if (!/^https?:\/\/\S+$/.test(str(body.photo))) throw new ZaloError(400, 'photo must be a URL');
    checkText('caption', body.caption, false);
    return { message_id: messageId(), date: Date.now(), chat_id };
  },
  setWebhook(s, body) {
    const url = str(body.url);
    const secret = str(body.secret_token);
    if (!/^https?:\/\/\S+$/.test(url)) throw new ZaloError(400, 'url must be an HTTPS URL');
    if (secret.length < 8 || secret.length > 256)
      throw new ZaloError(400, 'secret_token must be 8 to 256 characters');
    s.webhook = { url, secret_token: secret };
    return { url, updated_at: Date.now() };
  },
  deleteWebhook(s) {
    s.webhook = undefined;
    return { url: '', updated_at: Date.now() };
  },
  getWebhookInfo: (s) => ({ url: s.webhook?.url ?? '', updated_at: Date.now() }),
};

const errorBody = (e: ZaloError) => ({
  ok: false,
  error_code: e.code,
  description: e.description,
  ...(e.retryAfter !== undefined ? { parameters: { retry_after: e.retryAfter } } : {}),
});

/**
 * A local Zalo Bot API on 127.0.0.1: `POST /bot<token>/<method>` with JSON bodies, answering
 * `{ok:true, result}` or `{ok:false, error_code, description}` (the HTTP status is the code),
 * getUpdates as a long poll of one update per answer (408 when none came), sendMessage refusing a
 * text over 2,000 characters, and webhook delivery with `X-Bot-Api-Secret-Token`.
 */
export async function startFakeZalo(opts: FakeZaloOptions = {}): Promise<FakeZalo> {
  const botId = '1459232241454765289';
  const token = opts.token ?? `${botId}:TEST-steerbot-zalo`;
  const state: State = {
    botId,
    webhook: undefined,
    chats: new Set(),
    strictChats: opts.strictChats ?? false,
  };
  const log = new CallLog<ZaloCall>(
    (c) => `${c.method} ${c.status} ${JSON.stringify(c.response).slice(0, 160)}`,
  );
  const deliveryLog = new CallLog<ZaloWebhookDelivery>(
    (d) => `${d.message_id} → ${d.status} ${d.error ?? ''}`,
  );
  const limits = new RateLimits();
  const failures = new Map<string, { code: number; description: string; remaining: number; skip: number }>();
  const record = (
    method: string,
    body: Record<string, unknown>,
    status: number,
    response: ZaloCall['response'],
  ) => log.record({ method, body, at: Date.now(), status, response });
  const updates = new ZaloUpdates(opts.maxPollSeconds ?? 10, (body, status, response) =>
    record('getUpdates', body, status, response as ZaloCall['response']),
  );
  let closed = false;
  let pumping = false;

  /** Refusals set by a test come first: a 429, or a failure. */
  function refusal(method: string): ZaloError | undefined {
    const retryAfter = limits.take(method);
    if (retryAfter !== undefined)
      return new ZaloError(429, 'Too Many Requests', retryAfter > 0 ? retryAfter : undefined);
    const failure = failures.get(method);
    if (!failure || failure.remaining <= 0) return undefined;
    if (failure.skip > 0) {
      failure.skip -= 1;
      return undefined;
    }
    failure.remaining -= 1;
    return new ZaloError(failure.code, failure.description);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const raw = await readBody(req);
    if (!m) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== token)
      return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2] ?? '';
    let body: Record<string, unknown> = {};
    try {
      body = parseBody(req.headers['content-type'] ?? 'application/json', raw).fields;
      const refused = refusal(method);
      if (refused) throw refused;
      if (method === 'getUpdates') {
        if (state.webhook) throw new ZaloError(400, 'Webhook is set: delete it before using getUpdates');
        return updates.poll(res, body);
      }
      const run = methods[method];
      if (!run) throw new ZaloError(404, 'Not Found');
      const response = { ok: true, result: run(state, body) };
      record(method, body, 200, response);
      sendJson(res, 200, response);
      if (method === 'setWebhook') void pump();
    } catch (e) {
      const err = e instanceof ZaloError ? e : new ZaloError(400, 'Bad Request: body is not JSON');
      record(method, body, err.code, errorBody(err));
      sendJson(res, err.code, errorBody(err));
    }
  }

  const server = await listen(handle);

  /** POSTs queued updates to the webhook one at a time; a refused one stays queued. */
  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      for (let update = updates.pending[0]; state.webhook && update && !closed; update = updates.pending[0]) {
        const hook = state.webhook;
        const delivery: ZaloWebhookDelivery = {
          message_id: update.message.message_id,
          status: 0,
          at: Date.now(),
        };
        try {
          const body = opts.webhookEnvelope === false ? update : { ok: true, result: update };
          delivery.status = (await postZaloWebhook(hook.url, body, hook.secret_token)).status;
        } catch (e) {
          delivery.error = String(e);
        }
        const ok = delivery.status >= 200 && delivery.status < 300;
        if (ok) updates.take();
        deliveryLog.record(delivery);
        if (!ok) break;
      }
    } finally {
      pumping = false;
    }
  }

  function push(update: ZaloUpdate): ZaloUpdate {
    state.chats.add(update.message.chat.id);
    updates.push(update, state.webhook !== undefined);
    if (state.webhook) void pump();
    return update;
  }

  function event(from: ZaloUser, eventName: string, extra: Partial<ZaloMessage> = {}): ZaloUpdate {
    const message: ZaloMessage = {
      from,
      chat: { id: from.id, chat_type: 'PRIVATE' },
      message_id: messageId(),
      date: Date.now(),
      ...extra,
    };
    return push({ event_name: eventName, message });
  }

  function sent(chatId?: string): ZaloSent[] {
    return log.calls.flatMap((c): ZaloSent[] => {
      if ((c.method !== 'sendMessage' && c.method !== 'sendPhoto') || !c.response.ok) return [];
      const result = c.response.result as { message_id: string; chat_id: string };
      if (chatId !== undefined && result.chat_id !== chatId) return [];
      const { text, photo, caption } = c.body as Record<string, string | undefined>;
      return [
        {
          method: c.method,
          chat_id: result.chat_id,
          message_id: result.message_id,
          ...(text !== undefined ? { text } : {}),
          ...(photo !== undefined ? { photo } : {}),
          ...(caption !== undefined ? { caption } : {}),
        },
      ];
    });
  }

  return {
    apiRoot: server.origin,
    token,
    botId,
    calls: log.calls,
    deliveries: deliveryLog.calls,
    say: (from, text) => event(from, 'message.text.received', { text }),
    event,
    push,
    sent,
    webhook: () => state.webhook,
    pending: () => updates.pending,
    rateLimit: (method, count, retryAfterSeconds = 0) => limits.set(method, count, retryAfterSeconds),
    fail: (method, code, description, count = 1, after = 0) =>
      void failures.set(method, { code, description, remaining: count, skip: after }),
    waitFor: (predicate, timeoutMs) => log.waitFor(predicate, timeoutMs),
    waitForDelivery: (predicate = () => true, timeoutMs) => deliveryLog.waitFor(predicate, timeoutMs),
    whenPolling: (timeoutMs) => updates.whenPolling(timeoutMs),
    whenDone(id, timeoutMs = 10_000) {
      if (!state.webhook) return updates.whenDone(id, timeoutMs);
      return deliveryLog
        .waitFor((d) => d.message_id === id && d.status >= 200 && d.status < 300, timeoutMs)
        .then(() => {});
    },
    async close() {
      closed = true;
      updates.release();
      await server.close();
    },
  };
}

/** POSTs a body to a bot's webhook as Zalo does, with `X-Bot-Api-Secret-Token` when a secret is given. */
export async function postZaloWebhook(
  url: string,
  body: unknown,
  secret?: string,
): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== undefined) headers['x-bot-api-secret-token'] = secret;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.text() };
}
