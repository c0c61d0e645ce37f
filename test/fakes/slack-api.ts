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
  /** A URL on this server whose POSTs are recorded as `response_url` calls (and as messages in `channel`). */
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
  const responseChannels = new Map<string, string | undefined>();
  const responseUses = new Map<string, number>();

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
      const uses = (responseUses.get(id) ?? 0) + 1;
      responseUses.set(id, uses);
      // Slack allows five uses of one response_url.
      const status = uses > 5 ? 404 : 200;
      const response = uses > 5 ? { ok: false, error: 'used_url' } : { ok: true };
      return answer(res, { method: 'response_url', id, body, status, response });
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
    const retryAfter = limits.take(method);
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
        return { ...base, kind: 'response_url', channel: responseChannels.get(c.id ?? ''), ts: undefined };
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
      responseChannels.set(id, channel);
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
