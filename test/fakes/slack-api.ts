import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallLog, RateLimits } from './call-log.ts';
import { listen, parseBody, readBody, sendJson, type UploadedFile } from './http-util.ts';
import { type SlackState, type SlackUser, slackMethods } from './slack-methods.ts';
import { attachSocketMode, type FakeSocketMode } from './slack-socket.ts';

export type { SlackUser } from './slack-methods.ts';

/** Options for {@link startFakeSlack}. */
export interface FakeSlackOptions {
  /** The bot token the fake accepts (default `xoxb-test-token`). */
  token?: string;
  /** The app-level token `apps.connections.open` accepts, for Socket Mode (default `xapp-test-token`). */
  appToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** The user table `users.info` answers from (the bot user is always added). */
  users?: SlackUser[];
  /** If given, posting to any other non-DM channel fails with `channel_not_found`. */
  channels?: string[];
  /**
   * chat.postMessage's limit in one channel, as Slack's (about one message a second, short bursts
   * allowed, then HTTP 429 with Retry-After): a bucket of `burst` messages refilled at `perSecond`.
   * Default `{ perSecond: 1, burst: 5 }`; `null` turns it off.
   */
  postRate?: { perSecond: number; burst: number } | null;
  /** The fake's clock in milliseconds, for a response_url's 30 minutes (default `Date.now`). */
  now?: () => number;
}

/** How long a response_url works, and how many times (Slack: five uses within 30 minutes). */
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
export const RESPONSE_URL_USES = 5;

/**
 * Per-channel token buckets for chat.postMessage. `take` answers undefined when a message may go,
 * else the whole seconds to wait (Retry-After).
 */
class ChannelRate {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly rate: { perSecond: number; burst: number },
    private readonly now: () => number,
  ) {}
  take(channel: string): number | undefined {
    const now = this.now();
    const b = this.#buckets.get(channel) ?? { tokens: this.rate.burst, at: now };
    b.tokens = Math.min(this.rate.burst, b.tokens + ((now - b.at) / 1000) * this.rate.perSecond);
    b.at = now;
    this.#buckets.set(channel, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.rate.perSecond));
  }
}

/**
 * One request the fake received. `method` is the Web API method, `response_url` for a POST to
 * a {@link FakeSlack.responseUrl}, or `upload` for the file bytes sent to an upload URL.
 */
export interface SlackCall {
  method: string;
  /** The body decoded; Block Kit fields sent form-encoded as JSON strings are parsed back. */
  body: Record<string, unknown>;
  at: number;
  /** HTTP status the fake answered (429 when rate-limited). */
  status: number;
  /** The JSON the fake answered (or `{ ok: true }` for response_url/upload). */
  response: Record<string, unknown>;
  /** The `id` given to `responseUrl(id)` (response_url calls) or the file id (uploads). */
  id?: string;
  /** The channel a response_url was given for (response_url calls). */
  channel?: string | undefined;
  files?: UploadedFile[];
}

/** A message as a channel shows it, in the order the fake received it. */
export interface SlackMessage {
  kind: 'postMessage' | 'postEphemeral' | 'update' | 'response_url' | 'file';
  channel: string | undefined;
  ts: string | undefined;
  text: string | undefined;
  blocks: unknown[] | undefined;
  /** The recipient of an ephemeral message. */
  user: string | undefined;
  thread_ts: string | undefined;
  /** The whole request body (e.g. `response_type`, `replace_original`, `initial_comment`). */
  body: Record<string, unknown>;
}

/** A running fake Slack Web API; see {@link startFakeSlack}. */
export interface FakeSlack {
  /** Web API base ending in `/api/`: Bolt `clientOptions.slackApiUrl`, WebClient `slackApiUrl`. */
  url: string;
  origin: string;
  token: string;
  appToken: string;
  /** Slack's side of Socket Mode: the WebSocket `apps.connections.open` hands out. */
  socketMode: FakeSocketMode;
  teamId: string;
  botUserId: string;
  botId: string;
  calls: SlackCall[];
  addUser(user: SlackUser): void;
  /**
   * A URL on this server whose POSTs are recorded as `response_url` calls (and as messages in
   * `channel`). Like Slack's, it works five times within 30 minutes, then answers 404.
   */
  responseUrl(id: string, channel?: string): string;
  /** postMessage / postEphemeral / update / response_url posts / shared files, optionally in one channel. */
  messages(channel?: string): SlackMessage[];
  /** The next `count` calls to `method` answer HTTP 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(method: string, count: number, retryAfterSeconds: number): void;
  /** The next `count` calls to `method` answer `{ ok: false, error }` (e.g. `not_in_channel`). */
  fail(method: string, error: string, count?: number): void;
  /** Resolves with the first call, recorded or yet to come, matching `predicate`. */
  waitFor(predicate: (call: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  close(): Promise<void>;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'files']);

function decodeFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v;
    if (JSON_FIELDS.has(k) && typeof v === 'string') {
      try {
        out[k] = JSON.parse(v);
      } catch {
        // Slack answers invalid JSON in these fields with an error; leave the string for the handler.
      }
    }
  }
  return out;
}

