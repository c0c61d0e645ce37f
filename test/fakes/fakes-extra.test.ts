import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, webApi } from '@slack/bolt';
import { Bot, webhookCallback } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack } from './slack-api.ts';
import { blockActionsPayload } from './slack-payloads.ts';
import { FORM, interactionBody, postToBolt } from './slack-sign.ts';
import { postWebhookUpdate, startFakeTelegram } from './telegram-api.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function serve(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('fake Slack: limits as Slack has them', () => {
  it('limits chat.postMessage per channel (a burst, then about one a second: 429 with Retry-After)', async () => {
    let now = 1_000_000;
    const fake = await startFakeSlack({ postRate: { perSecond: 1, burst: 3 }, now: () => now });
    cleanups.push(() => fake.close());
    const client = new webApi.WebClient(fake.token, { slackApiUrl: fake.url, rejectRateLimitedCalls: true });
    const post = (channel: string) =>
      client.chat.postMessage({ channel, text: 'x' }).then(
        () => 'ok',
        (err: { code?: string; retryAfter?: number }) => `${err.code}:${err.retryAfter}`,
      );
    const burst = [];
    for (let i = 0; i < 4; i++) burst.push(await post('C0WG00001'));
    expect(burst).toEqual(['ok', 'ok', 'ok', 'slack_webapi_rate_limited_error:1']);
    // Another channel has its own allowance; the first gets one more message a second later.
    expect(await post('C0OTHER01')).toBe('ok');
    now += 1000;
    expect([await post('C0WG00001'), await post('C0WG00001')]).toEqual([
      'ok',
      'slack_webapi_rate_limited_error:1',
    ]);
  });

  it('lets a response_url work for 30 minutes, then answers 404 expired_url', async () => {
    let now = 1_000_000;
    const fake = await startFakeSlack({ now: () => now });
    cleanups.push(() => fake.close());
    const url = fake.responseUrl('r1', 'C0WG00001');
    const post = async () => (await fetch(url, { method: 'POST', body: '{"text":"x"}' })).status;
    expect(await post()).toBe(200);
    now += 30 * 60 * 1000 + 1;
    expect(await post()).toBe(404);
    expect(fake.calls.at(-1)?.response).toEqual({ ok: false, error: 'expired_url' });
  });
});

