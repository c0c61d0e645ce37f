import type { App as BoltApp } from '@slack/bolt';
import { dedupeRepo } from '../../store/dedupe-repo.ts';
import { guarded, runCommand, type SlackCtx, type Where } from './deliver.ts';
import { publishHome } from './home.ts';

/** The Events API events the bot subscribes to (manifest.yml `bot_events`). */
export const SLACK_EVENTS = ['app_home_opened', 'app_mention'] as const;

/**
 * Events API. Each `event_id` is handled once: Slack redelivers an event (`x-slack-retry-num`)
 * when the first delivery was slow or lost, and a retry must change nothing twice. Then the Home
 * tab and `@steerbot <command>` mentions.
 */
export function registerEvents(bolt: BoltApp, sc: SlackCtx): void {
  bolt.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string') {
      const now = sc.app.services.deps.clock.now();
      if (!(await dedupeRepo.firstSeen(sc.app.database.db, 'slack', `event:${eventId}`, now))) {
        sc.app.log.info({ eventId, retryNum: context.retryNum }, 'slack: event seen before; skipped');
        return;
      }
    }
    await next();
  });

  bolt.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    const where: Where = { user: event.user, userName: event.user };
    await guarded(sc, where, 'app_home_opened', () => publishHome(sc, event.user, event.channel));
  });

  // "@steerbot blocker list mine": the words after the mention are a command.
  bolt.event('app_mention', async ({ event }) => {
    const user = event.user;
    if (!user) return;
    const where: Where = { user, userName: user, channel: event.channel };
    const words = event.text.replace(/^\s*(<@[UW][A-Z0-9]+(\|[^>]*)?>\s*)+/, '').trim();
    await guarded(sc, where, 'app_mention', async () => {
      await runCommand(sc, where, words.startsWith('/') ? words : `/${words || 'help'}`);
    });
  });
}
