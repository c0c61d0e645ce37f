import type { BlockAction, App as BoltApp } from '@slack/bolt';
import { actionToCommand } from '../../dispatch.ts';
import { translator } from '../../i18n/index.ts';
import { chatOf, guarded, PAGER_PREFIX, runCommand, type SlackCtx, type Where } from './deliver.ts';
import { publishHome } from './home.ts';
import { registerSubmissions } from './submissions.ts';
import { fromSlackText } from './text.ts';
import { addBlockerModal, extendModal, type ModalMeta, rejectModal } from './views.ts';

/** Callback id of the "Log as blocker" message shortcut (manifest.yml). */
export const LOG_SHORTCUT = 'log_as_blocker';

/** The language of the person acting, for a form opened for them. */
async function langOf(sc: SlackCtx, where: Where) {
  const who = await sc.people.identity(where.user, where.userName);
  return (await sc.app.dispatcher.contextFor({ text: '', who, chat: chatOf(where) })).lang;
}

/**
 * Buttons, page buttons, the forms they open, and the message shortcut. A button runs its command
 * through the dispatcher as the person who pressed it, so every press checks permissions again.
 */
export function registerInteractions(bolt: BoltApp, sc: SlackCtx): void {
  bolt.action({ type: 'block_actions' }, async ({ ack, body, respond }) => {
    await ack();
    const b = body as BlockAction;
    const action = b.actions[0];
    if (!action) return;
    const where: Where = {
      user: b.user.id,
      userName: b.user.name ?? b.user.username ?? b.user.id,
      channel: b.channel?.id ?? b.container?.channel_id,
      respond: b.response_url ? respond : undefined,
    };
    const name = action.action_id.replace(/:\d+$/, '');
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
    await guarded(sc, where, name, async () => {
      const meta: ModalMeta = { channel: where.channel, responseUrl: b.response_url, record: value };
      if (name === 'blocker.extend' || name === 'extension.reject') {
        const t = translator(await langOf(sc, where));
        const view =
          name === 'blocker.extend'
            ? extendModal(t, { ...meta, record: value })
            : rejectModal(t, { ...meta, record: value });
        await sc.client.views.open({ trigger_id: b.trigger_id, view });
        return;
      }
      if (name === 'page.prev' || name === 'page.next') {
        if (!action.block_id.startsWith(PAGER_PREFIX)) return;
        const page = Number(value) || 1;
        await runCommand(sc, where, action.block_id.slice(PAGER_PREFIX.length), { page, replace: true });
        return;
      }
      const command = actionToCommand(name, value);
      if (!command) {
        sc.app.log.warn({ action: action.action_id }, 'slack: button with no command');
        return;
      }
      await runCommand(sc, where, command);
      if (b.view?.type === 'home') await publishHome(sc, where.user);
    });
  });

  // "Log as blocker" on a message: the form, with the message as the detail and a link to it.
  bolt.shortcut(LOG_SHORTCUT, async ({ ack, shortcut, respond }) => {
    await ack();
    const onMessage = shortcut.type === 'message_action' ? shortcut : undefined;
    const where: Where = {
      user: shortcut.user.id,
      userName: shortcut.user.username ?? shortcut.user.id,
      channel: onMessage?.channel.id,
      respond: onMessage ? respond : undefined,
    };
    await guarded(sc, where, LOG_SHORTCUT, async () => {
      const [lang, units, link] = await Promise.all([
        langOf(sc, where),
        sc.app.services.units.list(),
        onMessage
          ? sc.client.chat
              .getPermalink({ channel: onMessage.channel.id, message_ts: onMessage.message_ts })
              .then((r) => r.permalink)
              .catch((err: unknown) => {
                sc.app.log.warn({ err }, 'slack: no permalink for the message');
                return undefined;
              })
          : undefined,
      ]);
      const detail = onMessage?.message.text ? fromSlackText(onMessage.message.text) : undefined;
      const meta: ModalMeta = { channel: where.channel, responseUrl: onMessage?.response_url, link };
      await sc.client.views.open({
        trigger_id: shortcut.trigger_id,
        view: addBlockerModal(translator(lang), units, meta, {
          title: detail?.split('\n')[0],
          detail,
        }),
      });
    });
  });

  registerSubmissions(bolt, sc);
}
