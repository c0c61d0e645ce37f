import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSender } from '../../src/adapters/slack/sender.ts';
import { PermanentDeliveryError, RateLimitedError } from '../../src/domain/ports.ts';
import { reply } from '../../src/domain/reply.ts';
import type { Person } from '../../src/domain/types.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { seen } from './harness.ts';

let fake: FakeSlack;
let sender: ReturnType<typeof slackSender>;
beforeAll(async () => {
  // One channel takes many notices here: the per-channel limit is another test's subject.
  fake = await startFakeSlack({ channels: ['C0WG00001'], postRate: null });
  const client = new webApi.WebClient(fake.token, {
    slackApiUrl: fake.url,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
  sender = slackSender(client);
});
afterAll(() => fake?.close());

const notice = reply.ok('Reminder: B-3 <!channel> is due 31/12/2030', {
  buttons: [{ label: 'Resolve', action: 'blocker.resolve', value: 'B-3', style: 'primary' }],
});

describe('slackSender (the delivery port for notices)', () => {
  it('posts the reply as Block Kit, escaped, in the chat’s language', async () => {
    await sender.send(
      'C0WG00001',
      { ...notice, items: Array.from({ length: 12 }, (_, i) => ({ text: `item ${i}` })) },
      'vi',
    );
    const [msg] = fake.messages('C0WG00001');
    expect(msg?.kind).toBe('postMessage');
    expect(msg?.text).toBe('Reminder: B-3 &lt;!channel&gt; is due 31/12/2030');
    expect(seen(msg?.body ?? {})).toContain('Trang 1/2');
  });

  it('turns a 429 into RateLimitedError with Slack’s Retry-After, without waiting it out', async () => {
    fake.rateLimit('chat.postMessage', 1, 7);
    const err = await sender.send('C0WG00001', notice, 'en').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(7000);
  });

  it.each(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'invalid_auth'])(
    'makes %s a PermanentDeliveryError',
    async (error) => {
      fake.fail('chat.postMessage', error);
      const err = await sender.send('C0WG00001', notice, 'en').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermanentDeliveryError);
      expect((err as Error).message).toBe(`slack: ${error}`);
    },
  );

  it('leaves a passing failure (internal_error) for the caller to retry', async () => {
    fake.fail('chat.postMessage', 'internal_error');
    const err = await sender.send('C0WG00001', notice, 'en').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ data: { error: 'internal_error' } });
  });

  it('uploads a chart after the message, and a failed upload does not fail (or repeat) the message', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const before = fake.messages('C0WG00001').length;
    await sender.send(
      'C0WG00001',
      { ...notice, images: [{ filename: 'week.png', png, alt: 'Open vs resolved' }] },
      'en',
    );
    await fake.waitFor((c) => c.method === 'files.completeUploadExternal');
    expect(
      fake
        .messages('C0WG00001')
        .slice(before)
        .map((m) => m.kind),
    ).toEqual(['postMessage', 'file']);
    fake.fail('files.getUploadURLExternal', 'internal_error');
    await expect(
      sender.send('C0WG00001', { ...notice, images: [{ filename: 'w.png', png, alt: 'x' }] }, 'en'),
    ).resolves.toBeUndefined();
  });

  it('reaches a person by their Slack id (the app’s DM), or not at all', async () => {
    const person = { id: 1, name: 'Lan', slackId: 'U0LAN0001' } as Person;
    expect(await sender.directChat(person)).toBe('U0LAN0001');
    expect(await sender.directChat({ ...person, slackId: null })).toBeNull();
    await sender.send('U0LAN0001', notice, 'en');
    expect(fake.messages('DU0LAN0001')).toHaveLength(1);
  });
});
