import { App as BoltApp, ExpressReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { App } from '../../app.ts';
import type { HttpServer } from '../../http/server.ts';
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

/**
 * Starts the bot on Slack: Socket Mode when `SLACK_APP_TOKEN` is set, otherwise Bolt's
 * `POST /slack/events` mounted on the shared HTTP server (the caller starts it listening). The
 * token is checked (auth.test) before anything is registered. Every request goes through the
 * inbox before it is acknowledged; what a stopped process had accepted is carried out now.
 * Registers the Slack sender for notices. Resolves with the function that stops it.
 */
export async function startSlack(app: App, http: HttpServer): Promise<() => Promise<void>> {
  const { config, log } = app;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new Error('startSlack needs SLACK_BOT_TOKEN');
  const logger = boltLogger(log);
  const clientOptions = { slackApiUrl: config.SLACK_API_URL };
  const appToken = config.SLACK_APP_TOKEN;

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

  if (!appToken) http.express.use(SLACK_EVENTS_PATH, refuseFutureTimestamps(log));
  const receiver = new InboxReceiver(
    appToken
      ? new SocketModeReceiver({ appToken, logger, installerOptions: { clientOptions } })
      : new ExpressReceiver({
          signingSecret: config.SLACK_SIGNING_SECRET ?? '',
          app: http.express,
          endpoints: SLACK_EVENTS_PATH,
          logger,
          customPropertiesExtractor: signatureOf,
        }),
    app.services.inbox,
    log,
  );
  const bolt = new BoltApp({ ...identity, receiver, logger, clientOptions });

  const sc: SlackCtx = {
    app,
    client: bolt.client,
    people: slackPeople(app, bolt.client),
    botUserId: auth.user_id,
  };
  registerEvents(bolt, sc);
  registerCommands(bolt, sc);
  registerInteractions(bolt, sc);
  bolt.error(async (err) => {
    log.error({ err }, 'slack: unhandled error');
  });
  app.senders.register(slackSender(outbound, log));

  if (appToken) await bolt.start();
  log.info({ mode: appToken ? 'socket' : 'http', team: auth.team_id, bot: auth.user_id }, 'slack: started');
  const stopRecovering = app.services.inbox.watch('slack', replayer(bolt), { applied: appliedNotice(sc) });
  return async () => {
    stopRecovering();
    if (appToken) await bolt.stop();
  };
}
