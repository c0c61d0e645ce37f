import type { UploadedFile } from './http-util.ts';

/** A workspace member the fake knows, as `users.info` reports it. */
export interface SlackUser {
  id: string;
  name: string;
  real_name?: string;
  display_name?: string;
  /** IANA zone, e.g. `Asia/Ho_Chi_Minh`. */
  tz?: string;
  is_bot?: boolean;
}

const FILE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  pdf: 'application/pdf',
  csv: 'text/csv',
  txt: 'text/plain',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** `filetype` and `mimetype` of a file object, from its name as Slack derives them. */
function fileType(filename: string): { filetype: string; mimetype: string } {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const mimetype = FILE_TYPES[ext];
  return mimetype
    ? { filetype: ext, mimetype }
    : { filetype: 'binary', mimetype: 'application/octet-stream' };
}

/** The fake workspace: identities, posted messages, open views, file uploads. */
export interface SlackState {
  origin: string;
  teamId: string;
  botUserId: string;
  botId: string;
  appId: string;
  users: Map<string, SlackUser>;
  /** When set, posting to a channel not listed (and not a DM) fails with `channel_not_found`. */
  channels: Set<string> | undefined;
  messages: Map<string, Record<string, unknown>>;
  views: Map<string, Record<string, unknown>>;
  uploads: Map<string, { filename: string; length: number; data?: Buffer; file?: UploadedFile }>;
  seq: number;
}