/**
 * Starts a local Slack Web API on 127.0.0.1 speaking what `@slack/web-api`'s WebClient sends:
 * POST `/api/<method>` with a form or JSON body and `Authorization: Bearer <token>`.
 * A missing token answers `not_authed`, a wrong one `invalid_auth`, an unknown method `unknown_method`.
 */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const token = opts.token ?? 'xoxb-test-token';
  const appToken = opts.appToken ?? 'xapp-test-token';
  let socketMode: FakeSocketMode | undefined;
  const state: SlackState = {
    origin: '',
    teamId: opts.teamId ?? 'T0STEER01',
    botUserId: opts.botUserId ?? 'UBOT0001',
    botId: opts.botId ?? 'BBOT0001',
    appId: 'ASTEERBOT',
    users: new Map(),
    channels: opts.channels ? new Set(opts.channels) : undefined,
    messages: new Map(),
    views: new Map(),
    uploads: new Map(),
    seq: 0,
  };
  const addUser = (u: SlackUser): void => void state.users.set(u.id, u);
  addUser({ id: state.botUserId, name: 'steerbot', real_name: 'steerbot', is_bot: true });
  for (const u of opts.users ?? []) addUser(u);

  const log = new CallLog<SlackCall>((c) => `${c.method} ${c.status} ${JSON.stringify(c.response)}`);
  const limits = new RateLimits();
  const failures = new Map<string, { error: string; remaining: number }>();
  const now = opts.now ?? Date.now;
  const postRate = opts.postRate === undefined ? { perSecond: 1, burst: 5 } : opts.postRate;
  const channelRate = postRate ? new ChannelRate(postRate, now) : undefined;
  const responseUrls = new Map<string, { channel: string | undefined; issued: number; uses: number }>();

  /** Slack's answer to a POST on a response_url: fine five times within 30 minutes, then 404. */
  function useResponseUrl(id: string): { status: number; response: Record<string, unknown> } {
    const url = responseUrls.get(id) ?? { channel: undefined, issued: now(), uses: 0 };
    responseUrls.set(id, url);
    url.uses += 1;
    if (now() - url.issued > RESPONSE_URL_TTL_MS)
      return { status: 404, response: { ok: false, error: 'expired_url' } };
    if (url.uses > RESPONSE_URL_USES) return { status: 404, response: { ok: false, error: 'used_url' } };
    return { status: 200, response: { ok: true } };
  }

  const answer = (res: ServerResponse, call: Omit<SlackCall, 'at'>, headers: Record<string, string> = {}) => {
    log.record({ ...call, at: Date.now() });
    sendJson(res, call.status, call.response, headers);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const raw = await readBody(req);
    let parsed: ReturnType<typeof parseBody>;
    try {
      parsed = parseBody(req.headers['content-type'], raw);
    } catch {
      return answer(res, {
        method: path,
        body: {},
        status: 200,
        response: { ok: false, error: 'invalid_json' },
      });
    }
    const body = decodeFields(parsed.fields);

    const respondMatch = /^\/response\/([^/]+)$/.exec(path);
    if (req.method === 'POST' && respondMatch?.[1] !== undefined) {
      const id = decodeURIComponent(respondMatch[1]);
      const { status, response } = useResponseUrl(id);
      const channel = responseUrls.get(id)?.channel;
      return answer(res, { method: 'response_url', id, channel, body, status, response });
    }

    const uploadMatch = /^\/upload\/v1\/([^/]+)$/.exec(path);
    if (req.method === 'POST' && uploadMatch?.[1] !== undefined) {
      const upload = state.uploads.get(uploadMatch[1]);
      const file = parsed.files[0];
      const data = file?.data ?? raw;
      if (upload !== undefined) Object.assign(upload, { data, file });
      const status = upload === undefined ? 404 : 200;
      log.record({
        method: 'upload',
        id: uploadMatch[1],
        body,
        files: parsed.files,
        status,
        response: {},
        at: Date.now(),
      });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(upload === undefined ? 'Not Found' : `OK - ${data.length}`);
      return;
    }

    const method = /^\/api\/([A-Za-z.]+)$/.exec(path)?.[1];
    const handler = method === undefined ? undefined : slackMethods[method];
    if (method === undefined || (handler === undefined && method !== 'apps.connections.open')) {
      return answer(res, {
        method: method ?? path,
        body,
        status: 200,
        response: { ok: false, error: 'unknown_method' },
      });
    }
    const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? body.token;
    if (auth === undefined || auth === '') {
      return answer(res, { method, body, status: 200, response: { ok: false, error: 'not_authed' } });
    }
    if (method === 'apps.connections.open') {
      const response =
        auth === appToken ? { ok: true, url: socketMode?.url } : { ok: false, error: 'invalid_auth' };
      return answer(res, { method, body, status: 200, response });
    }
    if (auth !== token || handler === undefined)
      return answer(res, { method, body, status: 200, response: { ok: false, error: 'invalid_auth' } });
    const retryAfter =
      limits.take(method) ??
      (method === 'chat.postMessage' && typeof body.channel === 'string'
        ? channelRate?.take(body.channel)
        : undefined);
    if (retryAfter !== undefined) {
      const response = { ok: false, error: 'ratelimited' };
      return answer(res, { method, body, status: 429, response }, { 'retry-after': String(retryAfter) });
    }
    const failure = failures.get(method);
    if (failure !== undefined && failure.remaining > 0) {
      failure.remaining -= 1;
      return answer(res, { method, body, status: 200, response: { ok: false, error: failure.error } });
    }
    answer(res, { method, body, status: 200, response: handler(state, body) });
  }

  const server = await listen(handle);
  state.origin = server.origin;
  socketMode = attachSocketMode(server.server, server.origin);

  function toMessage(c: SlackCall): SlackMessage | undefined {
    if (c.status !== 200 || c.response.ok !== true) return undefined;
    const b = c.body;
    const base = {
      text: typeof b.text === 'string' ? b.text : undefined,
      blocks: Array.isArray(b.blocks) ? b.blocks : undefined,
      user: undefined,
      thread_ts: typeof b.thread_ts === 'string' ? b.thread_ts : undefined,
      body: b,
    };
    const r = c.response;
    switch (c.method) {
      case 'chat.postMessage':
        return { ...base, kind: 'postMessage', channel: r.channel as string, ts: r.ts as string };
      case 'chat.postEphemeral':
        return {
          ...base,
          kind: 'postEphemeral',
          channel: b.channel as string,
          ts: r.message_ts as string,
          user: b.user as string,
        };
      case 'chat.update':
        return { ...base, kind: 'update', channel: r.channel as string, ts: r.ts as string };
      case 'response_url':
        return { ...base, kind: 'response_url', channel: c.channel, ts: undefined };
      case 'files.completeUploadExternal':
        if (typeof b.channel_id !== 'string') return undefined;
        return {
          ...base,
          kind: 'file',
          channel: b.channel_id,
          ts: undefined,
          text: b.initial_comment as string | undefined,
        };
      default:
        return undefined;
    }
  }

  return {
    url: `${server.origin}/api/`,
    origin: server.origin,
    token,
    appToken,
    socketMode,
    teamId: state.teamId,
    botUserId: state.botUserId,
    botId: state.botId,
    calls: log.calls,
    addUser,
    responseUrl(id, channel) {
      responseUrls.set(id, { channel, issued: now(), uses: 0 });
      return `${server.origin}/response/${encodeURIComponent(id)}`;
    },
    messages(channel) {
      return log.calls
        .map(toMessage)
        .filter(
          (m): m is SlackMessage => m !== undefined && (channel === undefined || m.channel === channel),
        );
    },
    rateLimit: (method, count, retryAfterSeconds) => limits.set(method, count, retryAfterSeconds),
    fail: (method, error, count = 1) => void failures.set(method, { error, remaining: count }),
    waitFor: (predicate, timeoutMs) => log.waitFor(predicate, timeoutMs),
    close: () => {
      socketMode?.close();
      return server.close();
    },
  };
}
