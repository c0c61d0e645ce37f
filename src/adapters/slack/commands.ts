import type { App as BoltApp } from '@slack/bolt';
import { commands } from '../../../commands/index.ts';
import { guarded, runCommand, type SlackCtx, type Where } from './deliver.ts';
import { claimOf } from './inbox.ts';

/** The slash commands the app answers: every chat command, by its name (manifest.yml lists the same). */
export const SLASH_COMMANDS = commands.map((c) => `/${c.name}`);

/**
 * Slash commands: acked at once with nothing (well inside Slack's 3 seconds, however slow the
 * database), then run as `/<command> <text>` through the dispatcher and answered through the
 * command's response_url. A command that answers with a form (`/blocker add` alone) gets it opened.
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
        claim: claimOf(context),
        opening: {
          trigger: command.trigger_id,
          meta: { channel: command.channel_id, responseUrl: command.response_url },
        },
      };
      await guarded(sc, where, name, async () => {
        await runCommand(sc, where, `${name} ${command.text.trim()}`.trim());
      });
    });
  }
}
