import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineReminder } from '../../jobs/deadline-reminder.ts';
import { startZalo, type ZaloRuntime } from '../../src/adapters/zalo/index.ts';
import { adapterDeps } from '../../src/app.ts';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { renderText } from '../../src/render/text.ts';
import { type FakeZalo, startFakeZalo } from '../fakes/zalo.ts';
import { captureSender, type QueueTest, queueTest, settled, unitMic } from '../queue/support.ts';
import { LAN } from './harness.ts';

const lanTelegram: PlatformIdentity = { platform: 'telegram', id: '4242', name: 'Lan T', username: 'lan_t' };

/**
 * Issue #18, done when: a unit lead linked on Zalo (and Telegram) gets a day-sized reminder on
 * Zalo and not on Telegram, answers `/blocker resolve B-n` in the same Zalo chat, and the history
 * says the change came from Zalo. Through the real queue, the real Zalo adapter and its sender.
 */
describe('a unit lead on Zalo', () => {
  const telegram = captureSender('telegram');
  let fake: FakeZalo;
  let t: QueueTest;
  let http: HttpServer;
  let zalo: ZaloRuntime;
  beforeAll(async () => {
    fake = await startFakeZalo({ maxPollSeconds: 5, strictChats: true });
    const zaloEnv = { ZALO_BOT_TOKEN: fake.token, ZALO_API_ROOT: fake.apiRoot, ZALO_RATE_PER_CHAT: '1000' };
    t = await queueTest({ env: { REMINDER_OFFSETS: '1d', ...zaloEnv }, senders: [telegram], workers: false });
    http = createHttpServer(t.app);
    zalo = await startZalo(adapterDeps(t.app, http));
    t.rt.startWorkers(); // the zalo delivery queue's worker, with the sender the adapter registered
    await fake.whenPolling();
  });
  afterAll(async () => {
    await zalo?.stop();
    await fake?.close();
    await http?.close();
    await t?.close();
  });

  /** Lan types on Zalo; what the bot answered there. */
  async function onZalo(text: string): Promise<string> {
    const before = fake.sent(LAN.id).length;
    const update = fake.say(LAN, text);
    await fake.whenDone(update.message.message_id);
    return fake
      .sent(LAN.id)
      .slice(before)
      .map((s) => s.text ?? '')
      .join('\n');
  }
  const onTelegram = async (text: string) =>
    renderText(
      (
        await t.app.dispatcher.handle({
          text,
          who: lanTelegram,
          chat: { platform: 'telegram', id: lanTelegram.id, direct: true },
        })
      ).reply,
    );

  it('gets the reminder on Zalo only, resolves it there, and the history says "via zalo"', async () => {
    const code = /link code is (\S+)/.exec(await onTelegram('/wg link'))?.[1] ?? '';
    expect(await onZalo(`/wg link ${code}`)).toContain('Linked');
    const lan = await t.app.services.identity.resolve({ platform: 'zalo', id: LAN.id, name: 'Lan' });
    expect(lan.person.telegramId).toBe(lanTelegram.id);
    await unitMic(t, lan); // Lan leads MIC: its reminders go to her, on the platform she last used

    const deadline = new Date(Date.now() + 3 * 24 * 3600_000);
    const b = await t.app.services.blockers.add(t.admin, {
      title: 'Data sharing decree',
      ownerUnit: 'MIC',
      deadline,
    });
    await deadlineReminder.process(
      t.rt.context,
      { type: 'blocker', id: b.id, offset: '1d', deadline: deadline.getTime() },
      { id: 'test', attemptsMade: 0 },
    );
    const reminder = await fake.waitFor(
      (c) => c.method === 'sendMessage' && String(c.body.text).startsWith('Reminder'),
    );
    expect(reminder.body).toMatchObject({
      chat_id: LAN.id,
      text: expect.stringMatching(/^Reminder: B-1 Data sharing decree/),
    });
    await settled(t.rt.queues());
    expect(telegram.sent).toEqual([]);
    expect(fake.sent(LAN.id).filter((s) => s.text?.startsWith('Reminder'))).toHaveLength(1);

    expect(await onZalo('/blocker resolve B-1 decree signed')).toMatch(/B-1/);
    const show = await onZalo('/blocker show B-1');
    expect(show).toMatch(/Status: resolved/);
    expect(show).toMatch(/ · Lan T \(via zalo\) · resolved: decree signed/);
  });
});
