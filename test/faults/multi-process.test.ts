import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { Actor } from '../../src/services/deps.ts';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.ts';
import { startChild, stopChild } from '../queue/children.ts';
import { dropPrefix, insertDueBlockers, settled } from '../queue/support.ts';
import { freshPgDatabase, testApp } from '../support/app.ts';
import { type RestartableRedis, restartableRedis, tally, until } from './support.ts';

const PEOPLE = 50;
const PER_PERSON = 10;
const BURST = 50; // escalations per bot process
const ALERTS_CHAT = '-1001';

/** Resolves with the line `child` prints that starts with `prefix`. */
function lineFrom(child: ChildProcess, prefix: string, timeoutMs = 90_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no "${prefix}" line: ${out}`)), timeoutMs);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith(prefix));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
  });
}

/**
 * Several processes, one truth: two bot processes (queue, relay, watchdog; no workers) and two
 * `npm run worker` processes on one PostgreSQL and one (private) Redis. 500 reminders fall due
 * while both bots take a burst of 100 `/blocker escalate` commands: every reminder and every alert
 * reaches the (fake) Telegram API once.
 */
describe('two bots and two workers on PostgreSQL and Redis', () => {
  let fake: FakeTelegram;
  let redis: RestartableRedis;
  let app: App;
  let drop: () => Promise<void>;
  const children: ChildProcess[] = [];
  const prefix = `test-multi-${process.pid}`;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    redis = await restartableRedis();
    const db = await freshPgDatabase();
    drop = db.drop;
    app = await testApp({ env: { DATABASE_URL: db.url } });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(children.map((c) => stopChild(c)));
    await app.close();
    await dropPrefix(prefix, redis.url).catch(() => {});
    await redis.stop();
    await drop();
    await fake.close();
  }, 60_000);

  it('delivers 500 reminders and 100 alerts, none lost, none twice', async () => {
    const s = app.services;
    const admin = await s.identity.resolve(
      { platform: 'console', id: 'root', name: 'root' },
      { asAdmin: true },
    );
    await s.units.add(admin, {
      code: 'MIC',
      name: 'Ministry of Information',
      block: 'government',
      kind: 'ministry',
    });
    await s.feeds.subscribe(admin, { platform: 'telegram', id: ALERTS_CHAT }, 'alerts');
    const people: Actor[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      people.push(await s.identity.resolve({ platform: 'telegram', id: String(7000 + i), name: `P${i}` }));
    }
    // Made ten minutes ago, due in 30 s: their 1m reminders are due as soon as a bot derives them.
    const now = Date.now();
    const total = PEOPLE * PER_PERSON;
    await insertDueBlockers(app, {
      count: total,
      owners: people,
      createdBy: admin,
      deadline: new Date(now + 30_000),
      now: new Date(now),
    });
    await app.database.db.execute(
      // The ids were written directly: move the counter past them, as the service would have.
      sql`update counters set value = ${total} where name = 'blocker'`,
    );

    const env = {
      DATABASE_URL: app.config.DATABASE_URL ?? '',
      REDIS_URL: redis.url,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      REMINDER_OFFSETS: '1m',
      TEST_QUEUE_PREFIX: prefix,
    };
    const started = await Promise.all([
      startChild({ ...env, TEST_WORKERS: '0', TEST_BURST: `1-${BURST}` }),
      startChild({ ...env, TEST_WORKERS: '0', TEST_BURST: `${BURST + 1}-${2 * BURST}` }),
      startChild(env),
      startChild(env),
    ]);
    children.push(...started);
    const bots = started.slice(0, 2);
    const done = bots.map((c) => lineFrom(c, 'burst '));
    for (const c of bots) c.kill('SIGUSR2'); // both bots take their burst at once
    const bursts = await Promise.all(done);
    expect(bursts).toEqual([`burst ${BURST} ok 0 failed`, `burst ${BURST} ok 0 failed`]);

    const expected = [
      ...Array.from({ length: total }, (_, i) => `reminder ${7000 + (i % PEOPLE)} B-${i + 1}`),
      ...Array.from({ length: 2 * BURST }, (_, i) => `alert B-${i + 1}`),
    ];
    const seen = () =>
      fake.sent().map((m) => {
        const id = /B-\d+/.exec(m.text ?? '')?.[0];
        return String(m.chat_id) === ALERTS_CHAT ? `alert ${id}` : `reminder ${m.chat_id} ${id}`;
      });
    await fake.waitFor(() => new Set(seen()).size >= expected.length, 90_000);
    await until('the outbox to drain', async () => (await s.outbox.pending()) === 0);
    // The queues at rest (nothing waiting, running or due): a second copy, were one coming, is out.
    const queues = ['schedule', 'deliver-telegram'].map(
      (name) => new Queue(name, { connection: { url: redis.url }, prefix }),
    );
    await settled(queues);
    await Promise.all(queues.map((q) => q.close()));
    tally(expected, seen());
  }, 180_000);
});
