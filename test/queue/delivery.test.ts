import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramSender } from '../../src/adapters/telegram/sender.ts';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.ts';
import { type QueueTest, queueTest } from './support.ts';

const notice = (text: string) => ({
  notice: { kind: 'notice.blocker_added', params: { id: text, unit: 'MIC', title: '' } },
});

/** The delivery queue against the fake Telegram Bot API through grammY's Api and the Telegram sender. */
describe('delivery queue (Telegram)', () => {
  let fake: FakeTelegram;
  let t: QueueTest;
  beforeAll(async () => {
    fake = await startFakeTelegram();
    t = await queueTest({ sender: telegramSender(new Api(fake.token, { apiRoot: fake.apiRoot })) });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const sentTo = (chat: number) => fake.sent(chat).map((m) => /New blocker (\S+)/.exec(m.text ?? '')?.[1]);
  const waitSent = (n: number, timeoutMs = 20_000) => fake.waitFor(() => fake.sent().length >= n, timeoutMs);

  it('answers 429 with a retry time for a while: everything arrives after it, in order per chat, nothing lost', async () => {
    fake.rateLimit('sendMessage', 3, 1);
    const chats = [101, 102, 103];
    for (let i = 0; i < 20; i++) {
      for (const c of chats) {
        await t.rt.delivery.add({
          platform: 'telegram',
          target: { chatId: String(c) },
          content: notice(`m${i}`),
          key: `burst-${i}`,
        });
      }
    }
    await waitSent(60);
    const refused = fake.calls.filter((c) => c.method === 'sendMessage' && c.status === 429);
    expect(refused).toHaveLength(3);
    const expected = Array.from({ length: 20 }, (_, i) => `m${i}`);
    for (const c of chats) expect(sentTo(c)).toEqual(expected);
  });

  it('posts a logical message once: a duplicate add is a no-op, a redelivered job is skipped by the sent-ledger', async () => {
    const d = { platform: 'telegram', target: { chatId: '201' }, content: notice('once'), key: 'once-1' };
    await t.rt.delivery.add(d);
    await t.rt.delivery.add(d);
    await waitSent(61);
    // The job is gone from Redis (as after a flush) and added again: the ledger keeps it from posting.
    const q = t.rt.delivery.queue('telegram');
    await q.obliterate({ force: true });
    await t.rt.delivery.add(d);
    await t.rt.delivery.add({ ...d, target: { chatId: '202' } }); // a marker that the first was handled
    await waitSent(62);
    expect(sentTo(201)).toEqual(['once']);
    expect(sentTo(202)).toEqual(['once']);
  });

  it("sends what cannot be delivered to the admins' alerts chat with the reason, and shows it in the status", async () => {
    const admin = t.admin;
    await t.app.services.feeds.subscribe(admin, { platform: 'telegram', id: '-900' }, 'alerts');
    fake.block(301);
    await t.rt.delivery.add({
      platform: 'telegram',
      target: { chatId: '301' },
      content: notice('lost'),
      key: 'lost-1',
    });
    const dead = await fake.waitFor(
      (c) => c.method === 'sendMessage' && c.status === 200 && c.body.chat_id === -900,
    );
    expect(String(dead.body.text)).toMatch(
      /Could not deliver a message to telegram chat:301 after 1 tries: Forbidden/,
    );
    const status = await t.rt.status();
    expect(status.failed).toEqual([
      expect.objectContaining({
        queue: 'deliver-telegram',
        name: 'deliver',
        reason: expect.stringMatching(/Forbidden/),
      }),
    ]);
  });
});
