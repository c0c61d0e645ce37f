import { startZalo, type ZaloRuntime } from '../../src/adapters/zalo/index.ts';
import type { PollTimes } from '../../src/adapters/zalo/poll.ts';
import { type App, adapterDeps } from '../../src/app.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import {
  type FakeZalo,
  startFakeZalo,
  type ZaloSent,
  type ZaloUpdate,
  type ZaloUser,
} from '../fakes/zalo.ts';
import { TestClock, testApp } from '../support/app.ts';

/** The people of the Zalo tests: an admin (in ADMINS) and members. Zalo ids are hex strings. */
export const ADMIN: ZaloUser = { id: 'a1b2c3d4e5f60718293a', display_name: 'Hà Admin' };
export const LAN: ZaloUser = { id: 'b1b2c3d4e5f60718293b', display_name: 'Lan' };
export const MINH: ZaloUser = { id: 'c1b2c3d4e5f60718293c', display_name: 'Minh' };

/** The whole bot (core on in-memory PGlite) talking HTTP to the fake Zalo Bot API. */
export interface Harness {
  app: App;
  fake: FakeZalo;
  http: HttpServer;
  zalo: ZaloRuntime;
  clock: TestClock;
  /** Sends a text and resolves when the bot is done with it, with what it sent meanwhile. */
  say(from: ZaloUser, text: string): Promise<Exchange>;
  /** Queues any update and resolves when the bot is done with it. */
  deliver(update: () => ZaloUpdate): Promise<Exchange>;
  close(): Promise<void>;
}

export interface Exchange {
  update: ZaloUpdate;
  sent: ZaloSent[];
}

export interface HarnessOptions {
  webhook?: { secret: string; envelope?: boolean };
  /** More environment for the app (ZALO_RATE_PER_CHAT…). */
  env?: Record<string, string>;
  poll?: Partial<PollTimes>;
  /** Another harness whose app (and clock) this one shares, with the same fake. */
  app?: App;
}

/**
 * Starts the fake Zalo Bot API, the app and the Zalo adapter (as main does) in long polling; with
 * `webhook` it listens on a free port and sets the webhook with that secret instead. Sends to one
 * chat are paced at 1,000 a second here (the 1 a second default would only slow the tests).
 */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeZalo({
    maxPollSeconds: 5,
    ...(opts.webhook?.envelope === false ? { webhookEnvelope: false } : {}),
  });
  const clock = new TestClock(new Date());
  const env = {
    ZALO_BOT_TOKEN: fake.token,
    ZALO_API_ROOT: fake.apiRoot,
    ZALO_RATE_PER_CHAT: '1000',
    ADMINS: `zalo:${ADMIN.id}`,
    ...opts.env,
  };
  const app = opts.app ?? (await testApp({ clock, env }));
  const http = createHttpServer(app);
  const config = { ...app.config, ZALO_BOT_TOKEN: fake.token, ZALO_API_ROOT: fake.apiRoot };
  if (opts.webhook) {
    const port = await http.listen(0, '127.0.0.1');
    config.ZALO_WEBHOOK_URL = `http://127.0.0.1:${port}/zalo/webhook`;
    config.ZALO_WEBHOOK_SECRET = opts.webhook.secret;
  }
  const zalo = await startZalo({ ...adapterDeps(app, http), config }, opts.poll ? { poll: opts.poll } : {});
  if (!opts.webhook) await fake.whenPolling();

  async function deliver(make: () => ZaloUpdate): Promise<Exchange> {
    const before = fake.sent().length;
    const update = make();
    await fake.whenDone(update.message.message_id);
    return { update, sent: fake.sent().slice(before) };
  }

  return {
    app,
    fake,
    http,
    zalo,
    clock,
    deliver,
    say: (from, text) => deliver(() => fake.say(from, text)),
    async close() {
      await zalo.stop();
      await fake.close();
      await http.close();
      if (!opts.app) await app.close();
    },
  };
}

/** The texts the bot sent, as people read them. */
export const texts = (x: { sent: ZaloSent[] }): string[] => x.sent.map((s) => s.text ?? '');