describe('fake Slack: views, updates, interactions', () => {
  it('opens and updates a modal, updates a message, opens a DM, limits response_url to five uses', async () => {
    const fake = await startFakeSlack({ users: [{ id: 'U0LAN0001', name: 'lan' }] });
    cleanups.push(() => fake.close());
    const client = new webApi.WebClient(fake.token, { slackApiUrl: fake.url });
    const modal = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Log a blocker' },
      blocks: [],
    };
    const opened = await client.views.open({ trigger_id: '1.2.abc', view: modal });
    const viewId = opened.view?.id ?? '';
    await client.views.update({ view_id: viewId, hash: opened.view?.hash ?? '', view: modal });
    await expect(client.views.update({ view_id: viewId, hash: 'stale', view: modal })).rejects.toMatchObject({
      data: { error: 'hash_conflict' },
    });
    const longTitle = {
      ...modal,
      title: { type: 'plain_text' as const, text: 'A title far too long for Slack' },
    };
    await expect(client.views.open({ trigger_id: '1.2.abc', view: longTitle })).rejects.toMatchObject({
      data: { error: 'invalid_arguments' },
    });
    const { channel } = await client.conversations.open({ users: 'U0LAN0001' });
    expect(channel?.id).toBe('DU0LAN0001');
    const posted = await client.chat.postMessage({ channel: 'U0LAN0001', text: 'Reminder: B-1 due' });
    expect(posted.channel).toBe('DU0LAN0001');
    await client.chat.update({ channel: 'DU0LAN0001', ts: posted.ts ?? '', text: 'B-1 resolved' });
    await expect(
      client.chat.update({ channel: 'DU0LAN0001', ts: '1.000001', text: 'x' }),
    ).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    expect(fake.messages('DU0LAN0001').map((m) => m.kind)).toEqual(['postMessage', 'update']);
    const url = fake.responseUrl('r9');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await fetch(url, { method: 'POST', body: '{"text":"x"}' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it('drives a Bolt action handler with a signed block_actions payload', async () => {
    const fake = await startFakeSlack();
    cleanups.push(() => fake.close());
    const secret = 'test-signing-secret';
    const app = new App({
      token: fake.token,
      signingSecret: secret,
      clientOptions: { slackApiUrl: fake.url },
    });
    app.action('blocker_resolve', async ({ ack, respond, action }) => {
      await ack();
      await respond({ replace_original: true, text: `resolved ${(action as { value?: string }).value}` });
    });
    const server = (await app.start(0)) as Server;
    cleanups.push(() => app.stop());
    const payload = blockActionsPayload({
      user: { id: 'U0LAN0001', name: 'lan' },
      channel: 'C0WG00001',
      message_ts: '1700000000.000100',
      actions: [{ action_id: 'blocker_resolve', value: 'B-1' }],
      response_url: fake.responseUrl('act1', 'C0WG00001'),
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    expect((await postToBolt(url, secret, interactionBody(payload), FORM)).status).toBe(200);
    const call = await fake.waitFor((c) => c.method === 'response_url');
    expect(call.body).toMatchObject({ replace_original: true, text: 'resolved B-1' });
  });
});

describe('fake Telegram: webhook, edits, callbacks', () => {
  it('delivers pushed updates to a grammY webhook with the secret, and refuses getUpdates meanwhile', async () => {
    const fake = await startFakeTelegram();
    cleanups.push(() => fake.close());
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot }, botInfo: fake.botInfo });
    bot.on('message:text', (ctx) => ctx.reply(`echo ${ctx.message.text}`));
    const url = await serve(createServer(webhookCallback(bot, 'http', { secretToken: 'wg-secret' })));
    await bot.api.setWebhook(url, { secret_token: 'wg-secret' });
    fake.pushUpdate({ message: fake.message({ from: 7, text: 'hello' }) });
    const reply = await fake.waitFor((c) => c.method === 'sendMessage');
    expect(reply.body).toMatchObject({ chat_id: 7, text: 'echo hello' });
    await fake.waitForDelivery();
    expect(fake.deliveries).toMatchObject([{ status: 200 }]);
    await expect(bot.api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
    expect(await bot.api.getWebhookInfo()).toMatchObject({ url, pending_update_count: 0 });
    const forged = { update_id: 99, message: fake.message({ from: 7, text: 'forged' }) } as Update;
    expect((await postWebhookUpdate(url, forged, 'wrong')).status).toBe(401);
  });

  it('answers callback queries once and refuses an edit that changes nothing', async () => {
    const fake = await startFakeTelegram();
    cleanups.push(() => fake.close());
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot }, botInfo: fake.botInfo });
    const keyboard = { inline_keyboard: [[{ text: 'Resolve', callback_data: 'resolve:B-1' }]] };
    const sent = await bot.api.sendMessage(7, 'B-1 open', { reply_markup: keyboard });
    bot.callbackQuery(/^resolve:/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Resolved' });
      await ctx.editMessageText('B-1 resolved');
    });
    const running = bot.start({ timeout: 1 });
    fake.pushUpdate(fake.callback({ from: 7, message: sent, data: 'resolve:B-1' }));
    await fake.waitFor((c) => c.method === 'editMessageText' && c.status === 200);
    await bot.stop();
    await running;
    expect(fake.sent(7).map((s) => [s.method, s.text])).toEqual([
      ['sendMessage', 'B-1 open'],
      ['editMessageText', 'B-1 resolved'],
    ]);
    const again = bot.api.editMessageText(7, sent.message_id, 'B-1 resolved');
    await expect(again).rejects.toMatchObject({
      description: expect.stringMatching(/message is not modified/),
    });
    const answered = fake.calls.find((c) => c.method === 'answerCallbackQuery');
    await expect(bot.api.answerCallbackQuery(String(answered?.body.callback_query_id))).rejects.toMatchObject(
      {
        error_code: 400,
      },
    );
  });
});
