import { Redis } from 'ioredis';
import { afterEach, describe, it } from 'vitest';
import { captureSender, type QueueTest, queueTest, settled, unitMic, until } from '../queue/support.ts';
import { RunningClock } from '../support/app.ts';
import { type RestartableRedis, restartableRedis, tally } from './support.ts';

const ITEMS = 12;

/**
 * Redis loses its data while the bot runs with minute-sized reminders (`REMINDER_OFFSETS=1m`, the
 * deadlines a minute and a few seconds away): the watchdog notices within a check (here 300 ms
 * instead of 15 s), rebuilds from the database, tells the alerts chat once, and every reminder
 * arrives once — no restart. The first reminders fire on BullMQ's own delays; once the rebuild is
 * told, the test moves the clock past the last reminder's time and reconciles (as the hourly pass
 * would), instead of waiting for it in real time.
 */
describe('Redis loses its data while the bot runs', () => {
  let redis: RestartableRedis;
  let t: QueueTest;
  let start0 = 0;
  const clock = new RunningClock();
  const sender = captureSender('console', clock);

  async function start() {
    sender.sent.length = 0;
    redis = await restartableRedis();
    t = await queueTest({
      url: redis.url,
      env: { REMINDER_OFFSETS: '1m' },
      sender,
      clock,
      watch: { checkMs: 300 },
    });
    await unitMic(t);
    await t.app.services.feeds.subscribe(t.admin, { platform: 'console', id: 'alerts-room' }, 'alerts');
    const ana = await t.person('ana');
    const now = clock.now().getTime();
    start0 = now;
    const labels: string[] = [];
    for (let i = 0; i < ITEMS; i++) {
      // Reminders at 2 s, 3 s, … 13 s from now.
      const b = await t.app.services.blockers.add(t.admin, {
        title: `item ${i}`,
        ownerUnit: 'MIC',
        ownerPerson: ana.person,
        deadline: new Date(now + 60_000 + (2 + i) * 1000),
      });
      labels.push(`B-${b.id}`);
    }
    return labels;
  }

  /** Reminders to ana by item, and the one word to the alerts chat that the queue was rebuilt. */
  const delivered = () =>
    sender.sent.map((m) =>
      m.chatId === 'alerts-room'
        ? m.text.startsWith('The queue (Redis) had lost its data')
          ? 'told the alerts chat'
          : m.text
        : (/B-\d+/.exec(m.text)?.[0] ?? m.text),
    );

  const told = () => sender.sent.some((m) => m.chatId === 'alerts-room');
  /** Once the rebuild was told: the clock past the last reminder (2 s + 13 s), a reconcile, and what comes of it. */
  async function restAfterRebuild() {
    await until('the alerts chat to be told of the rebuild', told);
    clock.set(start0 + (2 + ITEMS) * 1000);
    await t.rt.reminders.reconcile();
    await sender.waitFor(ITEMS + 1, 30_000);
    // Reminders that went out before the loss were re-derived and ran again: the ledger held them.
    await settled(t.rt.queues());
  }

  afterEach(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('FLUSHALL: every reminder arrives once, without a restart', async () => {
    const labels = await start();
    await sender.waitFor(3);
    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
    await restAfterRebuild();
    tally([...labels, 'told the alerts chat'], delivered());
  }, 60_000);

  it('shut down and started empty on the same port: every reminder arrives once, without a restart', async () => {
    const labels = await start();
    await sender.waitFor(3);
    await redis.stop();
    await until('the bot to see Redis down', () => !t.rt.connected());
    clock.advance(1500); // reminders fall due while it is down
    await redis.start();
    await restAfterRebuild();
    tally([...labels, 'told the alerts chat'], delivered());
  }, 90_000);
});
