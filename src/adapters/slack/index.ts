import type { Logger as SlackLogger } from '@slack/bolt';
import { App as BoltApp, ExpressReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { AdapterDeps } from '../deps.ts';
import { registerCommands } from './commands.ts';
import type { SlackCtx } from './deliver.ts';
import { registerEvents } from './events.ts';
import { appliedNotice, InboxReceiver, refuseFutureTimestamps, replayer, signatureOf } from './inbox.ts';
import { registerInteractions } from './interactions.ts';
import { boltLogger } from './logger.ts';
import { slackPeople } from './people.ts';
import { slackSender } from './sender.ts';

/** The path Slack calls in HTTP mode (slash commands, interactivity and events alike). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** The config fields the Slack adapter reads. */
export type SlackConfig =
  | 'SLACK_BOT_TOKEN'
  | 'SLACK_APP_TOKEN'
  | 'SLACK_SIGNING_SECRET'
  | 'SLACK_API_URL'
  | 'BOT_LOCALE';

/** The receiver Bolt gets: Socket Mode with an app token, else HTTP on the shared routes, behind the inbox. */
function inboxReceiver(deps: AdapterDeps<SlackConfig>, logger: SlackLogger): InboxReceiver {
  const { config, log, routes } = deps;
  const clientOptions = { slackApiUrl: config.SLACK_API_URL };
  const appToken = config.SLACK_APP_TOKEN;
  if (!appToken) routes.use(SLACK_EVENTS_PATH, refuseFutureTimestamps(log));
  const inner = appToken
    ? new SocketModeReceiver({ appToken, logger, installerOptions: { clientOptions } })
    : new ExpressReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET ?? '',
        // ExpressReceiver mounts its router with `app.use`: any express router takes it.
        app: routes as ConstructorParameters<typeof ExpressReceiver>[0]['app'],
        endpoints: SLACK_EVENTS_PATH,
        logger,
        customPropertiesExtractor: signatureOf,
      });
  return new InboxReceiver(inner, deps.inbox, log);
}

/**
 * Starts the bot on Slack: Socket Mode when `SLACK_APP_TOKEN` is set, otherwise Bolt's
 * `POST /slack/events` mounted on the shared HTTP routes (the caller starts it listening). The
 * token is checked (auth.test) before anything is registered. Every request goes through the
 * inbox before it is acknowledged; what a stopped process had accepted is carried out now.
 * Registers the Slack sender for notices. Resolves with the function that stops it.
 */
export async function startSlack(deps: AdapterDeps<SlackConfig>): Promise<() => Promise<void>> {
  const { config, log } = deps;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new Error('startSlack needs SLACK_BOT_TOKEN');
  const logger = boltLogger(log);
  const clientOptions = { slackApiUrl: config.SLACK_API_URL };
  // Notices leave through a client that hands a 429 back to the delivery queue instead of waiting.
  const outbound = new webApi.WebClient(token, {
    ...clientOptions,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5000 },
    logger,
  });
  // A wrong token stops the start here, with Slack's reason (invalid_auth).
  const auth = await outbound.auth.test();
  const identity = { token, botId: auth.bot_id, botUserId: auth.user_id, tokenVerificationEnabled: false };
  const receiver = inboxReceiver(deps, logger);
  const bolt = new BoltApp({ ...identity, receiver, logger, clientOptions });

  const sc: SlackCtx = {
    dispatcher: deps.dispatcher,
    log,
    lang: config.BOT_LOCALE,
    client: bolt.client,
    people: slackPeople(bolt.client, log, deps.clock),
    botUserId: auth.user_id,
  };
  registerEvents(bolt, sc);
  registerCommands(bolt, sc);
  registerInteractions(bolt, sc);
  bolt.error(async (err) => {
    log.error({ err }, 'slack: unhandled error');
  });
  deps.senders.register(slackSender(outbound, log));

  const socket = Boolean(config.SLACK_APP_TOKEN);
  if (socket) await bolt.start();
  log.info({ mode: socket ? 'socket' : 'http', team: auth.team_id, bot: auth.user_id }, 'slack: started');
  const stopRecovering = deps.inbox.watch('slack', replayer(bolt), { applied: appliedNotice(sc) });
  return async () => {
    stopRecovering();
    if (socket) await bolt.stop();
  };
}