type Result = Record<string, unknown>;
const fail = (error: string, extra: Result = {}): Result => ({ ok: false, error, ...extra });

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A Slack-looking message timestamp, unique and increasing within one fake. */
function nextTs(state: SlackState): string {
  state.seq += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(state.seq).padStart(6, '0')}`;
}

function nextId(state: SlackState, prefix: string): string {
  state.seq += 1;
  return `${prefix}${String(state.seq).padStart(8, '0')}`;
}

/** Posting to a user id (`U…`/`W…`) lands in the app's DM with them, as on Slack. */
function resolveChannel(state: SlackState, channel: string | undefined): string | undefined {
  if (channel === undefined) return undefined;
  if (/^[UW][A-Z0-9]+$/.test(channel)) return `D${channel}`;
  if (state.channels === undefined || channel.startsWith('D') || state.channels.has(channel)) return channel;
  return undefined;
}

function textOf(block: unknown): string {
  const t = (block as { text?: { text?: unknown } } | undefined)?.text?.text;
  return typeof t === 'string' ? t : '';
}

/** Block Kit limits Slack enforces with `invalid_blocks` (a subset: counts and text lengths). */
export function blocksProblem(blocks: unknown, max: number): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  if (blocks.length > max) return `no more than ${max} items allowed`;
  for (const block of blocks as Array<Record<string, unknown>>) {
    if (typeof block?.type !== 'string') return 'missing required field: type';
    if (block.type === 'section' && textOf(block).length > 3000) return 'section text over 3000 characters';
    if (block.type === 'header' && textOf(block).length > 150) return 'header text over 150 characters';
    const elements = Array.isArray(block.elements) ? (block.elements as Array<Record<string, unknown>>) : [];
    for (const el of elements) {
      if (el?.type !== 'button') continue;
      if (textOf(el).length > 75) return 'button text over 75 characters';
      if (typeof el.value === 'string' && el.value.length > 2000) return 'button value over 2000 characters';
      if (typeof el.action_id === 'string' && el.action_id.length > 255)
        return 'action_id over 255 characters';
    }
  }
  return undefined;
}

function messageBody(state: SlackState, body: Result, ts: string): Result {
  const { text, blocks, attachments, thread_ts, metadata } = body;
  return {
    type: 'message',
    text: text ?? '',
    user: state.botUserId,
    bot_id: state.botId,
    app_id: state.appId,
    team: state.teamId,
    ts,
    ...(blocks !== undefined && { blocks }),
    ...(attachments !== undefined && { attachments }),
    ...(thread_ts !== undefined && { thread_ts }),
    ...(metadata !== undefined && { metadata }),
  };
}

function contentProblem(body: Result, maxBlocks: number): Result | undefined {
  if (body.text === undefined && body.blocks === undefined && body.attachments === undefined) {
    return fail('no_text');
  }
  if (typeof body.text === 'string' && body.text.length > 40_000) return fail('msg_too_long');
  const problem = blocksProblem(body.blocks, maxBlocks);
  return problem === undefined ? undefined : fail('invalid_blocks', { errors: [problem] });
}

function zoneInfo(tz: string): { tz_label: string; tz_offset: number } {
  const part = (style: 'long' | 'longOffset'): string =>
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: style })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part('longOffset'));
  const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
  return { tz_label: part('long'), tz_offset: offset };
}

function userObject(state: SlackState, u: SlackUser): Result {
  const tz = u.tz ?? 'Asia/Ho_Chi_Minh';
  const realName = u.real_name ?? u.name;
  const displayName = u.display_name ?? '';
  return {
    id: u.id,
    team_id: state.teamId,
    name: u.name,
    deleted: false,
    real_name: realName,
    tz,
    ...zoneInfo(tz),
    is_admin: false,
    is_bot: u.is_bot ?? false,
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: displayName,
      display_name_normalized: displayName,
      team: state.teamId,
    },
  };
}

function viewObject(state: SlackState, id: string, view: Result, previous?: Result): Result {
  return {
    id,
    team_id: state.teamId,
    app_id: state.appId,
    bot_id: state.botId,
    private_metadata: '',
    callback_id: '',
    external_id: '',
    state: { values: {} },
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: previous?.root_view_id ?? id,
    previous_view_id: null,
    ...view,
    hash: nextId(state, 'h.'),
  };
}

function viewProblem(view: unknown, type?: string): Result | undefined {
  if (typeof view !== 'object' || view === null) return fail('invalid_arguments');
  const v = view as Result;
  if (type !== undefined && v.type !== type) return fail('invalid_arguments');
  const title = (v.title as { text?: unknown } | undefined)?.text;
  if (typeof title === 'string' && title.length > 24) {
    return fail('invalid_arguments', {
      response_metadata: {
        messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'],
      },
    });
  }
  const problem = blocksProblem(v.blocks, 100);
  return problem === undefined
    ? undefined
    : fail('invalid_arguments', { response_metadata: { messages: [problem] } });
}

type Handler = (state: SlackState, body: Result) => Result;

/** The Web API methods the fake implements; anything else is `unknown_method`. */
export const slackMethods: Record<string, Handler> = {
  'auth.test': (s) => ({
    ok: true,
    url: 'https://steerbot-test.slack.com/',
    team: 'Steering WG (test)',
    user: s.users.get(s.botUserId)?.name ?? 'steerbot',
    team_id: s.teamId,
    user_id: s.botUserId,
    bot_id: s.botId,
    is_enterprise_install: false,
  }),
  'chat.postMessage': (s, b) => {
    const channel = resolveChannel(s, str(b.channel));
    if (channel === undefined) return fail('channel_not_found');
    const problem = contentProblem(b, 50);
    if (problem) return problem;
    const ts = nextTs(s);
    const message = messageBody(s, b, ts);
    s.messages.set(`${channel}:${ts}`, message);
    return { ok: true, channel, ts, message };
  },
  'chat.postEphemeral': (s, b) => {
    const channel = resolveChannel(s, str(b.channel));
    if (channel === undefined) return fail('channel_not_found');
    const user = str(b.user);
    if (user === undefined || (s.users.size > 0 && !s.users.has(user))) return fail('user_not_in_channel');
    return contentProblem(b, 50) ?? { ok: true, message_ts: nextTs(s) };
  },
  'chat.update': (s, b) => {
    const channel = str(b.channel) ?? '';
    const ts = str(b.ts) ?? '';
    if (!s.messages.has(`${channel}:${ts}`)) return fail('message_not_found');
    const problem = contentProblem(b, 50);
    if (problem) return problem;
    const message = messageBody(s, b, ts);
    s.messages.set(`${channel}:${ts}`, message);
    return { ok: true, channel, ts, text: b.text ?? '', message };
  },
  'chat.delete': (s, b) => {
    const key = `${str(b.channel) ?? ''}:${str(b.ts) ?? ''}`;
    if (!s.messages.delete(key)) return fail('message_not_found');
    return { ok: true, channel: b.channel, ts: b.ts };
  },
  'chat.getPermalink': (s, b) => {
    const channel = str(b.channel);
    const ts = str(b.message_ts);
    if (channel === undefined || ts === undefined) return fail('invalid_arguments');
    if (resolveChannel(s, channel) === undefined) return fail('channel_not_found');
    const path = `archives/${channel}/p${ts.replace('.', '')}`;
    return { ok: true, channel, permalink: `https://steerbot-test.slack.com/${path}` };
  },
  'views.open': (s, b) => {
    if (str(b.trigger_id) === undefined) return fail('invalid_arguments');
    const problem = viewProblem(b.view);
    if (problem) return problem;
    const id = nextId(s, 'V');
    const view = viewObject(s, id, b.view as Result);
    s.views.set(id, view);
    return { ok: true, view };
  },
  'views.update': (s, b) => {
    const id = str(b.view_id) ?? [...s.views.values()].find((v) => v.external_id === b.external_id)?.id;
    const old = typeof id === 'string' ? s.views.get(id) : undefined;
    if (typeof id !== 'string' || old === undefined) return fail('not_found');
    if (str(b.hash) !== undefined && b.hash !== old.hash) return fail('hash_conflict');
    const problem = viewProblem(b.view);
    if (problem) return problem;
    const view = viewObject(s, id, b.view as Result, old);
    s.views.set(id, view);
    return { ok: true, view };
  },
  'views.publish': (s, b) => {
    const user = str(b.user_id);
    if (user === undefined) return fail('invalid_arguments');
    if (s.users.size > 0 && !s.users.has(user)) return fail('user_not_found');
    const problem = viewProblem(b.view, 'home');
    if (problem) return problem;
    const id = nextId(s, 'V');
    const view = viewObject(s, id, b.view as Result);
    s.views.set(id, view);
    return { ok: true, view };
  },
  'users.info': (s, b) => {
    const user = s.users.get(str(b.user) ?? '');
    return user === undefined ? fail('user_not_found') : { ok: true, user: userObject(s, user) };
  },
  'conversations.open': (s, b) => {
    const ids = (str(b.users) ?? '').split(',').filter((id) => id !== '');
    if (ids.length === 0)
      return str(b.channel) ? { ok: true, channel: { id: b.channel } } : fail('users_list_not_supplied');
    if (s.users.size > 0 && ids.some((id) => !s.users.has(id))) return fail('user_not_found');
    return { ok: true, channel: { id: ids.length === 1 ? `D${ids[0]}` : `G${ids.join('').slice(0, 10)}` } };
  },
  'files.getUploadURLExternal': (s, b) => {
    const filename = str(b.filename);
    const length = Number(b.length);
    if (filename === undefined || !Number.isInteger(length) || length <= 0) return fail('invalid_arguments');
    const fileId = nextId(s, 'F');
    s.uploads.set(fileId, { filename, length });
    return { ok: true, upload_url: `${s.origin}/upload/v1/${fileId}`, file_id: fileId };
  },
  'files.completeUploadExternal': (s, b) => {
    const files = Array.isArray(b.files) ? (b.files as Array<{ id?: string; title?: string }>) : undefined;
    if (files === undefined || files.length === 0) return fail('invalid_arguments');
    const out: Result[] = [];
    for (const f of files) {
      const upload = s.uploads.get(f.id ?? '');
      if (upload?.data === undefined) return fail('file_not_found');
      const channel = str(b.channel_id);
      out.push({
        id: f.id,
        name: upload.filename,
        title: f.title ?? upload.filename,
        size: upload.data.length,
        // Slack types a file by its name (a bare PUT/POST of the bytes carries no useful type).
        ...fileType(upload.filename),
        user: s.botUserId,
        channels: channel === undefined ? [] : [channel],
      });
    }
    return { ok: true, files: out };
  },
};
