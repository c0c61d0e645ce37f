import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineReminder } from '../../jobs/deadline-reminder.ts';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { renderText } from '../../src/render/text.ts';
import { captureSender, type QueueTest, queueTest, settled, unitMic } from './support.ts';

const lanSlack: PlatformIdentity = { platform: 'slack', id: 'ULAN', name: 'Lan' };
const lanTelegram: PlatformIdentity = { platform: 'telegram', id: '4242', name: 'Lan T', username: 'lan_t' };

/** A person linked on Slack and Telegram gets each notice on one platform (issue #18). */
describe('reminders to a person on two platforms', () => {
  const slack = captureSender('slack');
  const telegram = captureSender('telegram');
  let t: QueueTest;
  beforeAll(async () => {
    t = await queueTest({ env: { REMINDER_OFFSETS: '1d' }, senders: [slack, telegram] });
  });
  afterAll(() => t.close());

  const as = async (who: PlatformIdentity, text: string) =>
    renderText(
      (
        await t.app.dispatcher.handle({
          text,
          who,
          chat: { platform: who.platform, id: who.id, direct: true },
        })
      ).reply,
    );
  const firstLines = (s: typeof slack) => s.sent.map((m) => `${m.chatId}: ${m.text.split('\n')[0]}`);

  it('go to the platform last used, then to the one /wg notify chose; a retry after the change is not sent again', async () => {
    const code = /link code is (\S+)/.exec(await as(lanSlack, '/wg link'))?.[1] ?? '';
    expect(await as(lanTelegram, `/wg link ${code}`)).toContain('Linked');
    const lan = await t.app.services.identity.resolve(lanSlack);
    await unitMic(t, lan); // Lan leads MIC: its reminders go to her
    expect(await as(lanSlack, '/blocker list')).not.toMatch(/^Error/); // the platform used last: Slack

    const deadline = new Date(Date.now() + 3 * 24 * 3600_000);
    const s = t.app.services;
    const first = await s.blockers.add(t.admin, { title: 'First', ownerUnit: 'MIC', deadline });
    const second = await s.blockers.add(t.admin, { title: 'Second', ownerUnit: 'MIC', deadline });
    const remind = (id: number) =>
      deadlineReminder.process(
        t.rt.context,
        { type: 'blocker', id, offset: '1d', deadline: deadline.getTime() },
        { id: 'test', attemptsMade: 0 },
      );

    await remind(first.id);
    await slack.waitFor(1);
    await settled(t.rt.queues());
    expect(telegram.sent).toEqual([]);

    expect(await as(lanSlack, '/wg notify telegram')).toBe(
      'Your reminders and notices now go to telegram only.',
    );
    await as(lanSlack, '/blocker list'); // used on Slack again: the choice holds
    await remind(second.id);
    await telegram.waitFor(1);
    // The first reminder once more (a retry, a replay): now for Telegram, but it went already.
    await remind(first.id);
    await settled(t.rt.queues());

    expect(firstLines(slack)).toEqual([expect.stringMatching(/^ULAN: Reminder: B-1 First/)]);
    expect(firstLines(telegram)).toEqual([expect.stringMatching(/^4242: Reminder: B-2 Second/)]);
  });
});
