import { createHmac, randomBytes } from 'node:crypto';

/** Content types Slack uses when it calls an app. */
export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/**
 * The headers Slack signs a request with: `v0=` + HMAC-SHA256(secret, `v0:<ts>:<raw body>`) in
 * hex. `timestamp` is in seconds (default now); Bolt refuses ones more than 5 minutes off.
 */
export function signSlackRequest(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestamp) };
}

/** Slack percent-encodes form values like `encodeURIComponent` (`/` becomes `%2F`, space `%20`). */
function formEncode(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/** Fields of a slash command invocation; all but `command` have test defaults. */
export interface SlashCommandFields {
  command: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  team_domain?: string;
  trigger_id?: string;
  response_url?: string;
  api_app_id?: string;
}

/** A trigger id shaped like Slack's (`<digits>.<digits>.<hex>`), valid for `views.open` on the fake. */
export function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString('hex')}`;
}

/** The form-encoded body Slack POSTs for a slash command, with the fields in Slack's order. */
export function slashCommandBody(f: SlashCommandFields): string {
  return formEncode({
    token: 'verification-token-unused',
    team_id: f.team_id ?? 'T0STEER01',
    team_domain: f.team_domain ?? 'steerbot-test',
    channel_id: f.channel_id ?? 'C0WG00001',
    channel_name: f.channel_name ?? 'working-group',
    user_id: f.user_id ?? 'U0MEMBER1',
    user_name: f.user_name ?? 'member',
    command: f.command,
    text: f.text ?? '',
    api_app_id: f.api_app_id ?? 'ASTEERBOT',
    is_enterprise_install: 'false',
    response_url: f.response_url ?? 'https://hooks.slack.com/commands/T0STEER01/1/unused',
    trigger_id: f.trigger_id ?? triggerId(),
  });
}

/** The body Slack POSTs for interactivity (block_actions, view_submission, message_action, shortcut). */
export function interactionBody(payload: unknown): string {
  return formEncode({ payload: JSON.stringify(payload) });
}

/** Workspace identifiers to stamp into event envelopes. */
export interface EnvelopeIds {
  team_id?: string;
  api_app_id?: string;
  bot_user_id?: string;
}

/** The JSON Events API envelope (`event_callback`) around one event. */
export function eventBody(event: Record<string, unknown>, ids: EnvelopeIds = {}): string {
  const teamId = ids.team_id ?? 'T0STEER01';
  return JSON.stringify({
    token: 'verification-token-unused',
    team_id: teamId,
    context_team_id: teamId,
    api_app_id: ids.api_app_id ?? 'ASTEERBOT',
    event: { event_ts: `${Date.now() / 1000}`, ...event },
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: ids.bot_user_id ?? 'UBOT0001',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  });
}

/** Slack's one-time `url_verification` handshake body. */
export function urlVerificationBody(challenge: string): string {
  return JSON.stringify({ token: 'verification-token-unused', challenge, type: 'url_verification' });
}

/**
 * POSTs a body to a Bolt HTTP receiver (e.g. `http://127.0.0.1:<port>/slack/events`) signed with
 * `secret`, as Slack does. Returns the status and the raw response text (Bolt's ack body).
 */
export async function postToBolt(
  url: string,
  secret: string,
  body: string,
  contentType: string,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...signSlackRequest(secret, body), ...extraHeaders },
    body,
  });
  return { status: res.status, body: await res.text() };
}
