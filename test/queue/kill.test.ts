import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/services/deps.ts';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.ts';
import { freshPgDatabase } from '../support/app.ts';
import { startChild, stopChild } from './children.ts';
import { insertDueBlockers, type QueueTest, queueTest, REDIS_URL, settled, unitMic } from './support.ts';

const PEOPLE = 50;
const PER_PERSON = 10;

/**
 * 500 reminders due now, delivered by a worker process that is SIGKILLed half-way; a new worker
 * process takes over. The database is a fresh one on the real PostgreSQL, shared by the processes.
 */
describe('a worker process killed mid-way', () => {
  let fake: FakeTelegram;
  let t: QueueTest;
  let drop: () => Promise<void>;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    fake = await startFakeTelegram();
    const db = await freshPgDatabase();
    drop = db.drop;
    env = {
      DATABASE_URL: db.url,
      REDIS_URL,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      REMINDER_OFFSETS: '1m',
    };
    t = await queueTest({ env, workers: false });
    env.TEST_QUEUE_PREFIX = t.rt.prefix;
  }, 60_000);
  afterAll(async () => {
    for (const c of children) await stopChild(c, 'SIGKILL');
    await t.close();
    await drop();
    await fake.close();
  });

  it('delivers every reminder, none twice', async () => {
    const s = t.app.services;
    await unitMic(t);
    const due = new Date(Date.now() + 30_000);
    const people: Actor[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      people.push(await s.identity.resolve({ platform: 'telegram', id: String(5000 + i), name: `P${i}` }));
    }
    // Written straight to the table (fast), then derived into the queue by reconcile. Made ten
    // minutes ago, due in 30 s: their 1m reminders are past, re-added by reconcile and due at once.
    await insertDueBlockers(t.app, {
      count: PEOPLE * PER_PERSON,
      owners: people,
      createdBy: t.admin,
      deadline: due,
      now: new Date(),
    });
    await t.rt.reconcile();
    const total = PEOPLE * PER_PERSON;
    expect((await t.rt.status()).queues[0]).toMatchObject({ waiting: total });

    const first = await startChild(env);
    children.push(first);
    await fake.waitFor(() => fake.sent().length >= total / 3, 30_000);
    await stopChild(first, 'SIGKILL');
    const atKill = fake.sent().length;
    expect(atKill).toBeLessThan(total);

    children.push(await startChild(env));
    await fake.waitFor(() => new Set(fake.sent().map((m) => m.text)).size >= total, 60_000);
    // Let a stalled job taken over from the killed worker finish too, then count.
    await settled(t.rt.queues(), 30_000);
    const texts = fake.sent().map((m) => `${m.chat_id} ${/B-\d+/.exec(m.text ?? '')?.[0]}`);
    const counts = new Map<string, number>();
    for (const x of texts) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect(counts.size).toBe(total);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
  }, 120_000);
});
