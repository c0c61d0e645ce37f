import { webApi } from '@slack/bolt';
import { Api } from 'grammy';
import { slackSender } from '../adapters/slack/sender.ts';
import { telegramSender } from '../adapters/telegram/sender.ts';
import { configuredZaloSender } from '../adapters/zalo/index.ts';
import type { App } from '../app.ts';

/**
 * The platform senders a process needs without running the platform's adapter (`npm run worker`
 * runs none): built from the tokens in the config, for the platforms with no sender yet. Called by
 * `main.ts` and `worker.ts` before the queue starts its workers.
 */
export function registerConfiguredSenders(app: Pick<App, 'config' | 'senders' | 'log'>): void {
  const { config } = app;
  if (config.TELEGRAM_BOT_TOKEN && !app.senders.get('telegram')) {
    const api = new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT.replace(/\/$/, '') });
    app.senders.register(telegramSender(api));
  }
  if (config.SLACK_BOT_TOKEN && !app.senders.get('slack')) {
    // 429s go back to the delivery queue, which waits the Retry-After the platform gave.
    const client = new webApi.WebClient(config.SLACK_BOT_TOKEN, {
      slackApiUrl: config.SLACK_API_URL,
      rejectRateLimitedCalls: true,
    });
    app.senders.register(slackSender(client, app.log));
  }
  if (config.ZALO_BOT_TOKEN && !app.senders.get('zalo'))
    app.senders.register(configuredZaloSender(config, config.ZALO_BOT_TOKEN));
}
