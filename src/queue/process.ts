import { webApi } from '@slack/bolt';
import { Api } from 'grammy';
import { slackSender } from '../adapters/slack/sender.ts';
import { telegramSender } from '../adapters/telegram/sender.ts';
import type { App } from '../app.ts';
import { createQueueRuntime, type QueueRuntime } from './runtime.ts';

/**
 * The platform senders a worker-only process needs (`npm run worker` runs no adapter): built from
 * the tokens in the config.
 */
export function registerConfiguredSenders(app: App): void {
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
}

/**
 * Puts the queue in charge of a process: the services schedule through it, notices go out through
 * the delivery queues, the queue is reconciled with the database, and (unless `workers` is false)
 * the workers start.
 */
export async function startQueue(
  app: App,
  opts: { workers: boolean } & Parameters<typeof createQueueRuntime>[1],
): Promise<QueueRuntime> {
  const rt = createQueueRuntime(app, opts);
  app.scheduler.current = rt.scheduler;
  app.notices.add(rt.notifier);
  await rt.reconcile();
  if (opts.workers) rt.startWorkers();
  return rt;
}
