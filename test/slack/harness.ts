import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startSlack } from '../../src/adapters/slack/index.ts';
import { type App, adapterDeps, createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createHttpServer } from '../../src/http/server.ts';
import type { Clock } from '../../src/services/deps.ts';
import { type FakeSlack, type SlackCall, type SlackUser, startFakeSlack } from '../fakes/slack-api.ts';
import { type ActionInput, blockActionsPayload } from '../fakes/slack-payloads.ts';
import {
  eventBody,
  FORM,
  interactionBody,
  JSON_TYPE,
  postToBolt,
  signSlackRequest,
  slashCommandBody,
} from '../fakes/slack-sign.ts';

export const SECRET = 'test-signing-secret';
/** The working group's channel (the bot is a member); any other non-DM channel is `channel_not_found`. */
export const WG = 'C0WG00001';

export const USERS = {
  admin: { id: 'U0ADMIN01', name: 'an', real_name: 'Trần Văn An', tz: 'Asia/Ho_Chi_Minh' },
  lead: { id: 'U0LEAD001', name: 'binh', real_name: 'Lê Thị Bình', tz: 'Asia/Ho_Chi_Minh' },
  member: { id: 'U0MEMBER1', name: 'chau', real_name: 'Phạm Minh Châu', tz: 'Asia/Bangkok' },
  member2: { id: 'U0MEMBER2', name: 'dung', real_name: 'Đỗ Quang Dũng', tz: 'Asia/Ho_Chi_Minh' },
  /** Never writes to the bot: only picked in forms and mentioned. */
  lan: { id: 'U0LAN0001', name: 'lan', real_name: 'Nguyễn Thị Lan', tz: 'Asia/Ho_Chi_Minh' },
} satisfies Record<string, SlackUser>;
export type TestUser = (typeof USERS)[keyof typeof USERS];

