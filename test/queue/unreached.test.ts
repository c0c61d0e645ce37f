import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineReminder } from '../../jobs/deadline-reminder.ts';
import { renderText } from '../../src/render/text.ts';
import { captureSender, type QueueTest, queueTest, settled, unitMic } from './support.ts';

/** A reminder with nobody to receive it (no owner person, no unit lead). */
describe('nobody to remind', () => {
  const sender = captureSender();
  let t: QueueTest;
  beforeAll(async () => {
    t = await queueTest({ env: { REMINDER_OFFSETS: '1d' }, sender });
  });
  afterAll(() => t.close());

  it('goes to the alerts feed, once, and is counted in /wg status', async () => {
    const s = t.app.services;
    await unitMic(t); // no lead
    await s.feeds.subscribe(t.admin, { platform: 'console', id: 'alerts-room' }, 'alerts');
    const deadline = new Date(Date.now() + 3 * 24 * 3600_000);
    const b = await s.blockers.add(t.admin, { title: 'Orphan task', ownerUnit: 'MIC', deadline });
    const data = { type: 'blocker' as const, id: b.id, offset: '1d', deadline: deadline.getTime() };
    const meta = { id: 'test', attemptsMade: 0 };
    expect(await deadlineReminder.process(t.rt.context, data, meta)).toEqual({ unreached: 'B-1' });
    await deadlineReminder.process(t.rt.context, data, meta); // a retry: not told or counted twice
    await sender.waitFor(1);
    const status = renderText(
      (
        await t.app.dispatcher.handle({
          text: '/wg status',
          who: { platform: 'console', id: 'admin', name: 'admin' },
          chat: { platform: 'console', id: 'wg' },
          asAdmin: true,
        })
      ).reply,
    );
    expect(status).toContain('Reminders nobody could receive: 1 (B-1)');
    await settled(t.rt.queues()); // a second alert, were one coming, would have gone out by now
    expect(sender.sent.map((m) => `${m.chatId}: ${m.text.split('\n')[0]}`)).toEqual([
      expect.stringMatching(
        /^alerts-room: Nobody could be reminded: B-1 Orphan task is due .* \(1d\), but it has no owner person and its unit has no lead\.$/,
      ),
    ]);
  });
});
