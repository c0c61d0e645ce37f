import { triggerId } from './slack-sign.ts';

/**
 * Builders for the interaction payloads and events Slack sends an app, with the fields Bolt reads
 * (type, user, team, api_app_id, channel, container, trigger_id, response_url). Wrap a payload with
 * `interactionBody()` and an event with `eventBody()` before `postToBolt()`.
 */

const TEAM = { id: 'T0STEER01', domain: 'steerbot-test' };
const APP = 'ASTEERBOT';

/** Who clicked or typed. */
export interface Actor {
  id: string;
  name?: string;
}

function user(a: Actor): Record<string, unknown> {
  return {
    id: a.id,
    username: a.name ?? a.id.toLowerCase(),
    name: a.name ?? a.id.toLowerCase(),
    team_id: TEAM.id,
  };
}

/** One element interaction inside a block_actions payload. */
export interface ActionInput {
  action_id: string;
  value?: string;
  block_id?: string;
  type?: string;
  /** For select menus: the chosen option's value. */
  selected?: string;
}

/** A `block_actions` payload for a button (or select) on a message in a channel. */
export function blockActionsPayload(p: {
  user: Actor;
  channel: string;
  message_ts: string;
  actions: ActionInput[];
  response_url: string;
  message?: Record<string, unknown>;
  trigger_id?: string;
}): Record<string, unknown> {
  const actionTs = `${Date.now() / 1000}`;
  return {
    type: 'block_actions',
    user: user(p.user),
    api_app_id: APP,
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: p.message_ts, channel_id: p.channel, is_ephemeral: false },
    trigger_id: p.trigger_id ?? triggerId(),
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: p.channel, name: 'working-group' },
    message: { type: 'message', ts: p.message_ts, text: '', ...p.message },
    state: { values: {} },
    response_url: p.response_url,
    actions: p.actions.map((a) => ({
      type: a.type ?? 'button',
      action_id: a.action_id,
      block_id: a.block_id ?? 'b1',
      action_ts: actionTs,
      ...(a.selected !== undefined
        ? { selected_option: { text: { type: 'plain_text', text: a.selected }, value: a.selected } }
        : { value: a.value ?? '', text: { type: 'plain_text', text: a.action_id, emoji: true } }),
    })),
  };
}

/** A `view_submission` payload for a modal; `values` is `state.values` (block_id → action_id → value). */
export function viewSubmissionPayload(p: {
  user: Actor;
  callback_id: string;
  values: Record<string, Record<string, unknown>>;
  private_metadata?: string;
  view_id?: string;
  response_urls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
}): Record<string, unknown> {
  const id = p.view_id ?? 'V00000001';
  return {
    type: 'view_submission',
    team: TEAM,
    user: user(p.user),
    api_app_id: APP,
    token: 'verification-token-unused',
    trigger_id: triggerId(),
    view: {
      id,
      team_id: TEAM.id,
      type: 'modal',
      callback_id: p.callback_id,
      private_metadata: p.private_metadata ?? '',
      state: { values: p.values },
      hash: 'h.0001',
      root_view_id: id,
      app_id: APP,
      bot_id: 'BBOT0001',
      blocks: [],
    },
    response_urls: p.response_urls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A `message_action` payload: the "Log as blocker" message shortcut on someone's message. */
export function messageShortcutPayload(p: {
  user: Actor;
  channel: string;
  callback_id: string;
  message: { text: string; ts: string; user: string };
  response_url: string;
}): Record<string, unknown> {
  return {
    type: 'message_action',
    token: 'verification-token-unused',
    action_ts: `${Date.now() / 1000}`,
    team: TEAM,
    user: user(p.user),
    channel: { id: p.channel, name: 'working-group' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: p.callback_id,
    trigger_id: triggerId(),
    response_url: p.response_url,
    message_ts: p.message.ts,
    message: { type: 'message', ...p.message },
  };
}

/** A global `shortcut` payload (from the shortcuts menu, no channel). */
export function globalShortcutPayload(p: { user: Actor; callback_id: string }): Record<string, unknown> {
  return {
    type: 'shortcut',
    token: 'verification-token-unused',
    action_ts: `${Date.now() / 1000}`,
    team: TEAM,
    user: { id: p.user.id, username: p.user.name ?? p.user.id, team_id: TEAM.id },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: p.callback_id,
    trigger_id: triggerId(),
  };
}

/** The `app_home_opened` event for the Home tab. */
export function appHomeOpenedEvent(userId: string): Record<string, unknown> {
  return { type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home' };
}

/** A plain `message` event in a channel (e.g. for the bot's mention handling). */
export function messageEvent(p: {
  user: string;
  channel: string;
  text: string;
  ts?: string;
}): Record<string, unknown> {
  return {
    type: 'message',
    channel_type: p.channel.startsWith('D') ? 'im' : 'channel',
    user: p.user,
    channel: p.channel,
    text: p.text,
    ts: p.ts ?? `${Date.now() / 1000}`,
    team: TEAM.id,
  };
}
