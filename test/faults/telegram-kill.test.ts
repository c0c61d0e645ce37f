import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { blockers } from '../../src/store/schema.ts';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.ts';
import { freshPgDatabase } from '../support/app.ts';
import { ADMIN } from '../telegram/harness.ts';
import { type BotProcess, spawnBot, tally } from './bot-process.ts';

const UPDATES = 60;
/** The bot is killed when it has answered this many (the rest are being handled or not fetched yet). */
const KILL_AFTER_ANSWERS = 15;

describe('SIGKILL of the bot while it works through Telegram updates (long polling, PostgreSQL)', () => {
  let fake: FakeTelegram;
  let db: { url: string; drop(): Promise<void> };
  let env: Record<string, string>;
  let bot: BotProcess | undefined;

  beforeAll(async () => {
    fake = await startFakeTelegram({ botUsername: 'steerbot_test_bot', maxPollSeconds: 1 });
    db = await freshPgDatabase();
    env = {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:1',
      ADMINS: `telegram:${ADMIN.id}`,
    };
  });
  afterAll(async () => {
    await bot?.kill();
    await fake?.close();
    await db?.drop();
  });

  it('carries out every update once after a restart: the half-done from the inbox, the rest redelivered', async () => {
    bot = spawnBot(env);
    const first = bot;
    await first.waitFor((l) => l.msg === 'telegram: long polling');
    let answers = 0;
    const killed = fake
      .waitFor((c) => c.method === 'sendMessage' && ++answers === KILL_AFTER_ANSWERS, 60_000)
      .then(() => first.child.kill('SIGKILL'));
    const titles: string[] = [];
    let last = 0;
    for (let i = 0; i < UPDATES; i++) {
      const title = `Telegram kill ${String(i).padStart(3, '0')}`;
      titles.push(title);
      last = fake.pushUpdate({
        message: fake.message({ from: ADMIN, text: `/blocker add ${title}` }),
      }).update_id;
    }
    await killed;
    expect(await first.exited).toBe('SIGKILL');

    bot = spawnBot(env);
    await bot.waitFor((l) => l.msg === 'inbox: startup recovery done' && l.platform === 'telegram', 60_000);
    await fake.whenConfirmed(last, 60_000);

    const database = await openDatabase({ databaseUrl: db.url, dataDir: '' });
    const rows = await database.db
      .select({ id: blockers.id, title: blockers.title })
      .from(blockers)
      .orderBy(asc(blockers.id));
    await database.close();
    const count = new Map<string, number>();
    for (const r of rows) count.set(r.title, (count.get(r.title) ?? 0) + 1);
    const lost = titles.filter((t) => !count.has(t)).length;
    const duplicated = [...count.values()].filter((n) => n > 1).length;
    const delivered = titles.filter((t) => count.get(t) === 1).length;
    tally(UPDATES, delivered, lost, duplicated);
    expect({ lost, duplicated, delivered }).toEqual({ lost: 0, duplicated: 0, delivered: UPDATES });
    expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => i + 1));
  }, 120_000);
});
