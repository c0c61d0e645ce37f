import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { vi } from '../../src/i18n/vi.ts';
import { ADMIN, type Harness, LAN, MINH, startHarness, texts } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  // Short polls and pauses: idle polls and failures come round quickly.
  h = await startHarness({
    poll: { timeoutSeconds: 1, firstPauseMs: 20, maxPauseMs: 100 },
    env: { PUBLIC_URL: 'https://bot.example.gov.vn' },
  });
  await h.say(ADMIN, '/unit add MOF "Ministry of Finance" block:government kind:ministry');
});
afterAll(() => h.close());

/** Blockers whose title is `title`, straight from the records. */
async function titled(title: string): Promise<number> {
  const admin = await h.app.services.identity.resolve(
    { platform: 'console', id: 'tester', name: 'tester' },
    { asAdmin: true },
  );
  return (await h.app.services.queries.list(admin, { scope: 'all' })).filter((b) => b.title === title).length;
}

describe('Zalo end to end (long polling)', () => {
  it('runs commands in a private chat in plain text, buttons written as the commands to type', async () => {
    const logged = await h.say(LAN, '/blocker add Data exchange not connected owner:MOF due:+14d');
    expect(logged.sent.map((s) => s.chat_id)).toEqual([LAN.id]);
    const [text] = texts(logged);
    expect(text).toMatch(/^Logged B-1: Data exchange not connected\n/);
    expect(text).toContain('→ /blocker start B-1 · /blocker resolve B-1 [note]');
    expect(text).not.toMatch(/<\/?b>|\*|&lt;/);

    // Without the slash too, as in any private chat with the bot.
    const shown = await h.say(MINH, 'blocker show B-1');
    expect(texts(shown)[0]).toContain('B-1');
    const history = texts(await h.say(LAN, '/blocker start B-1')).join('\n');
    expect(history).toContain('B-1');
  });

  it('is the Zalo person zalo:<id>: ADMINS names the admin, a member may not add units', async () => {
    const denied = await h.say(LAN, '/unit add VNPT "VNPT Group" block:government kind:enterprise');
    expect(texts(denied)).toEqual([
      expect.stringMatching(/^Error: not allowed: your role may not add units/),
    ]);
    expect(texts(await h.say(ADMIN, '/unit list')).join('\n')).toContain('MOF');
    const lan = await h.app.services.identity.findPerson(`zalo:${LAN.id}`);
    expect(lan.zaloId).toBe(LAN.id);
  });

  it('a display name never identifies anyone: "lan" is nobody\'s @lan', async () => {
    await h.say({ id: 'dddd0000111122223333', display_name: 'lan' }, '/help');
    const out = texts(await h.say(ADMIN, '/wg role @lan admin')).join('\n');
    expect(out).toContain('I do not know @lan yet');
    expect((await h.app.services.identity.findPerson('zalo:dddd0000111122223333')).role).toBe('member');
  });

  it('answers a photo or a sticker with "text commands only", in the chat\'s language', async () => {
    const photo = await h.deliver(() =>
      h.fake.event(MINH, 'message.image.received', { photo_url: 'https://example.com/a.jpg' }),
    );
    expect(texts(photo)).toEqual([en['zalo.text_only']]);
    await h.say(MINH, '/wg lang vi');
    const sticker = await h.deliver(() => h.fake.event(MINH, 'message.sticker.received', { sticker: 'x1' }));
    expect(texts(sticker)).toEqual([vi['zalo.text_only']]);
    await h.say(MINH, '/wg lang en');
  });

  it('carries out a message once when Zalo hands the same message_id again', async () => {
    const first = await h.say(LAN, '/blocker add Portal down twice');
    const again = await h.deliver(() => h.fake.push(first.update));
    expect(texts(first)).toEqual([expect.stringMatching(/^Logged B-\d+: Portal down twice/)]);
    expect(again.sent).toEqual([]);
    expect(await titled('Portal down twice')).toBe(1);
  });

  it('cuts a long reply at line ends into messages of at most 2,000 characters, in order', async () => {
    for (let i = 0; i < 9; i++) await h.say(ADMIN, `/blocker add Item ${i} ${'long words '.repeat(25)}`);
    const list = await h.say(ADMIN, '/blocker list all');
    const parts = texts(list);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    const whole = parts.join('\n');
    const ids = [...whole.matchAll(/• (B-\d+)/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(10);
    // Each part ends at a line end: no line is cut between two messages.
    for (const p of parts.slice(0, -1)) expect(whole).toContain(`${p}\n`);
  });

  it('polls again after an idle poll (408) and answers what comes next', async () => {
    const idle = (c: { method: string; response: { error_code?: number } }) =>
      c.method === 'getUpdates' && c.response.error_code === 408;
    const seen = h.fake.calls.filter(idle).length;
    await h.fake.waitFor((c) => idle(c) && h.fake.calls.filter(idle).length > seen, 10_000);
    expect(texts(await h.say(LAN, '/help'))[0]).toMatch(/^steerbot commands/);
  });

  it('backs off after failed polls and picks up again', async () => {
    const failed = () => h.fake.calls.filter((c) => c.method === 'getUpdates' && c.status === 502).length;
    const before = failed();
    h.fake.fail('getUpdates', 502, 'Bad Gateway', 3);
    await h.fake.waitFor((c) => c.method === 'getUpdates' && c.status === 502 && failed() >= before + 3);
    expect(texts(await h.say(LAN, '/help'))[0]).toMatch(/^steerbot commands/);
  });

  it('subscribes the private chat to the weekly summary, and /summary brings the chart by its public URL', async () => {
    const sub = await h.say(ADMIN, '/wg subscribe weekly');
    expect(texts(sub).join('\n')).not.toMatch(/^Error/);
    const feeds = await h.app.services.feeds.subscribers('weekly');
    expect(feeds).toContainEqual(expect.objectContaining({ platform: 'zalo', chatId: ADMIN.id }));
    const summary = await h.say(ADMIN, '/summary');
    // The text first, then the one photo, which Zalo fetches from the bot's public address.
    expect(summary.sent.filter((s) => s.method === 'sendPhoto')).toHaveLength(1);
    expect(summary.sent.at(-1)).toMatchObject({
      method: 'sendPhoto',
      photo: 'https://bot.example.gov.vn/chart.png',
    });
    expect(texts(summary)[0]).toMatch(/summary/i);
  });

  it('waits out a 429 on a reply and sends it once', async () => {
    h.fake.rateLimit('sendMessage', 1, 1);
    const out = await h.say(LAN, '/blocker show B-1');
    expect(texts(out)).toEqual([expect.stringContaining('B-1')]);
  });
});
