import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, webApi } from '@slack/bolt';
import { Bot, GrammyError, InputFile } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './slack-api.ts';
import { FORM, postToBolt, slashCommandBody } from './slack-sign.ts';
import { type FakeTelegram, startFakeTelegram } from './telegram-api.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function slack(): Promise<FakeSlack> {
  const fake = await startFakeSlack({
    users: [
      {
        id: 'U0LAN0001',
        name: 'lan',
        real_name: 'Nguyễn Thị Lan',
        display_name: 'Lan',
        tz: 'Asia/Ho_Chi_Minh',
      },
    ],
  });
  cleanups.push(() => fake.close());
  return fake;
}

async function telegram(): Promise<FakeTelegram> {
  const fake = await startFakeTelegram({ botUsername: 'steerbot_test_bot' });
  cleanups.push(() => fake.close());
  return fake;
}

describe('fake Slack Web API with the real WebClient', () => {
  it('records chat.postMessage with its blocks decoded', async () => {
    const fake = await slack();
    const client = new webApi.WebClient(fake.token, { slackApiUrl: fake.url });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*B-1* logged' } }];
    const res = await client.chat.postMessage({ channel: 'C0WG00001', text: 'B-1 logged', blocks });
    expect(res.ok).toBe(true);
    expect(res.ts).toMatch(/^\d+\.\d{6}$/);
    const [msg] = fake.messages('C0WG00001');
    expect(msg).toMatchObject({ kind: 'postMessage', text: 'B-1 logged', blocks, ts: res.ts });
    expect(fake.calls.at(-1)?.method).toBe('chat.postMessage');
  });

  it('answers users.info from the user table and user_not_found otherwise', async () => {
    const fake = await slack();
    const client = new webApi.WebClient(fake.token, { slackApiUrl: fake.url });
    const { user } = await client.users.info({ user: 'U0LAN0001' });
    expect(user).toMatchObject({
      name: 'lan',
      real_name: 'Nguyễn Thị Lan',
      tz: 'Asia/Ho_Chi_Minh',
      tz_offset: 25200,
    });
    expect(user?.profile?.display_name).toBe('Lan');
    await expect(client.users.info({ user: 'U0NOBODY1' })).rejects.toMatchObject({
      code: 'slack_webapi_platform_error',
      data: { error: 'user_not_found' },
    });
  });

  it('refuses a wrong token with invalid_auth and an unknown method with unknown_method', async () => {
    const fake = await slack();
    const bad = new webApi.WebClient('xoxb-wrong', { slackApiUrl: fake.url });
    await expect(bad.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    const good = new webApi.WebClient(fake.token, { slackApiUrl: fake.url });
    await expect(good.apiCall('nope.nothing')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
  });

  it('answers 429 with Retry-After, which WebClient waits out and retries', async () => {
    const fake = await slack();
    // Shorten p-retry's own backoff so the wait measured is the Retry-After one.
    const retryConfig = { retries: 2, minTimeout: 10, maxTimeout: 10 };
    const client = new webApi.WebClient(fake.token, { slackApiUrl: fake.url, retryConfig });
    fake.rateLimit('chat.postMessage', 1, 1);
    const started = Date.now();
    const res = await client.chat.postMessage({ channel: 'C0WG00001', text: 'after the limit' });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const statuses = fake.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.status);
    expect(statuses).toEqual([429, 200]);
    expect(fake.messages('C0WG00001')).toHaveLength(1);
  });

  it('takes a filesUploadV2 image through the upload URL into the channel', async () => {
    const fake = await slack();
    const client = new webApi.WebClient(fake.token, { slackApiUrl: fake.url });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex');
    await client.filesUploadV2({
      channel_id: 'C0WG00001',
      file: png,
      filename: 'chart.png',
      initial_comment: 'Week 46',
    });
    const upload = fake.calls.find((c) => c.method === 'upload');
    expect(upload?.files?.[0]?.data).toEqual(png);
    expect(fake.messages('C0WG00001')).toMatchObject([{ kind: 'file', text: 'Week 46' }]);
  });

  it('serves a Bolt app: signed slash command in, respond() and say via the fake out', async () => {
    const fake = await slack();
    const secret = 'test-signing-secret';
    const app = new App({
      token: fake.token,
      signingSecret: secret,
      clientOptions: { slackApiUrl: fake.url },
    });
    app.command('/blocker', async ({ ack, respond, client, command }) => {
      await ack();
      await respond({ response_type: 'ephemeral', text: `got: ${command.text}` });
      await client.chat.postMessage({ channel: command.channel_id, text: 'B-1 logged' });
    });
    const server = (await app.start(0)) as Server;
    cleanups.push(() => app.stop());
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    const body = slashCommandBody({
      command: '/blocker',
      text: 'add Data strategy owner:MOF',
      response_url: fake.responseUrl('r1', 'C0WG00001'),
    });
    const res = await postToBolt(url, secret, body, FORM);
    expect(res.status).toBe(200);
    await fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(fake.messages('C0WG00001').map((m) => [m.kind, m.text])).toEqual([
      ['response_url', 'got: add Data strategy owner:MOF'],
      ['postMessage', 'B-1 logged'],
    ]);
    expect((await postToBolt(url, 'wrong-secret', body, FORM)).status).toBe(401);
  });
});

describe('fake Telegram Bot API with real grammY', () => {
  it('records bot.api.sendMessage and parses HTML into entities', async () => {
    const fake = await telegram();
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    const msg = await bot.api.sendMessage(42, '<b>B-1</b> logged &amp; assigned', { parse_mode: 'HTML' });
    expect(msg.text).toBe('B-1 logged & assigned');
    expect(msg.entities).toEqual([{ type: 'bold', offset: 0, length: 3 }]);
    expect(fake.sent(42)).toMatchObject([
      { method: 'sendMessage', message_id: msg.message_id, parse_mode: 'HTML' },
    ]);
  });

  it('refuses what Telegram refuses, as GrammyError 400', async () => {
    const fake = await telegram();
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e as GrammyError,
      );
    const long = await refused(bot.api.sendMessage(42, 'x'.repeat(4097)));
    expect(long).toBeInstanceOf(GrammyError);
    expect(long).toMatchObject({ error_code: 400, description: 'Bad Request: message is too long' });
    // 4096 visible characters are fine even when the HTML source is longer.
    await bot.api.sendMessage(42, `<i>${'y'.repeat(4096)}</i>`, { parse_mode: 'HTML' });
    const html = await refused(bot.api.sendMessage(42, '<b>open', { parse_mode: 'HTML' }));
    expect(html?.description).toMatch(/^Bad Request: can't parse entities: /);
    const button = { text: 'Start', callback_data: 'x'.repeat(65) };
    const data = await refused(
      bot.api.sendMessage(42, 'B-1', { reply_markup: { inline_keyboard: [[button]] } }),
    );
    expect(data?.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('surfaces 429 as GrammyError with parameters.retry_after', async () => {
    const fake = await telegram();
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    fake.rateLimit('sendMessage', 1, 7);
    const err = await bot.api.sendMessage(42, 'hi').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect(err).toMatchObject({
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    await expect(bot.api.sendMessage(42, 'hi again')).resolves.toMatchObject({ text: 'hi again' });
  });

  it('long-polls: a started bot gets a pushed /start and replies; a restarted bot does not see it again', async () => {
    const fake = await telegram();
    const seen: number[] = [];
    const makeBot = () => {
      const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
      bot.command('start', async (ctx) => {
        seen.push(ctx.update.update_id);
        await ctx.reply(`Welcome, ${ctx.from?.first_name}`);
      });
      return bot;
    };
    const first = makeBot();
    const running = first.start({ timeout: 2 });
    await fake.whenPolling();
    const message = fake.message({ from: { id: 1001, first_name: 'Lan' }, text: '/start@steerbot_test_bot' });
    expect(message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 24 }]);
    const pushed = fake.pushUpdate({ message });
    await fake.waitFor((c) => c.method === 'sendMessage' && c.body.chat_id === 1001);
    await first.stop();
    await running;
    expect(fake.sent(1001).map((s) => s.text)).toEqual(['Welcome, Lan']);

    const second = makeBot();
    const again = second.start({ timeout: 2 });
    const next = fake.pushUpdate({ message: fake.message({ from: 1002, text: '/start' }) });
    await fake.waitFor((c) => c.method === 'sendMessage' && c.body.chat_id === 1002);
    await second.stop();
    await again;
    expect(seen).toEqual([pushed.update_id, next.update_id]);
  });

  it('uploads a photo as multipart and records the command menu', async () => {
    const fake = await telegram();
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000280000001e008060000001ff3ff61', 'hex');
    const photo = await bot.api.sendPhoto(-100200, new InputFile(png, 'chart.png'), { caption: 'Week 46' });
    expect(photo.photo.at(-1)).toMatchObject({ width: 640, height: 480 });
    expect(fake.sent(-100200)).toMatchObject([{ method: 'sendPhoto', text: 'Week 46' }]);
    await bot.api.setMyCommands([{ command: 'blocker', description: 'Log and track blockers' }], {
      language_code: 'vi',
    });
    expect(fake.commands(undefined, 'vi')).toEqual([
      { command: 'blocker', description: 'Log and track blockers' },
    ]);
    await expect(bot.api.setMyCommands([{ command: 'Blocker', description: 'x' }])).rejects.toMatchObject({
      description: 'Bad Request: BOT_COMMAND_INVALID',
    });
  });

  it('close() releases a hanging getUpdates at once with an empty result', async () => {
    const fake = await startFakeTelegram();
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    const started = Date.now();
    const updates = bot.api.getUpdates({ timeout: 30 });
    await fake.whenPolling();
    await fake.close();
    await expect(updates).resolves.toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
