import type { App as BoltApp } from '@slack/bolt';
import { guarded, runCommand, type SlackCtx, type Where } from './deliver.ts';
import { publishHome } from './home.ts';
import { claimOf } from './inbox.ts';

/** The Events API events the bot subscribes to (manifest.yml `bot_events`). */
export const SLACK_EVENTS = ['app_home_opened', 'app_mention'] as const;

/**
 * Events API: the Home tab and `@steerbot <command>` mentions. Each `event_id` is handled once
 * (a Slack retry, `x-slack-retry-num`, finds it in the inbox: see `inbox.ts`).
 */
export function registerEvents(bolt: BoltApp, sc: SlackCtx): void {
  bolt.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    const where: Where = { user: event.user, userName: event.user };
    await guarded(sc, where, 'app_home_opened', () => publishHome(sc, event.user, event.channel));
  });

  // "@steerbot blocker list mine": the words after the mention are a command.
  bolt.event('app_mention', async ({ event, context }) => {
    const user = event.user;
    if (!user) return;
    const where: Where = { user, userName: user, channel: event.channel, claim: claimOf(context) };
    const words = event.text.replace(/^\s*(<@[UW][A-Z0-9]+(\|[^>]*)?>\s*)+/, '').trim();
    await guarded(sc, where, 'app_mention', async () => {
      await runCommand(sc, where, words.startsWith('/') ? words : `/${words || 'help'}`);
    });
  });
}
