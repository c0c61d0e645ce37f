import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramSender } from '../../src/adapters/telegram/sender.ts';
import { memoryProgress, PermanentDeliveryError, RateLimitedError } from '../../src/domain/ports.ts';
import { reply } from '../../src/domain/reply.ts';
import type { Person } from '../../src/domain/types.ts';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.ts';

let fake: FakeTelegram;
let sender: ReturnType<typeof telegramSender>;
beforeAll(async () => {
  fake = await startFakeTelegram({ strictChats: true });
  sender = telegramSender(new Api(fake.token, { apiRoot: fake.apiRoot }));
  // The chats the bot may write to: a private chat and a group it was added to.
  for (const chat of [501, 502, 503, 504, 505, -100900]) fake.message({ from: 501, chat, text: 'hi' });
});
afterAll(() => fake.close());

const longReply = () =>
  reply.ok('Weekly summary', {
    lines: Array.from({ length: 120 }, (_, i) => `Line ${i}: ${'progress & <notes> '.repeat(3)}`),
    buttons: [{ label: 'Start', action: 'blocker.start', value: 'B-1' }],
  });

describe('telegramSender', () => {
  it('sends every message of a reply over 4096 characters, the keyboard on the last', async () => {
    await sender.send('-100900', longReply(), 'en');
    const sent = fake.sent(-100900);
    expect(sent.length).toBeGreaterThan(1);
    for (const s of sent) expect(s.text?.length).toBeLessThan(4096);
    expect(sent.map((s) => s.text).join('\n')).toContain('Line 119: progress & <notes>');
    expect(sent.at(-1)?.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Start', callback_data: 'blocker.start|B-1' }]],
    });
    expect(sent.slice(0, -1).every((s) => s.reply_markup === undefined)).toBe(true);
  });

  it('turns a 429 into RateLimitedError with Telegram’s retry_after, and a retry resumes where it stopped', async () => {
    fake.rateLimit('sendMessage', 1, 7);
    await expect(sender.send('501', reply.ok('hello'), 'en')).rejects.toEqual(new RateLimitedError(7000));
    expect(fake.sent(501)).toHaveLength(0);

    // A 429 on the second part: the first part is out; the retry sends only the rest.
    const first = fake.waitFor((c) => c.method === 'sendMessage' && c.body.chat_id === 502);
    const progress = memoryProgress(); // what a delivery's sent-ledger keeps (see test/queue/resume.test.ts)
    const sending = sender.send('502', longReply(), 'en', { progress });
    await first;
    fake.rateLimit('sendMessage', 1, 1);
    await expect(sending).rejects.toBeInstanceOf(RateLimitedError);
    const parts = fake.sent(502).length;
    expect(parts).toBeGreaterThanOrEqual(1);
    await sender.send('502', longReply(), 'en', { progress });
    const texts = fake.sent(502).map((s) => s.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts).toEqual(fake.sent(-100900).map((s) => s.text));
    // Sent again later, the same reply goes out whole: only a failed send is resumed.
    await sender.send('502', reply.ok('hello'), 'en');
    await sender.send('502', reply.ok('hello'), 'en');
    expect(fake.sent(502).filter((s) => s.text === 'hello')).toHaveLength(2);
  });

  it('treats a blocked user, a kicked bot and an unknown chat as permanent', async () => {
    fake.block(503);
    const blocked = await sender.send('503', reply.ok('x'), 'en').catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(PermanentDeliveryError);
    expect((blocked as Error).message).toMatch(/blocked by the user/);
    fake.block(-100900);
    await expect(sender.send('-100900', reply.ok('x'), 'en')).rejects.toBeInstanceOf(PermanentDeliveryError);
    const unknown = await sender.send('777', reply.ok('x'), 'en').catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(PermanentDeliveryError);
    expect((unknown as Error).message).toMatch(/chat not found/);
  });

  it('does not retry other failures itself, and leaves them retryable', async () => {
    fake.fail('sendMessage', 500, 'Internal Server Error');
    const err = await sender.send('504', reply.ok('x'), 'en').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err).not.toBeInstanceOf(RateLimitedError);
    expect(fake.calls.filter((c) => c.method === 'sendMessage' && c.body.chat_id === 504)).toHaveLength(1);
  });

  it('sends the reply’s images as photos after its text', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000280000001e008060000001ff3ff61', 'hex');
    const chart = { filename: 'week.png', png: new Uint8Array(png), alt: 'Open vs resolved per week' };
    await sender.send('505', reply.ok('Weekly summary', { images: [chart] }), 'en');
    expect(fake.sent(505).map((s) => [s.method, s.text])).toEqual([
      ['sendMessage', 'Weekly summary'],
      ['sendPhoto', 'Open vs resolved per week'],
    ]);
    expect(fake.calls.find((c) => c.method === 'sendPhoto')?.files[0]?.filename).toBe('week.png');
  });

  it('reaches a person directly by their Telegram id, or not at all', async () => {
    const person = { telegramId: '501', slackId: null } as Person;
    expect(await sender.directChat(person)).toBe('501');
    expect(await sender.directChat({ ...person, telegramId: null })).toBeNull();
  });
});