/** Log lines the app wrote (JSON), with a wait for one that matches. */
export class LogTap extends EventEmitter {
  readonly lines: Array<Record<string, unknown>> = [];
  stream = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      for (const raw of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const line = JSON.parse(raw) as Record<string, unknown>;
        this.lines.push(line);
        this.emit('line', line);
      }
      done();
    },
  });
  waitFor(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs = 5000,
  ): Promise<Record<string, unknown>> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('line', on);
        reject(new Error(`no matching log line within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = (line: Record<string, unknown>) => {
        if (!match(line)) return;
        clearTimeout(timer);
        this.off('line', on);
        resolve(line);
      };
      this.on('line', on);
    });
  }
}

export interface Harness {
  app: App;
  fake: FakeSlack;
  logs: LogTap;
  /** Milliseconds from each request's arrival at /slack/events to the end of its response (the ack). */
  acks: number[];
  /** `http://127.0.0.1:<port>/slack/events` */
  url: string;
  origin: string;
  /** A signed slash command; `rid` names its response_url (`fake.calls` with `id === rid`). */
  slash(
    user: TestUser,
    command: string,
    text: string,
    opts?: { channel?: string },
  ): Promise<{ status: number; body: string; ms: number; rid: string; responseUrl: string }>;
  /** A signed interactivity payload (block_actions, view_submission, message_action). */
  interact(payload: unknown): Promise<{ status: number; body: string }>;
  /** A signed Events API body. */
  event(body: string, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  /** The next response_url id, to put in payloads built by hand. */
  responseUrl(channel?: string): { rid: string; url: string };
  close(): Promise<void>;
}

/**
 * The whole bot as it runs: core on in-memory PGlite, the real Bolt app mounted on the shared
 * HTTP server at /slack/events, talking to a local fake Slack Web API. One per test file.
 */
export async function startHarness(opts: { clock?: Clock; databaseUrl?: string } = {}): Promise<Harness> {
  const fake = await startFakeSlack({ users: Object.values(USERS), channels: [WG] });
  const logs = new LogTap();
  const config = loadConfig({
    DATA_DIR: 'memory://',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    SLACK_BOT_TOKEN: fake.token,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.url,
    ADMINS: `slack:${USERS.admin.id}`,
    USER: 'tester',
  });
  const app = await createApp({
    config,
    log: pino({ level: config.LOG_LEVEL }, logs.stream),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const http = createHttpServer(app);
  const acks: number[] = [];
  http.express.use('/slack/events', (_req, res, next) => {
    const arrived = performance.now();
    res.on('finish', () => acks.push(performance.now() - arrived));
    next();
  });
  const stopSlack = await startSlack(adapterDeps(app, http));
  const port = await http.listen(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}/slack/events`;
  let seq = 0;
  const responseUrl = (channel = WG) => {
    const rid = `r${++seq}`;
    return { rid, url: fake.responseUrl(rid, channel) };
  };
  return {
    app,
    fake,
    logs,
    acks,
    url,
    origin,
    async slash(user, command, text, o = {}) {
      const channel = o.channel ?? WG;
      const { rid, url: rurl } = responseUrl(channel);
      const body = slashCommandBody({
        command,
        text,
        user_id: user.id,
        user_name: user.name,
        channel_id: channel,
        response_url: rurl,
      });
      const started = performance.now();
      const res = await postToBolt(url, SECRET, body, FORM);
      return { ...res, ms: performance.now() - started, rid, responseUrl: rurl };
    },
    interact: (payload) => postToBolt(url, SECRET, interactionBody(payload), FORM),
    event: (body, headers = {}) => postToBolt(url, SECRET, body, JSON_TYPE, headers),
    responseUrl,
    async close() {
      await stopSlack();
      await http.close();
      await app.close();
      await fake.close();
    },
  };
}

/** What a person sees of a message: its texts, fields, contexts and button labels, in order. */
export function seen(body: Record<string, unknown>): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
    for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
  };
  walk(body.blocks ?? []);
  return out.join('\n');
}

/** Action ids and values of the buttons in a message. */
export function buttons(body: Record<string, unknown>): Array<{ action_id: string; value: string }> {
  const out: Array<{ action_id: string; value: string }> = [];
  for (const block of (body.blocks ?? []) as Array<{
    type: string;
    elements?: Array<Record<string, unknown>>;
  }>) {
    if (block.type !== 'actions') continue;
    for (const e of block.elements ?? [])
      out.push({ action_id: String(e.action_id), value: String(e.value) });
  }
  return out;
}

/** Whether a call put a message in `channel` for everyone there: chat.postMessage, or a response_url in_channel. */
export function inChannel(c: SlackCall, channel = WG): boolean {
  if (c.status !== 200) return false;
  if (c.method === 'chat.postMessage') return c.body.channel === channel;
  return c.method === 'response_url' && c.channel === channel && c.body.response_type === 'in_channel';
}

/** The first message everyone in `channel` sees whose visible text contains `text`. */
export function posted(h: Harness, text: string, channel = WG, timeoutMs?: number): Promise<SlackCall> {
  return h.fake.waitFor((c) => inChannel(c, channel) && seen(c.body).includes(text), timeoutMs);
}

/**
 * Presses a button (`action`) on a message in `WG` as `user`; resolves with the rid of the
 * press's response_url once Bolt has acknowledged it.
 */
export async function press(
  h: Harness,
  user: TestUser,
  action: ActionInput,
  messageTs = '1893456000.000100',
): Promise<string> {
  const { rid, url } = h.responseUrl();
  const res = await h.interact(
    blockActionsPayload({
      user: { id: user.id, name: user.name },
      channel: WG,
      message_ts: messageTs,
      actions: [action],
      response_url: url,
    }),
  );
  if (res.status !== 200) throw new Error(`button press answered ${res.status}`);
  return rid;
}

/** What was answered through the response_url `rid`. */
export function answered(h: Harness, rid: string, timeoutMs?: number): Promise<SlackCall> {
  return h.fake.waitFor((c) => c.method === 'response_url' && c.id === rid, timeoutMs);
}

/** A body signed with `secret` at `timestamp` (seconds), posted as Slack would. */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  timestamp?: number,
): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': FORM, ...signSlackRequest(secret, body, timestamp) },
    body,
  });
  return { status: res.status, body: await res.text() };
}

export { eventBody };
