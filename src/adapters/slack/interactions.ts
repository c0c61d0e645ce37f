import type { BlockAction, BlockElementAction, App as BoltApp, MessageShortcut } from '@slack/bolt';
import { actionToCommand } from '../../dispatch.ts';
import {
  deliver,
  guarded,
  incomingOf,
  PAGER_PREFIX,
  type Respond,
  runCommand,
  type SlackCtx,
  type Where,
} from './deliver.ts';
import { publishHome } from './home.ts';
import { claimOf } from './inbox.ts';
import { registerSubmissions } from './submissions.ts';
import { fromSlackText } from './text.ts';
import { extendModal, type ModalMeta, rejectModal } from './views.ts';

/** Callback id of the "Log as blocker" message shortcut (manifest.yml). */
export const LOG_SHORTCUT = 'log_as_blocker';

/** The buttons that open a form (the command they stand for needs a date or a reason). */
const FORM_BUTTONS = new Set(['blocker.extend', 'extension.reject']);

/**
 * A form button: the dispatcher checks first whether the person may do what the form is for
 * (the same refusal on every platform, before anything is typed), then the form opens in their words.
 */
async function openButtonForm(sc: SlackCtx, where: Where, b: BlockAction, name: string, value: string) {
  const meta: ModalMeta & { record: string } = {
    channel: where.channel,
    responseUrl: b.response_url,
    record: value,
  };
  await sc.dispatcher.turn(await incomingOf(sc, where), async (turn) => {
    const refusal = await turn.check(name, value);
    if (refusal) return deliver(sc, where, { reply: refusal, lang: turn.lang });
    const view = name === 'blocker.extend' ? extendModal(turn.t, meta) : rejectModal(turn.t, meta);
    await sc.client.views.open({ trigger_id: b.trigger_id, view });
  });
}

/** One pressed button: a form, another page of a list, or the command it stands for. */
async function pressed(sc: SlackCtx, where: Where, b: BlockAction, action: BlockElementAction) {
  const name = action.action_id.replace(/:\d+$/, '');
  const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
  if (FORM_BUTTONS.has(name)) return openButtonForm(sc, where, b, name, value);
  if (name === 'page.prev' || name === 'page.next') {
    if (!action.block_id.startsWith(PAGER_PREFIX)) return;
    const page = Number(value) || 1;
    await runCommand(sc, where, action.block_id.slice(PAGER_PREFIX.length), { page, replace: true });
    return;
  }
  const command = actionToCommand(name, value);
  if (!command) {
    sc.log.warn({ action: action.action_id }, 'slack: button with no command');
    return;
  }
  await runCommand(sc, where, command);
  if (b.view?.type === 'home') await publishHome(sc, where.user);
}

/** "Log as blocker" on a message: `/blocker add`'s form, with the message as the detail and a link to it. */
async function logAsBlocker(
  sc: SlackCtx,
  where: Where,
  onMessage: MessageShortcut | undefined,
  trigger: string,
) {
  const link = onMessage
    ? await sc.client.chat
        .getPermalink({ channel: onMessage.channel.id, message_ts: onMessage.message_ts })
        .then((r) => r.permalink)
        .catch((err: unknown) => {
          sc.log.warn({ err }, 'slack: no permalink for the message');
          return undefined;
        })
    : undefined;
  const detail = onMessage?.message.text ? fromSlackText(onMessage.message.text) : undefined;
  const meta: ModalMeta = { channel: where.channel, responseUrl: onMessage?.response_url, link };
  const opening = { trigger, meta, prefill: { title: detail?.split('\n')[0], detail } };
  await runCommand(sc, { ...where, opening }, '/blocker add');
}

/**
 * Buttons, page buttons, the forms they open, and the message shortcut. A button runs its command
 * through the dispatcher as the person who pressed it, so every press checks permissions again.
 */
export function registerInteractions(bolt: BoltApp, sc: SlackCtx): void {
  bolt.action({ type: 'block_actions' }, async ({ ack, body, respond, context }) => {
    await ack();
    const b = body as BlockAction;
    const action = b.actions[0];
    if (!action) return;
    const where: Where = {
      user: b.user.id,
      userName: b.user.name ?? b.user.username ?? b.user.id,
      channel: b.channel?.id ?? b.container?.channel_id,
      respond: b.response_url ? respond : undefined,
      claim: claimOf(context),
    };
    await guarded(sc, where, action.action_id, () => pressed(sc, where, b, action));
  });

  bolt.shortcut(LOG_SHORTCUT, async ({ ack, shortcut, respond, context }) => {
    await ack();
    const onMessage = shortcut.type === 'message_action' ? shortcut : undefined;
    const where: Where = {
      user: shortcut.user.id,
      userName: shortcut.user.username ?? shortcut.user.id,
      channel: onMessage?.channel.id,
      respond: onMessage ? (respond as Respond) : undefined,
      claim: claimOf(context),
    };
    await guarded(sc, where, LOG_SHORTCUT, () => logAsBlocker(sc, where, onMessage, shortcut.trigger_id));
  });

  registerSubmissions(bolt, sc);
}
