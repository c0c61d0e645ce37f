import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZaloApi } from '../../src/adapters/zalo/api.ts';
import { ChatPacer, zaloParts, zaloSender } from '../../src/adapters/zalo/sender.ts';
import type { App } from '../../src/app.ts';
import type { Delivery } from '../../src/domain/delivery.ts';
import { PermanentDeliveryError, RateLimitedError } from '../../src/domain/ports.ts';
import { type Reply, reply } from '../../src/domain/reply.ts';
import { type Compose, deliverNotice } from '../../src/services/deliver-notice.ts';
import { Senders } from '../../src/services/senders.ts';
import { type FakeZalo, startFakeZalo } from '../fakes/zalo.ts';
import { testApp } from '../support/app.ts';

const CHAT = 'e4ea2cd5189df1c3a88c';
const PNG = new Uint8Array(Buffer.from('89504e470d0a1a0a', 'hex'));

/** A reply Zalo cuts into exactly three messages. */
const threeParts = (): Reply =>
  reply.ok('Weekly summary', {
    lines: Array.from({ length: 60 }, (_, i) => `Line ${i}: ${'progress of the unit '.repeat(4)}`),
  });

describe('the Zalo sender', () => {
  let app: App;
  let fake: FakeZalo;
  beforeAll(async () => {
    app = await testApp();
    fake = await startFakeZalo();
  });
  afterAll(async () => {
    await fake?.close();
    await app?.close();
  });

  /** A sender as one worker process has it (its own client and pacer). */
  const worker = (publicUrl?: string) =>
    zaloSender(new ZaloApi(fake.token, fake.apiRoot), { publicUrl, pacer: new ChatPacer(1000) });
  const deliverWith = (content: Reply, d: Delivery, publicUrl?: string) => {
    const senders = new Senders();
    senders.register(worker(publicUrl));
    const { ledger, feeds, identity } = app.services;
    const compose: Compose = async () => content;
    return deliverNotice({ ledger, feeds, identity, senders, config: app.config }, d, compose);
  };
  const notice = { notice: { kind: 'notice.escalated', params: {} } };
  const received = () => fake.sent(CHAT).map((s) => s.text);

  it('a 429 on the 2nd of 3 parts: the retry on another worker sends parts 2 and 3 only, once', async () => {
    const parts = zaloParts(threeParts(), undefined).map((p) => (p.kind === 'text' ? p.text : ''));
    expect(parts).toHaveLength(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    fake.fail('sendMessage', 429, 'Too Many Requests', 1, 1);
    const d: Delivery = { platform: 'zalo', target: { chatId: CHAT }, content: notice, key: 'zalo-split-1' };
    await expect(deliverWith(threeParts(), d)).rejects.toBeInstanceOf(RateLimitedError);
    expect(received()).toEqual(parts.slice(0, 1));
    expect(await deliverWith(threeParts(), d)).toEqual({ chatId: CHAT });
    expect(received()).toEqual(parts);
    expect(await deliverWith(threeParts(), d)).toEqual({ duplicate: true });
    expect(received()).toEqual(parts);
  });

  it('sends the chart as sendPhoto of PUBLIC_URL/chart.png, and no photo without PUBLIC_URL', async () => {
    const summary = reply.ok('Weekly summary', {
      lines: ['Open 3'],
      images: [{ filename: 'chart.png', png: PNG, alt: 'Open vs resolved per week' }],
    });
    const base = { platform: 'zalo' as const, target: { chatId: CHAT }, content: notice };
    await deliverWith(summary, { ...base, key: 'zalo-chart-1' }, 'https://bot.example.gov.vn');
    await deliverWith(summary, { ...base, key: 'zalo-chart-2' });
    const photos = fake.sent(CHAT).filter((s) => s.method === 'sendPhoto');
    expect(photos).toEqual([
      expect.objectContaining({
        photo: 'https://bot.example.gov.vn/chart.png',
        caption: 'Open vs resolved per week',
      }),
    ]);
    expect(fake.sent(CHAT).at(-1)?.text).not.toContain('(chart:');
  });

  it('the fake answers as the Bot API documents: 2,000 characters at most, 408 on an empty poll, the envelope', async () => {
    const call = async (method: string, body: object, token = fake.token) => {
      const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return res.json();
    };
    expect(await call('sendMessage', { chat_id: CHAT, text: 'x'.repeat(2001) })).toEqual({
      ok: false,
      error_code: 400,
      description: 'text must be 1 to 2000 characters',
    });
    expect(await call('sendMessage', { chat_id: CHAT, text: 'x'.repeat(2000) })).toMatchObject({
      ok: true,
      result: { message_id: expect.any(String) },
    });
    expect(await call('getUpdates', { timeout: '0' })).toEqual({
      ok: false,
      error_code: 408,
      description: 'Request timeout',
    });
    expect(await call('getMe', {}, 'wrong:token')).toMatchObject({ ok: false, error_code: 401 });
    // The adapter's client reads the same: a 408 is no update, a refusal carries its error_code.
    const api = new ZaloApi(fake.token, fake.apiRoot);
    expect(await api.getUpdates(0)).toEqual([]);
    await expect(api.sendMessage(CHAT, 'x'.repeat(2001))).rejects.toMatchObject({ errorCode: 400 });
  });

  it('a 5xx is worth retrying; a chat Zalo refuses is permanent', async () => {
    fake.fail('sendMessage', 502, 'Bad Gateway');
    const err = await worker()
      .send(CHAT, reply.info('hello'), 'en')
      .catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err).not.toBeInstanceOf(RateLimitedError);
    fake.fail('sendMessage', 403, 'The user has not interacted with the bot');
    await expect(worker().send(CHAT, reply.info('hello'), 'en')).rejects.toBeInstanceOf(
      PermanentDeliveryError,
    );
  });
});
