import type { Message, User } from 'grammy/types';
import { startTelegram, type TelegramRuntime } from '../../src/adapters/telegram/index.ts';
import { type App, adapterDeps } from '../../src/app.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import {
  type FakeTelegram,
  startFakeTelegram,
  type TelegramCall,
  type TelegramSent,
} from '../fakes/telegram-api.ts';
import { TestClock, testApp } from '../support/app.ts';

/** The people of the end-to-end tests: an admin (in ADMINS) and members, each with a username. */
export const ADMIN = { id: 1001, first_name: 'Hà', last_name: 'Admin', username: 'ha_admin' };
export const LAN = { id: 1002, first_name: 'Lan', username: 'lan_mic' };
export const MINH = { id: 1003, first_name: 'Minh', username: 'minh_mof', language_code: 'vi' };
export const HOA = { id: 1004, first_name: 'Hoa', username: 'hoa_vnpt' };
/** The working group's Telegram group (a supergroup). */
export const GROUP = { id: -1001234567890, type: 'supergroup' as const, title: 'WG digital transformation' };

type From = Partial<User> & { id: number };

/** The whole bot (core on in-memory PGlite, real grammY) talking HTTP to a fake Bot API. */
export interface Harness {
  app: App;
  fake: FakeTelegram;
  http: HttpServer;
  telegram: TelegramRuntime;
  clock: TestClock;
  /** Sends a text message and resolves when the bot has handled it, with what the bot did. */
  say(from: From, text: string, opts?: SayOptions): Promise<Exchange>;
  /** Presses an inline button and resolves when the bot has handled it. */
  press(from: From, message: Message, data: string): Promise<Exchange>;
  close(): Promise<void>;
}

export interface SayOptions {
  chat?: typeof GROUP | number;
  reply_to_message?: Message;
}

/** One update and its consequences. */
export interface Exchange {
  update_id: number;
  message?: Message;
  /** Messages the bot sent or edited meanwhile. */
  sent: TelegramSent[];
  /** Every Bot API call the bot made meanwhile (answerCallbackQuery included). */
  calls: TelegramCall[];
}

/**
 * Starts the fake Bot API, the app and the Telegram adapter (as main does) in long polling;
 * with `webhook` it listens on an ephemeral port and sets the webhook with that secret instead.
 * `shared` runs a second bot (another token) on the app of another harness: an in-memory
 * database takes seconds to create, so a test file makes one.
 */
export async function startHarness(
  opts: { webhook?: { secret: string }; shared?: Harness } = {},
): Promise<Harness> {
  const token = opts.shared ? '7000000002:TEST-steerbot-webhook' : undefined;
  const fake = await startFakeTelegram({
    botUsername: 'steerbot_test_bot',
    maxPollSeconds: 5,
    ...(token ? { token } : {}),
  });
  const clock = opts.shared?.clock ?? new TestClock(new Date());
  const env = {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ADMINS: `telegram:${ADMIN.id}`,
  };
  const app = opts.shared?.app ?? (await testApp({ clock, env }));
  const http = createHttpServer(app);
  const config = { ...app.config, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
  let telegram: TelegramRuntime;
  if (opts.webhook) {
    const port = await http.listen(0, '127.0.0.1');
    config.TELEGRAM_WEBHOOK_URL = `http://127.0.0.1:${port}/telegram/webhook`;
    config.TELEGRAM_WEBHOOK_SECRET = opts.webhook.secret;
    telegram = await startTelegram({ ...adapterDeps(app, http), config });
  } else {
    telegram = await startTelegram({ ...adapterDeps(app, http), config });
    await fake.whenPolling();
  }

  /** Runs `act`, waits until the bot is done with the update, and collects what it did. */
  async function exchange(act: () => { update_id: number; message?: Message }): Promise<Exchange> {
    const calls = fake.calls.length;
    const sent = fake.sent().length;
    const { update_id, message } = act();
    if (opts.webhook) await fake.waitForDelivery((d) => d.update_id === update_id && d.status === 200);
    else await fake.whenConfirmed(update_id);
    return {
      update_id,
      ...(message ? { message } : {}),
      sent: fake.sent().slice(sent),
      calls: fake.calls.slice(calls),
    };
  }

  return {
    app,
    fake,
    http,
    telegram,
    clock,
    say(from, text, o = {}) {
      return exchange(() => {
        const message = fake.message({
          from,
          text,
          ...(o.chat !== undefined ? { chat: o.chat } : {}),
          ...(o.reply_to_message ? { reply_to_message: o.reply_to_message } : {}),
        });
        return { update_id: fake.pushUpdate({ message }).update_id, message };
      });
    },
    press(from, message, data) {
      return exchange(() => ({
        update_id: fake.pushUpdate(fake.callback({ from, message, data })).update_id,
      }));
    },
    async close() {
      await telegram.stop();
      await fake.close();
      await http.close();
      if (!opts.shared) await app.close();
    },
  };
}

/** The inline keys of a sent message, as `label → callback_data`. */
export function keys(sent: TelegramSent | undefined): Record<string, string> {
  const markup = sent?.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] };
  return Object.fromEntries((markup?.inline_keyboard ?? []).flat().map((k) => [k.text, k.callback_data]));
}

/** The answerCallbackQuery call of an exchange. */
export function answerOf(x: Exchange): Record<string, unknown> | undefined {
  return x.calls.find((c) => c.method === 'answerCallbackQuery')?.body;
}

/** The texts of what the bot sent, as users see them. */
export const texts = (x: { sent: { text?: string | undefined }[] }): string[] =>
  x.sent.map((s) => s.text ?? '');

/** Blockers whose title is exactly `title`, straight from the records. */
export async function blockersTitled(h: Harness, title: string): Promise<number> {
  // Every blocker, not one page of `/blocker list all`.
  const admin = await h.app.services.identity.resolve(
    { platform: 'console', id: 'tester', name: 'tester' },
    { asAdmin: true },
  );
  const all = await h.app.services.queries.list(admin, { scope: 'all' });
  return all.filter((b) => b.title === title).length;
}
