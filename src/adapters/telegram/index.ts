import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { translator } from '../../i18n/index.ts';
import { acceptPatiently } from '../accept.ts';
import type { AdapterDeps } from '../deps.ts';
import { type Adapter, Pages } from './adapter.ts';
import { onCallback } from './callbacks.ts';
import { Drafts } from './conversation.ts';
import { registerMenu } from './menu.ts';
import { onText } from './messages.ts';
import { type TelegramSender, telegramSender } from './sender.ts';
import { begin, claimOf, handleClaimed, stateOf } from './update.ts';
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

/** The config fields the Telegram adapter reads. */
export type TelegramConfig =
  | 'TELEGRAM_BOT_TOKEN'
  | 'TELEGRAM_API_ROOT'
  | 'TELEGRAM_WEBHOOK_URL'
  | 'TELEGRAM_WEBHOOK_SECRET'
  | 'BOT_LOCALE';
export type TelegramDeps = AdapterDeps<TelegramConfig>;

/**
 * The grammY bot with steerbot's handlers: each update is written to the inbox first and handled
 * once (a redelivered `update_id` finds its row and is dropped), everyone it shows is made known
 * (so `@username` resolves: with its command when it has one, else on its own), then text messages
 * and button presses go to their handlers. Errors are logged, never thrown at Telegram.
 */
export function createTelegramBot(deps: TelegramDeps, bot: Bot, sender: TelegramSender): void {
  const log = deps.log.child({ adapter: 'telegram' });
  const a: Adapter = {
    dispatcher: deps.dispatcher,
    api: bot.api,
    sender,
    drafts: new Drafts(deps.clock),
    pages: new Pages(),
    me: bot.botInfo,
    log,
  };

  bot.catch((err) =>
    log.error({ err: err.error, update_id: err.ctx.update.update_id }, 'telegram: update failed'),
  );

  const { inbox } = deps;
  bot.use(async (ctx, next) => {
    const handle = async (claim: ReturnType<typeof claimOf>) => {
      const u = begin(ctx.update, claim);
      await next();
      if (!u.dispatched) await deps.dispatcher.meet(u.people);
    };
    // The webhook, or a replay after a restart, wrote and claimed the row already.
    const claimed = claimOf(ctx.update);
    if (claimed) return handle(claimed);
    const key = `${ctx.me.id}:${ctx.update.update_id}`;
    const claim = await acceptPatiently(
      () => inbox.accept({ platform: 'telegram', key, kind: 'update', payload: ctx.update }),
      log,
      'telegram',
    );
    if (!claim) {
      log.info({ update_id: ctx.update.update_id }, 'telegram: update seen before; ignored');
      return;
    }
    await inbox.run(claim, () => handle(claim));
  });

  bot.on('message:text', (ctx) => onText(a, ctx.message, stateOf(ctx.update)));
  bot.on('callback_query', (ctx) => onCallback(a, ctx.callbackQuery, stateOf(ctx.update)));
}

/** Runs again what a stopped process accepted; says "carried out" for a command whose change had committed. */
function recoverUpdates(deps: TelegramDeps, bot: Bot): () => void {
  return deps.inbox.watch(
    'telegram',
    (row) => handleClaimed(bot, row.payload as Update, { id: row.id, attempt: row.attempt }),
    {
      keyPrefix: `${bot.botInfo.id}:`,
      // A command whose change committed before the restart, its answer lost: say it was done.
      applied: async (row) => {
        const message = (row.payload as Update).message;
        if (!message?.text) return;
        const line = translator(deps.config.BOT_LOCALE)('inbox.done_before_restart', {
          command: message.text,
        });
        await bot.api.sendMessage(message.chat.id, line, {
          reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
        });
      },
    },
  );
}

/**
 * Starts Telegram: the bot, its sender (registered with `deps.senders`), the command menu, and
 * either a webhook on the shared HTTP routes (when `TELEGRAM_WEBHOOK_URL` is set; Telegram must
 * send `TELEGRAM_WEBHOOK_SECRET`, anything else gets 401) or long polling.
 */
export async function startTelegram(deps: TelegramDeps): Promise<TelegramRuntime> {
  const { config } = deps;
  const log = deps.log.child({ adapter: 'telegram' });
  if (!config.TELEGRAM_BOT_TOKEN) throw new Error('startTelegram: TELEGRAM_BOT_TOKEN is not set');
  const bot = new Bot(config.TELEGRAM_BOT_TOKEN, { client: { apiRoot: config.TELEGRAM_API_ROOT } });
  await bot.init();
  const sender = telegramSender(bot.api);
  deps.senders.register(sender);
  createTelegramBot(deps, bot, sender);
  await registerMenu(bot.api, config.BOT_LOCALE).catch((err: unknown) =>
    log.warn({ err }, 'telegram: command menu not registered'),
  );
  // Updates this bot had accepted before a restart but not finished: carried out now, once.
  const stopRecovering = recoverUpdates(deps, bot);

  const url = config.TELEGRAM_WEBHOOK_URL;
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  if (url && secret) {
    deps.routes.post(WEBHOOK_PATH, ...webhookHandlers({ bot, secret, inbox: deps.inbox, log }));
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
