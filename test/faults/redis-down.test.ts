import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/render/text.ts';
import { captureSender, type QueueTest, queueTest, settled, unitMic } from '../queue/support.ts';
import { type RestartableRedis, restartableRedis, tally, until } from './support.ts';

const DAY = 24 * 3600_000;

/**
 * Redis goes down (keeping its data on disk) while an admin escalates, re-dates and resolves
 * blockers. Each command answers the truth (changed), the record agrees, and once Redis is back
 * the outbox relay posts the alert and reschedules the reminders: once. The watchdog is off here,
 * so nothing but the outbox can do it.
 */
describe('Redis down during /blocker escalate, due, resolve', () => {
  let redis: RestartableRedis;
  let dir: string;
  let t: QueueTest;
  const sender = captureSender();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'steerbot-redis-'));
    redis = await restartableRedis({ dir });
    t = await queueTest({ url: redis.url, sender });
    t.app.relay.start(200);
  }, 60_000);
  let down = false;
  afterAll(async () => {
    if (down) await redis.start(); // so that closing does not wait on a Redis that is gone
    await t.close();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const say = async (text: string) =>
    renderText(
      (
        await t.app.dispatcher.handle({
          text,
          who: { platform: 'console', id: 'admin', name: 'admin' },
          chat: { platform: 'console', id: 'wg' },
          asAdmin: true,
        })
      ).reply,
    );
  const reminderIds = async (n: number) => {
    const [schedule] = t.rt.queues();
    const jobs = (await schedule?.getDelayed()) ?? [];
    return jobs.map((j) => j.id ?? '').filter((id) => id.startsWith(`rem_blocker_${n}_`));
  };
  const get = (n: number) => t.app.services.queries.get(t.admin, n);

  it('answers true, keeps the record, and posts and reschedules once Redis is back', async () => {
    const s = t.app.services;
    await unitMic(t);
    const ana = await t.person('ana');
    await s.feeds.subscribe(t.admin, { platform: 'console', id: 'alerts-room' }, 'alerts');
    const deadline = new Date(Date.now() + 10 * DAY);
    for (const title of ['escalate me', 'move me', 'resolve me']) {
      await s.blockers.add(t.admin, { title, ownerUnit: 'MIC', ownerPerson: ana.person, deadline });
    }
    expect(await reminderIds(2)).not.toEqual([]);
    expect(await reminderIds(3)).not.toEqual([]);

    await redis.stop({ save: true });
    down = true;
    await until('the bot to see Redis down', () => !t.rt.connected());

    const replies = [
      await say('/blocker escalate B-1 the decree is stuck'),
      await say('/blocker due B-2 +30d waiting for the ministry'),
      await say('/blocker resolve B-3 done'),
    ];
    expect(replies.join('\n')).not.toMatch(/nothing was changed|went wrong/i);
    expect(replies[0]).toMatch(/^B-1 escalated/);
    expect(replies[1]).toMatch(/^Deadline of B-2 set to/);
    expect(replies[2]).toMatch(/^B-3 resolved/);
    expect((await get(1)).escalated).toBe(true);
    const moved = (await get(2)).deadline as Date;
    expect(moved.getTime()).toBeGreaterThan(deadline.getTime() + 19 * DAY);
    expect((await get(3)).status).toBe('resolved');
    expect(await s.outbox.pending()).toBe(3);
    const status = await say('/wg status');
    expect(status).toMatch(/Redis is not reachable right now/);
    expect(status).toMatch(/Changes waiting for the queue \(outbox\): 3/);
    const alerts = () => sender.sent.filter((m) => m.chatId === 'alerts-room');
    expect(alerts()).toEqual([]);

    await redis.start(); // with the jobs it had when it went down
    down = false;
    await until('the outbox to drain', async () => (await s.outbox.pending()) === 0, 30_000);
    await sender.waitFor(1, 20_000);
    // A relay pass more, and the queues at rest: a second copy, were one coming, is out by then.
    await t.app.relay.kick();
    await settled(t.rt.queues());

    const delivered = alerts().map((m) =>
      /^Escalated B-1: escalate me/.test(m.text) ? 'alert B-1' : m.text,
    );
    const b2 = await reminderIds(2);
    if (b2.length > 0 && b2.every((id) => id.endsWith(`_${moved.getTime()}`)))
      delivered.push('rescheduled B-2');
    if ((await reminderIds(3)).length === 0) delivered.push('cancelled B-3');
    tally(['alert B-1', 'rescheduled B-2', 'cancelled B-3'], delivered);
  }, 90_000);
});
