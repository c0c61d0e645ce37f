import { Bot } from 'grammy';
import type { Update, User } from 'grammy/types';
import type { App } from '../../app.ts';
import type { HttpServer } from '../../http/server.ts';
import { translator } from '../../i18n/index.ts';
import type { Logger } from '../../logger.ts';
import { type Adapter, Pages } from './adapter.ts';
import { onCallback } from './callbacks.ts';
import { Drafts } from './conversation.ts';
import { claimOf, claimUpdate, whoOf } from './incoming.ts';
import { registerMenu } from './menu.ts';
import { onText } from './messages.ts';
import { type TelegramSender, telegramSender } from './sender.ts';
import { webhookHandlers } from './webhook.ts';

/** The updates the bot asks Telegram for. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
export const WEBHOOK_PATH = '/telegram/webhook';

/** A running Telegram adapter. */
export interface TelegramRuntime {
  bot: Bot;
  sender: TelegramSender;
  mode: 'polling' | 'webhook';
  /** Stops long polling (a webhook stops with the HTTP server). */
  stop(): Promise<void>;
}

/** Every person an update shows the bot: the sender, whom they replied to, who joined, who was mentioned. */
function peopleIn(update: Update): User[] {
  const m = update.message;
  const users = [update.message?.from, update.callback_query?.from, m?.reply_to_message?.from];
  users.push(...(m?.new_chat_members ?? []));
  for (const e of m?.entities ?? []) if (e.type === 'text_mention') users.push(e.user);
  return users.filter((u): u is User => u !== undefined && !u.is_bot);
}

/** How long long polling waits for the database to take an update before giving up on it. */
const ACCEPT_PATIENCE_MS = 120_000;

/**
 * Long polling confirms an update to Telegram once its handler returns, so an update the inbox
 * could not store (the database restarting) is retried here, with growing pauses, rather than
 * confirmed and lost. Gives up (throws) after {@link ACCEPT_PATIENCE_MS}.
 */
async function acceptPatiently<T>(accept: () => Promise<T>, log: Logger): Promise<T> {
  const started = Date.now();
  for (let pause = 500; ; pause = Math.min(pause * 2, 10_000)) {
    try {
      return await accept();
    } catch (err) {
      if (Date.now() - started + pause > ACCEPT_PATIENCE_MS) throw err;
      log.warn({ err, retryInMs: pause }, 'telegram: update not stored yet; trying again');
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/**
 * The grammY bot with steerbot's handlers: each update is written to the inbox first and handled
 * once (a redelivered `update_id` finds its row and is dropped), everyone it shows is remembered
 * (so `@username` resolves), then text messages and button presses go to their handlers. Errors
 * are logged, never thrown at Telegram.
 */
export function createTelegramBot(app: App, bot: Bot, sender: TelegramSender): void {
  const log = app.log.child({ adapter: 'telegram' });
  const clock = app.services.clock;
  const adapter = (): Adapter => ({
    app,
    api: bot.api,
    sender,
    drafts,
    pages,
    me: bot.botInfo,
    log,
  });
  const drafts = new Drafts(clock);
  const pages = new Pages();

  bot.catch((err) =>
    log.error({ err: err.error, update_id: err.ctx.update.update_id }, 'telegram: update failed'),
  );

  const inbox = app.services.inbox;
  bot.use(async (ctx, next) => {
    const handle = async () => {
      for (const user of peopleIn(ctx.update)) {
        await app.services.identity
          .resolve(whoOf(user))
          .catch((err: unknown) => log.warn({ err, user: user.id }, 'telegram: could not record a person'));
      }
      await next();
    };
    // The webhook, or a replay after a restart, wrote and claimed the row already.
    if (claimOf(ctx.update)) return handle();
    const key = `${ctx.me.id}:${ctx.update.update_id}`;
    const claim = await acceptPatiently(
      () => inbox.accept({ platform: 'telegram', key, kind: 'update', payload: ctx.update }),
      log,
    );
    if (!claim) {
      log.info({ update_id: ctx.update.update_id }, 'telegram: update seen before; ignored');
      return;
    }
    claimUpdate(ctx.update, claim);
    await inbox.run(claim, handle);
  });

  bot.on('message:text', (ctx) => onText(adapter(), ctx.message));
  bot.on('callback_query', (ctx) => onCallback(adapter(), ctx.callbackQuery));
}

/**
 * Starts Telegram: the bot, its sender (registered on `app.senders`), the command menu, and
 * either a webhook on the shared HTTP server (when `TELEGRAM_WEBHOOK_URL` is set; Telegram must
 * send `TELEGRAM_WEBHOOK_SECRET`, anything else gets 401) or long polling.
 */
export async function startTelegram(app: App, http: HttpServer): Promise<TelegramRuntime> {
  const { config } = app;
  const log = app.log.child({ adapter: 'telegram' });
  if (!config.TELEGRAM_BOT_TOKEN) throw new Error('startTelegram: TELEGRAM_BOT_TOKEN is not set');
  const bot = new Bot(config.TELEGRAM_BOT_TOKEN, { client: { apiRoot: config.TELEGRAM_API_ROOT } });
  await bot.init();
  const sender = telegramSender(bot.api);
  app.senders.register(sender);
  createTelegramBot(app, bot, sender);
  await registerMenu(bot.api, config.BOT_LOCALE).catch((err: unknown) =>
    log.warn({ err }, 'telegram: command menu not registered'),
  );

  // Updates this bot had accepted before a restart but not finished: carried out now, once.
  const stopRecovering = app.services.inbox.watch(
    'telegram',
    (row) => {
      claimUpdate(row.payload as Update, row);
      return bot.handleUpdate(row.payload as Update);
    },
    {
      keyPrefix: `${bot.botInfo.id}:`,
      // A command whose change committed before the restart, its answer lost: say it was done.
      applied: async (row) => {
        const message = (row.payload as Update).message;
        if (!message?.text) return;
        const line = translator(config.BOT_LOCALE)('inbox.done_before_restart', { command: message.text });
        await bot.api.sendMessage(message.chat.id, line, {
          reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
        });
      },
    },
  );

  const url = config.TELEGRAM_WEBHOOK_URL;
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  if (url && secret) {
    http.express.post(WEBHOOK_PATH, ...webhookHandlers({ bot, secret, inbox: app.services.inbox, log }));
    await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
    log.info({ url, username: bot.botInfo.username }, 'telegram: webhook set');
    return { bot, sender, mode: 'webhook', stop: async () => stopRecovering() };
  }

  const running = bot
    .start({ allowed_updates: [...ALLOWED_UPDATES] })
    .catch((err: unknown) => log.error({ err }, 'telegram: long polling stopped with an error'));
  log.info({ username: bot.botInfo.username }, 'telegram: long polling');
  return {
    bot,
    sender,
    mode: 'polling',
    async stop() {
      stopRecovering();
      if (bot.isRunning()) await bot.stop();
      await running;
    },
  };
}
