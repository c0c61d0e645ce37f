import type { Message, Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi as vitest } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { vi } from '../../src/i18n/vi.ts';
import { blockersRepo } from '../../src/store/blockers-repo.ts';
import { postWebhookUpdate } from '../fakes/telegram-api.ts';
import {
  ADMIN,
  answerOf,
  blockersTitled,
  GROUP,
  type Harness,
  HOA,
  keys,
  LAN,
  MINH,
  startHarness,
  texts,
} from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // The directory the scenarios use, set up by the admin in a private chat.
  await h.say(ADMIN, '/unit add MIC "Ministry of Information" block:government kind:ministry');
  await h.say(ADMIN, '/unit add MOF "Ministry of Finance" block:government kind:ministry');
});
afterAll(() => h.close());

/** B-1, logged by Lan in the group and owned by MIC; other tests act on its card. */
let card: Message;

describe('Telegram end to end (long polling)', () => {
  it('registers the command menu in English and Vietnamese', () => {
    const enMenu = h.fake.commands(undefined, 'en');
    const viMenu = h.fake.commands(undefined, 'vi');
    expect(enMenu).toContainEqual({ command: 'blocker', description: en['help.blocker'] });
    expect(viMenu).toContainEqual({ command: 'blocker', description: vi['help.blocker'] });
    expect(viMenu).toContainEqual({ command: 'cancel', description: vi['telegram.menu.cancel'] });
    expect(h.fake.commands()?.map((c) => c.command)).toEqual(enMenu?.map((c) => c.command));
  });

  it('runs commands from several users in a private chat and in a group', async () => {
    const logged = await h.say(
      LAN,
      '/blocker@steerbot_test_bot add Data exchange not connected owner:MIC due:+14d',
      { chat: GROUP },
    );
    expect(logged.sent).toHaveLength(1);
    const [out] = logged.sent;
    expect(out?.chat_id).toBe(GROUP.id);
    expect(out?.text).toMatch(/^Logged B-1: Data exchange not connected\n/);
    expect(out?.body.reply_parameters).toMatchObject({ message_id: logged.message?.message_id });
    expect(keys(out)).toEqual({
      Start: 'blocker.start|B-1',
      Resolve: 'blocker.resolve|B-1',
      'Request extension': 'blocker.extend|B-1',
    });
    card = out?.result as Message;

    const list = await h.say(MINH, '/blocker list', { chat: GROUP });
    expect(texts(list).join('\n')).toMatch(/B-1\s+Data exchange not connected/);
    // Minh's Telegram is in Vietnamese: a new person takes the app's language.
    expect(texts(list)[0]).toMatch(/^Vướng mắc/);

    const show = await h.say(MINH, '/blocker show B-1');
    expect(show.sent.map((s) => s.chat_id)).toEqual([MINH.id]);
    expect(texts(show)[0]).toContain('B-1');

    const denied = await h.say(LAN, '/unit add VNPT "VNPT Group" block:government kind:enterprise');
    expect(texts(denied)).toEqual([
      expect.stringMatching(/^Error: not allowed: your role may not add units/),
    ]);

    const elsewhere = await h.say(LAN, '/blocker@another_bot list', { chat: GROUP });
    expect(elsewhere.sent).toEqual([]);
    const chatter = await h.say(LAN, 'lunch at noon?', { chat: GROUP });
    expect(chatter.sent).toEqual([]);
  });

  it('resolves a @username the bot has seen for /unit lead, and says so when it has not', async () => {
    // Hoa has only chatted in the group; the bot saw her username there.
    await h.say(HOA, 'Xin chào cả nhóm', { chat: GROUP });
    const lead = await h.say(ADMIN, '/unit lead MOF @hoa_vnpt', { chat: GROUP });
    // The reply names the account by platform id, not only by the name Hoa chose.
    expect(texts(lead)).toEqual([expect.stringMatching(/^Hoa \(telegram 1004, @hoa_vnpt\) now leads MOF/)]);
    const unknown = await h.say(ADMIN, '/unit lead MIC @nobody_here', { chat: GROUP });
    expect(texts(unknown)[0]).toMatch(/I do not know @nobody_here yet: they need to write to the bot once/);
  });

  it('takes the replied-to message as the detail of /blocker add', async () => {
    const report = (await h.say(MINH, 'VNeID sync has failed since Monday for 3 provinces', { chat: GROUP }))
      .message as Message;
    const added = await h.say(LAN, '/blocker add VNeID sync failing owner:MIC', {
      chat: GROUP,
      reply_to_message: report,
    });
    expect(texts(added)[0]).toMatch(
      /^Logged B-2: VNeID sync failing\nVNeID sync has failed since Monday for 3 provinces\n/,
    );
  });

  it('splits a reply of more than 4096 characters into several messages', async () => {
    const long = Array.from(
      // Under the 4,000-character limit of a detail, over Telegram's 4,096 with the card.
      { length: 48 },
      (_, i) => `Finding ${i + 1}: ${'the data is not shared '.repeat(3)}`,
    );
    const report = (await h.say(MINH, long.join('\n'), { chat: GROUP })).message as Message;
    expect(report.text?.length).toBeLessThanOrEqual(4096);
    const added = await h.say(
      LAN,
      '/blocker add Audit findings of the national data exchange platform owner:MIC',
      {
        chat: GROUP,
        reply_to_message: report,
      },
    );
    expect(added.sent.length).toBeGreaterThan(1);
    for (const s of added.sent) expect(s.text?.length).toBeLessThan(4096);
    const all = texts(added).join('\n');
    expect(all).toContain('Logged B-3: Audit findings');
    expect(all.length).toBeGreaterThan(4096);
    expect(all).toContain('Finding 48: the data is not shared');
    expect(keys(added.sent.at(-1))).toHaveProperty('Start', 'blocker.start|B-3');
    expect(added.sent.slice(0, -1).every((s) => s.reply_markup === undefined)).toBe(true);
  });

  it('escapes HTML typed in a title', async () => {
    const added = await h.say(LAN, '/blocker add <b>Bold</b> & <a href="x">link</a> owner:MIC');
    const [out] = added.sent;
    expect(out?.body.parse_mode).toBe('HTML');
    expect(out?.body.text).toContain(
      'Logged B-4: &lt;b&gt;Bold&lt;/b&gt; &amp; &lt;a href=&quot;x&quot;&gt;',
    );
    // What the user sees: their own characters, not formatting.
    expect(out?.text).toMatch(/^Logged B-4: <b>Bold<\/b> & <a href="x">link<\/a>/);
  });

  it('answers a button press, re-checking the presser’s permissions each time', async () => {
    const refused = await h.press(MINH, card, 'blocker.start|B-1');
    expect(answerOf(refused)).toMatchObject({ show_alert: true, text: expect.stringMatching(/^Lỗi: /) });
    expect(refused.sent).toEqual([]);

    const started = await h.press(LAN, card, 'blocker.start|B-1');
    expect(answerOf(started)).toMatchObject({ text: 'B-1 is in progress: Data exchange not connected' });
    expect(texts(started)).toEqual([expect.stringMatching(/^B-1 is in progress/)]);
    expect(started.sent[0]?.chat_id).toBe(GROUP.id);

    const again = await h.press(LAN, card, 'blocker.start|B-1');
    expect(answerOf(again)).toMatchObject({ show_alert: true });
    expect(again.sent).toEqual([]);
  });

  it('asks for the new date after "Request extension", and refuses a member the admin buttons', async () => {
    const asked = await h.press(LAN, card, 'blocker.extend|B-1');
    expect(answerOf(asked)).toBeDefined();
    const [question] = asked.sent;
    expect(question?.text).toMatch(/^Lan: New deadline for B-1, and why/);
    expect(question?.reply_markup).toEqual({ force_reply: true, selective: true });

    const requested = await h.say(LAN, '31/12/2099 waiting for the budget', {
      chat: GROUP,
      reply_to_message: question?.result,
    });
    const [x] = requested.sent;
    expect(x?.text).toMatch(/^Extension X-1 requested: B-1 to 31\/12\/2099/);
    expect(keys(x)).toEqual({ Approve: 'extension.approve|X-1', Reject: 'extension.reject|X-1' });

    for (const data of ['extension.approve|X-1', 'extension.reject|X-1']) {
      const denied = await h.press(LAN, x?.result as Message, data);
      expect(answerOf(denied)).toMatchObject({
        show_alert: true,
        text: 'Error: not allowed: your role may not decide extension requests.',
      });
      expect(denied.sent).toEqual([]);
    }
    const approved = await h.press(ADMIN, x?.result as Message, 'extension.approve|X-1');
    expect(answerOf(approved)?.text).toMatch(/^X-1 approved: B-1 now due 31\/12\/2099/);
    expect(texts(approved)).toContainEqual(expect.stringMatching(/^X-1 approved/));
    // No Redis here, as `npm start` without it: the requester's notice goes straight to Telegram.
    const toLan = approved.sent.filter((m) => m.chat_id === LAN.id).map((m) => m.text);
    expect(toLan).toEqual(['Your extension request X-1 for B-1 was approved.']);
    expect(approved.sent).toHaveLength(2);
  });

  it('guides /blocker add without text step by step, validating each answer', async () => {
    const chat = MINH.id;
    const q1 = await h.say(MINH, '/blocker add');
    expect(texts(q1)).toEqual([vi['telegram.add.title']]);
    expect(q1.sent[0]?.reply_markup).toEqual({ force_reply: true, selective: true });
    expect(texts(await h.say(MINH, 'Kinh phí trung tâm dữ liệu chưa giải ngân'))).toEqual([
      vi['telegram.add.owner'],
    ]);
    expect(texts(await h.say(MINH, 'XYZ'))[0]).toMatch(/^Lỗi: .*XYZ.* Hãy thử lại, hoặc gửi \/cancel\.$/);
    expect(texts(await h.say(MINH, 'mof'))).toEqual([vi['telegram.add.due']]);
    expect(texts(await h.say(MINH, 'someday'))[0]).toMatch(/"someday".*Hãy thử lại/);
    const q4 = await h.say(MINH, '31/12/2099');
    expect(texts(q4)).toEqual([vi['telegram.add.category']]);
    expect(keys(q4.sent[0])).toHaveProperty('tài chính và giải ngân', 'cat|finance_disbursement');

    const done = await h.press(MINH, q4.sent[0]?.result as Message, 'cat|finance_disbursement');
    expect(answerOf(done)).toBeDefined();
    const logged = done.sent.find((s) => s.method === 'sendMessage');
    expect(logged?.chat_id).toBe(chat);
    expect(logged?.text).toMatch(/^Đã ghi nhận B-5: Kinh phí trung tâm dữ liệu chưa giải ngân/);
    expect(logged?.text).toContain('MOF');
    expect(logged?.text).toContain('31/12/2099');
    expect(logged?.text).toContain('tài chính và giải ngân');
    // The question's buttons are gone, so the category cannot be pressed twice.
    expect(done.sent.find((s) => s.method === 'editMessageReplyMarkup')?.reply_markup).toBeUndefined();
    const twice = await h.press(MINH, q4.sent[0]?.result as Message, 'cat|other');
    expect(answerOf(twice)).toMatchObject({ show_alert: true });
    expect(await blockersTitled(h, 'Kinh phí trung tâm dữ liệu chưa giải ngân')).toBe(1);
  });

  it('cancels the guided conversation with /cancel, saving nothing', async () => {
    await h.say(LAN, '/blocker add', { chat: GROUP });
    // In a group the answer must be a reply to the bot: other chatter is not taken as the title.
    const chatter = await h.say(LAN, 'Not a title', { chat: GROUP });
    expect(chatter.sent).toEqual([]);
    const cancelled = await h.say(LAN, '/cancel@steerbot_test_bot', { chat: GROUP });
    expect(texts(cancelled)).toEqual([en['telegram.cancelled']]);
    const after = await h.say(LAN, 'Never logged', { chat: LAN.id });
    expect(texts(after)[0]).toMatch(/^Error: unknown command \/never/);
    expect(texts(await h.say(LAN, '/cancel'))).toEqual([en['telegram.nothing_to_cancel']]);
    expect(await blockersTitled(h, 'Not a title')).toBe(0);
    expect(await blockersTitled(h, 'Never logged')).toBe(0);
  });

  it('handles a redelivered update (same update_id) only once', async () => {
    const first = await h.say(LAN, '/blocker add Redelivered report owner:MIC');
    expect(texts(first)).toEqual([expect.stringMatching(/^Logged B-\d+: Redelivered report/)]);
    const sentBefore = h.fake.sent().length;
    // Telegram delivers the very same update again (after a restart that lost the confirmation).
    h.fake.pushUpdate({ update_id: first.update_id, message: first.message as Message & Update.NonChannel });
    const next = await h.say(MINH, '/help');
    expect(next.sent).toHaveLength(1);
    expect(h.fake.sent().length).toBe(sentBefore + 1);
    expect(await blockersTitled(h, 'Redelivered report')).toBe(1);
  });

  it('hands the change the inbox claim of its update, and resolves the person once', async () => {
    const add = vitest.spyOn(h.app.services.blockers, 'add');
    const resolve = vitest.spyOn(h.app.services.identity, 'resolve');
    try {
      const logged = await h.say(HOA, '/blocker add Claimed report owner:MIC');
      expect(texts(logged)).toEqual([expect.stringMatching(/^Logged B-\d+: Claimed report/)]);
      expect(add.mock.calls[0]?.[0].claim).toEqual({ id: expect.any(Number), attempt: expect.any(Number) });
      expect(resolve.mock.calls.filter(([who]) => who.id === String(HOA.id))).toHaveLength(1);
    } finally {
      add.mockRestore();
      resolve.mockRestore();
    }
  });

  it('waits out a 429 on a reply and still delivers it, once', async () => {
    h.fake.rateLimit('sendMessage', 1, 1);
    const help = await h.say(HOA, '/help');
    expect(help.calls.filter((c) => c.method === 'sendMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(texts(help)).toEqual([expect.stringMatching(/^steerbot commands\n/)]);
  });

  it('pages a long list with buttons that edit the message in place', async () => {
    for (let i = 1; i <= 8; i++) await h.say(ADMIN, `/blocker add Paged item ${i} owner:MOF`);
    const list = await h.say(ADMIN, '/blocker list all');
    const [page1] = list.sent;
    expect(page1?.text).toContain('Page 1 of 2');
    expect(keys(page1)).toEqual({ 'Next »': 'page|2' });
    const matching = vitest.spyOn(blockersRepo, 'matching');
    const next = await h.press(ADMIN, page1?.result as Message, 'page|2');
    // The press ran the list again for page 2 only: one page asked of the database.
    expect(matching.mock.calls.map((c) => c[3])).toEqual([{ limit: 10, offset: 10 }]);
    matching.mockRestore();
    expect(answerOf(next)).toBeDefined();
    expect(next.sent).toHaveLength(1);
    expect(next.sent[0]).toMatchObject({ method: 'editMessageText', message_id: page1?.message_id });
    expect(next.sent[0]?.text).toContain('Page 2 of 2');
    expect(keys(next.sent[0])).toEqual({ '« Prev': 'page|1' });
  });

  it('links a Slack and a Telegram identity with a one-time code, and keeps the code out of groups', async () => {
    const slack = { platform: 'slack' as const, id: 'U0LAN0001', name: 'Lan (Slack)' };
    const made = await h.app.dispatcher.handle({
      text: '/wg link',
      who: slack,
      chat: { platform: 'slack', id: 'D1' },
    });
    const code = /link code is ([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(made.reply.title ?? '')?.[1];
    expect(code).toBeDefined();
    const linked = await h.say(LAN, `/wg link ${code}`);
    expect(texts(linked)).toEqual(['Linked: both accounts are now Lan (Slack).']);
    const { person } = await h.app.services.identity.resolve({
      platform: 'telegram',
      id: String(LAN.id),
      name: 'Lan',
    });
    expect(person).toMatchObject({ slackId: 'U0LAN0001', telegramId: String(LAN.id), name: 'Lan (Slack)' });

    const inGroup = await h.say(MINH, '/wg link', { chat: GROUP });
    expect(texts(inGroup)[0]).toContain('https://t.me/steerbot_test_bot');
    expect(texts(inGroup)[0]).not.toMatch(/[0-9A-Z]{5}-[0-9A-Z]{5}/);

    // A code is good for 15 minutes only.
    const later = await h.say(MINH, '/wg link');
    const stale = /([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(texts(later)[0] ?? '')?.[1];
    h.clock.advance(16 * 60 * 1000);
    const expired = await h.app.dispatcher.handle({
      text: `/wg link ${stale}`,
      who: { platform: 'slack', id: 'U0MINH001', name: 'Minh (Slack)' },
      chat: { platform: 'slack', id: 'D2' },
    });
    expect(expired.reply.title).toMatch(/wrong or has expired/);
  });
});

describe('Telegram end to end (webhook)', () => {
  const secret = 'wg-s3cret_2026';
  let w: Harness;
  let url: string;
  beforeAll(async () => {
    w = await startHarness({ webhook: { secret }, shared: h });
    url = w.fake.webhook()?.url ?? '';
  });
  afterAll(() => w.close());

  it('sets the webhook with its secret and answers what Telegram posts', async () => {
    expect(w.fake.webhook()).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/telegram\/webhook$/),
      secret_token: secret,
      allowed_updates: ['message', 'callback_query'],
    });
    const help = await w.say(LAN, '/help', { chat: GROUP });
    expect(texts(help)).toEqual([expect.stringMatching(/^steerbot commands\n/)]);
    expect(w.fake.deliveries.at(-1)).toMatchObject({ update_id: help.update_id, status: 200 });
  });

  it('refuses an update with a wrong or missing secret (401) and acts on nothing in it', async () => {
    const message = w.fake.message({ from: LAN, text: '/blocker add Forged blocker' });
    const update = { update_id: 700001, message };
    const before = w.fake.sent().length;
    expect((await postWebhookUpdate(url, update, 'wrong-secret')).status).toBe(401);
    expect((await postWebhookUpdate(url, update)).status).toBe(401);
    expect(w.fake.sent().length).toBe(before);
    expect(await blockersTitled(w, 'Forged blocker')).toBe(0);
    // The refused attempts did not use up the update: with the right secret it is handled.
    expect((await postWebhookUpdate(url, update, secret)).status).toBe(200);
    expect(
      w.fake
        .sent()
        .slice(before)
        .map((s) => s.text),
    ).toEqual([expect.stringMatching(/^Logged B-\d+: Forged blocker/)]);
  });

  it('handles an update Telegram posts again (same update_id) only once', async () => {
    const message = w.fake.message({ from: LAN, chat: GROUP, text: '/blocker add Slow answer' });
    const update = { update_id: 700002, message };
    const before = w.fake.sent().length;
    expect((await postWebhookUpdate(url, update, secret)).status).toBe(200);
    expect((await postWebhookUpdate(url, update, secret)).status).toBe(200);
    expect(w.fake.sent().slice(before)).toHaveLength(1);
    expect(await blockersTitled(w, 'Slow answer')).toBe(1);
  });
});
