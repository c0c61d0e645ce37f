import type { App as BoltApp } from '@slack/bolt';
import { commands } from '../../../commands/index.ts';
import type { InboxClaim } from '../../domain/ports.ts';
import { translator } from '../../i18n/index.ts';
import { chatOf, guarded, runCommand, type SlackCtx, type Where } from './deliver.ts';
import { CLAIM } from './inbox.ts';
import { addBlockerModal } from './views.ts';

/** The slash commands the app answers: every chat command, by its name (manifest.yml lists the same). */
export const SLASH_COMMANDS = commands.map((c) => `/${c.name}`);

/**
 * Slash commands: acked at once with nothing (well inside Slack's 3 seconds, however slow the
 * database), then run as `/<command> <text>` through the dispatcher and answered by message.
 * `/blocker add` with nothing after it opens the "Log a blocker" form instead.
 */
export function registerCommands(bolt: BoltApp, sc: SlackCtx): void {
  for (const name of SLASH_COMMANDS) {
    bolt.command(name, async ({ command, ack, respond, context }) => {
      await ack();
      const where: Where = {
        user: command.user_id,
        userName: command.user_name,
        channel: command.channel_id,
        respond,
        claim: context[CLAIM] as InboxClaim | undefined,
      };
      await guarded(sc, where, name, async () => {
        const text = command.text.trim();
        if (name === '/blocker' && /^add$/i.test(text)) {
          const who = await sc.people.identity(where.user, where.userName);
          const ctx = await sc.app.dispatcher.contextFor({ text: '', who, chat: chatOf(where) });
          const units = await sc.app.services.units.list();
          const meta = { channel: command.channel_id, responseUrl: command.response_url };
          await sc.client.views.open({
            trigger_id: command.trigger_id,
            view: addBlockerModal(translator(ctx.lang), units, meta),
          });
          return;
        }
        await runCommand(sc, where, `${name} ${text}`.trim());
      });
    });
  }
}
