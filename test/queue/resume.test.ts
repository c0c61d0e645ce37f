import { webApi } from '@slack/bolt';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSender } from '../../src/adapters/slack/sender.ts';
import { telegramSender } from '../../src/adapters/telegram/sender.ts';
import type { App } from '../../src/app.ts';
import type { Delivery } from '../../src/domain/delivery.ts';
import { RateLimitedError, type Sender } from '../../src/domain/ports.ts';
import { type Reply, reply } from '../../src/domain/reply.ts';
import { renderTelegram } from '../../src/render/telegram.ts';
import { type Compose, deliverNotice } from '../../src/services/deliver-notice.ts';
import { Senders } from '../../src/services/senders.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { type FakeTelegram, startFakeTelegram } from '../fakes/telegram-api.ts';
import { testApp } from '../support/app.ts';

/** A reply Telegram splits into exactly three messages. */
const threeParts = (): Reply =>
  reply.ok('Weekly summary', {
    lines: Array.from({ length: 105 }, (_, i) => `Line ${i}: ${'progress of the unit '.repeat(5)}`),
  });

const PNG = new Uint8Array(
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
);

/**
 * A split message interrupted part-way is resumed by whichever worker retries it: the parts
 * already sent are kept in the sent-ledger (PostgreSQL), not in the memory of the sender that
 * sent them. Each attempt here uses a new sender instance, as another worker process would.
 */
describe('a split message retried on another worker', () => {
  let app: App;
  let telegram: FakeTelegram;
  let slack: FakeSlack;
  beforeAll(async () => {
    app = await testApp();
    telegram = await startFakeTelegram();
    slack = await startFakeSlack({ channels: ['C0WG00001'] });
  });
  afterAll(async () => {
    await telegram?.close();
    await slack?.close();
    await app?.close();
  });

  /** Delivers `d` as a worker with only `sender` would. */
  const deliverWith = (sender: Sender, d: Delivery, content: Reply) => {
    const senders = new Senders();
    senders.register(sender);
    const { ledger, feeds, identity } = app.services;
    const compose: Compose = async () => content;
    return deliverNotice({ ledger, feeds, identity, senders, config: app.config }, d, compose);
  };
  const notice = { notice: { kind: 'notice.escalated', params: {} } };

  it('Telegram: a 429 on the 2nd of 3 parts; the retry from another sender sends parts 2 and 3 only', async () => {
    const content = threeParts();
    const parts = renderTelegram(content).messages.map((m) => m.text);
    expect(parts).toHaveLength(3);
    // Worker A: once its first part is out, Telegram answers the next sendMessage with 429.
    const apiA = new Api(telegram.token, { apiRoot: telegram.apiRoot });
    let armed = false;
    apiA.config.use(async (prev, method, payload, signal) => {
      const res = await prev(method, payload, signal);
      if (method === 'sendMessage' && res.ok && !armed) {
        armed = true;
        telegram.rateLimit('sendMessage', 1, 1);
      }
      return res;
    });
    const d: Delivery = { platform: 'telegram', target: { chatId: '601' }, content: notice, key: 'split-1' };
    await expect(deliverWith(telegramSender(apiA), d, content)).rejects.toBeInstanceOf(RateLimitedError);
    /** What chat 601 received, as the Bot API was asked for it (HTML). */
    const received = () =>
      telegram.calls
        .filter((c) => c.method === 'sendMessage' && c.status === 200 && c.body.chat_id === 601)
        .map((c) => c.body.text);
    expect(received()).toEqual(parts.slice(0, 1));

    const before = telegram.calls.length;
    const apiB = new Api(telegram.token, { apiRoot: telegram.apiRoot });
    expect(await deliverWith(telegramSender(apiB), d, content)).toEqual({ chatId: '601' });
    const retried = telegram.calls.slice(before).filter((c) => c.method === 'sendMessage');
    expect(retried.map((c) => c.body.text)).toEqual(parts.slice(1));
    expect(received()).toEqual(parts);
    // Done: a third attempt anywhere is a no-op.
    expect(await deliverWith(telegramSender(apiB), d, content)).toEqual({ duplicate: true });
    expect(received()).toHaveLength(3);
  });

  it('Slack: a failed upload after the message; the retry from another sender uploads the missing file, never the message again', async () => {
    const images = ['one.png', 'two.png'].map((filename) => ({ filename, png: PNG, alt: filename }));
    const content = reply.ok('Weekly summary', { images });
    const client = (onUpload?: () => void) => {
      const c = new webApi.WebClient(slack.token, {
        slackApiUrl: slack.url,
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
      });
      const upload = c.filesUploadV2.bind(c);
      c.filesUploadV2 = async (args) => {
        const out = await upload(args);
        onUpload?.();
        return out;
      };
      return c;
    };
    // Worker A: the first chart goes up, then Slack fails the next upload.
    const a = client(() => slack.fail('files.getUploadURLExternal', 'internal_error'));
    const d: Delivery = {
      platform: 'slack',
      target: { chatId: 'C0WG00001' },
      content: notice,
      key: 'split-2',
    };
    await expect(deliverWith(slackSender(a), d, content)).rejects.toThrow(/internal_error/);
    expect(slack.messages('C0WG00001').map((m) => m.kind)).toEqual(['postMessage', 'file']);

    expect(await deliverWith(slackSender(client()), d, content)).toEqual({ chatId: 'C0WG00001' });
    const files = slack.calls.filter(
      (c) => c.method === 'files.getUploadURLExternal' && (c.response as { ok?: boolean }).ok,
    );
    expect(files.map((c) => c.body.filename)).toEqual(['one.png', 'two.png']);
    expect(slack.messages('C0WG00001').map((m) => m.kind)).toEqual(['postMessage', 'file', 'file']);
  });
});
