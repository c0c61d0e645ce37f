import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryJobId, reminderJobId } from '../../src/queue/names.ts';
import { freshPgDatabase, TestClock, testApp } from '../support/app.ts';
import { privateRedis, startChild, stopChild } from './children.ts';
import { captureSender, type QueueTest, queueTest, unitMic } from './support.ts';

/** Tests that flush or share a Redis: each on a private `redis-server` on a free port. */
describe('a flushed Redis', () => {
  let redis: { url: string; stop(): Promise<void> };
  let t: QueueTest;
  const sender = captureSender();
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    redis = await privateRedis();
    t = await queueTest({ url: redis.url, env: { REMINDER_OFFSETS: '1m,0m' }, clock, sender });
    await unitMic(t);
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('FLUSHALL, then reconcile: every reminder is back, none is sent twice', async () => {
    const s = t.app.services;
    const ana = await t.person('ana');
    // A deadline a minute and 100 ms away: its 1m reminder is due 100 ms after it is planned.
    const soon = await s.blockers.add(t.admin, {
      title: 'soon',
      ownerUnit: 'MIC',
      ownerPerson: ana.person,
      deadline: new Date(clock.now().getTime() + 60_100),
    });
    for (const h of [2, 3, 4]) {
      await s.blockers.add(t.admin, {
        title: `later ${h}`,
        ownerUnit: 'MIC',
        ownerPerson: ana.person,
        deadline: new Date(clock.now().getTime() + h * 3600_000),
      });
    }
    await t.app.services.feeds.subscribe(t.admin, { platform: 'console', id: 'room' }, 'weekly');
    await sender.waitFor(1);
    await t.rt.reconcile(); // as at start: the global schedulers too
    const [schedule] = t.rt.queues();
    if (!schedule) throw new Error('no schedule queue');
    const before = (await schedule.getDelayed())
      .filter((j) => j.id?.startsWith('rem_'))
      .map((j) => `${j.id} ${j.data.at}`)
      .sort();
    expect(before).toHaveLength(7); // 0m of "soon", 1m and 0m of the three later ones
    const schedulersBefore = (await schedule.getJobSchedulers()).map((j) => j.key).sort();

    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
    expect(await schedule.getDelayed()).toEqual([]);
    expect(await schedule.getJobSchedulers()).toEqual([]);

    clock.advance(1000); // the 1m reminder of "soon" is in the past now: re-added, it is due at once
    await t.rt.reconcile();
    const after = (await schedule.getDelayed())
      .filter((j) => j.id?.startsWith('rem_'))
      .map((j) => `${j.id} ${j.data.at}`)
      .sort();
    expect(after).toEqual(before);
    expect((await schedule.getJobSchedulers()).map((j) => j.key).sort()).toEqual(schedulersBefore);

    // The reminder that already went out was re-added (its time passed in the last day): it runs
    // again, and the sent-ledger keeps its delivery from posting a second time.
    // The lane of Ana's messages on the console.
    const delivery = t.rt.delivery.queueOf({ platform: 'console', target: { personId: ana.person.id } });
    const events = new QueueEvents(delivery.name, {
      connection: { url: redis.url },
      prefix: t.rt.prefix,
    });
    await events.waitUntilReady();
    const reminder = await schedule.getJob(
      reminderJobId({ type: 'blocker', id: soon.id }, '1m', soon.deadline as Date),
    );
    expect(reminder).toBeDefined();
    const deliveryId = deliveryJobId(
      `reminder_blocker_${soon.id}_1m_${soon.deadline?.getTime()}`,
      'console',
      `person:${ana.person.id}`,
    );
    const job =
      (await delivery.getJob(deliveryId)) ??
      (await new Promise<void>((resolve) =>
        events.on('added', ({ jobId }) => jobId === deliveryId && resolve()),
      ).then(() => delivery.getJob(deliveryId)));
    expect(await job?.waitUntilFinished(events, 10_000)).toEqual({ duplicate: true });
    await events.close();
    expect(sender.sent.map((m) => m.text)).toEqual([expect.stringMatching(/^Reminder: B-1 soon/)]);
  });
});

describe('two bot processes started at once', () => {
  let redis: { url: string; stop(): Promise<void> };
  let drop: () => Promise<void>;
  beforeAll(async () => {
    redis = await privateRedis();
  });
  afterAll(async () => {
    await drop?.();
    await redis.stop();
  });

  it('leave one job scheduler per subscription (and one of each global one)', async () => {
    const db = await freshPgDatabase();
    drop = db.drop;
    const app = await testApp({ env: { DATABASE_URL: db.url } });
    const admin = await app.services.identity.resolve(
      { platform: 'console', id: 'admin', name: 'admin' },
      { asAdmin: true },
    );
    for (const chat of ['c1', 'c2', 'c3']) {
      await app.services.feeds.subscribe(admin, { platform: 'telegram', id: chat }, 'weekly');
      await app.services.feeds.subscribe(admin, { platform: 'telegram', id: chat }, 'monthly');
    }
    await app.services.feeds.subscribe(admin, { platform: 'telegram', id: 'c1' }, 'alerts');
    await app.close();
    const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, TEST_QUEUE_PREFIX: 'twice', TEST_WORKERS: '0' };
    const children = await Promise.all([startChild(env), startChild(env)]);
    await Promise.all(children.map((c) => stopChild(c)));
    const q = new Queue('schedule', { connection: { url: redis.url }, prefix: 'twice' });
    const keys = (await q.getJobSchedulers()).map((j) => j.key).sort();
    await q.close();
    expect(keys).toEqual([
      'digest_Asia/Ho_Chi_Minh',
      'overdue-sweep',
      'reconcile',
      'report-request',
      'sub_monthly_telegram_c1',
      'sub_monthly_telegram_c2',
      'sub_monthly_telegram_c3',
      'sub_weekly_telegram_c1',
      'sub_weekly_telegram_c2',
      'sub_weekly_telegram_c3',
    ]);
  }, 60_000);
});
