/**
 * Issue #9, "Flooding", as the attack: one person fires commands as fast as they can, one client
 * hammers the public web routes. Each gets a bounded share (a polite "slow down", HTTP 429);
 * everyone else is served as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { COMMANDS_PER_MINUTE, WEB_REQUESTS_PER_MINUTE } from '../../src/services/rate-limit.ts';
import { useWorld } from '../core/harness.ts';
import { serveApp, TestClock, testApp } from '../support/app.ts';

const flooder: PlatformIdentity = { platform: 'telegram', id: '5150', name: 'Flooder' };
const bystander: PlatformIdentity = { platform: 'slack', id: 'UCALM', name: 'Calm' };

describe('a person flooding the bot with commands', () => {
  const w = useWorld('pglite');

  it('gets a bounded number per minute, then a polite "slow down"; nothing more is stored', async () => {
    await w.setup('/unit add MOF "Ministry of Finance" block:government kind:ministry');
    const limit = COMMANDS_PER_MINUTE.member;
    const answers: string[] = [];
    for (let i = 0; i < 300; i++) answers.push(await w.say(flooder, `/blocker add Spam ${i} owner:MOF`));
    expect(answers.filter((a) => /^Logged B-\d+/.test(a))).toHaveLength(limit);
    expect(answers[limit]).toMatch(
      /^You are sending commands faster than I can take them: please slow down and try again in \d+ s\.$/,
    );
    expect(answers.slice(limit).every((a) => /slow down/.test(a))).toBe(true);
    expect(await w.say(w.admin, '/blocker list all')).toMatch(new RegExp(`^Blockers: all \\(${limit}\\)`));

    // Someone else is not slowed by it, and a minute later the flooder may go on.
    expect(await w.say(bystander, '/blocker add Real problem owner:MOF')).toMatch(/^Logged B-/);
    w.clock.advance(60_000);
    expect(await w.say(flooder, '/blocker list')).toMatch(/^Blockers/);
  });

  it('says it in the chat’s language; hotline handlers get more', async () => {
    await w.setup('/wg lang vi');
    for (let i = 0; i < COMMANDS_PER_MINUTE.member; i++) await w.say(flooder, '/help');
    expect(await w.say(flooder, '/help')).toMatch(/^Bạn gửi lệnh nhanh quá: xin vui lòng chậm lại/);

    const hotline: PlatformIdentity = { platform: 'slack', id: 'UHOT', name: 'Hoa' };
    await w.say(hotline, '/help');
    await w.setup('/wg role <@UHOT> hotline');
    expect(COMMANDS_PER_MINUTE.hotline).toBeGreaterThan(COMMANDS_PER_MINUTE.member);
    const out: string[] = [];
    for (let i = 0; i < COMMANDS_PER_MINUTE.hotline + 1; i++) out.push(await w.say(hotline, '/help'));
    expect(out.slice(0, COMMANDS_PER_MINUTE.hotline).some((a) => /chậm lại/.test(a))).toBe(false);
    expect(out.at(-1)).toMatch(/chậm lại/);
  });
});

describe('a client hammering the public web routes', () => {
  let app: App;
  let close: (() => Promise<void>) | undefined;
  let base = '';
  beforeAll(async () => {
    app = await testApp({ clock: new TestClock(new Date('2026-03-11T03:00:00Z')) });
    ({ base, close } = await serveApp(app));
  }, 60_000);
  afterAll(() => close?.());

  const get = (path: string, client: string) =>
    fetch(base + path, { headers: { 'x-forwarded-for': client } });

  it('gets 429 with a plain line past its share; other clients, health and chat are served', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < WEB_REQUESTS_PER_MINUTE + 30; i++) {
      const res = await get(i % 2 ? '/calendar.ics' : '/export/blockers.csv', '203.0.113.7');
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(WEB_REQUESTS_PER_MINUTE);
    expect(statuses.slice(WEB_REQUESTS_PER_MINUTE).every((s) => s === 429)).toBe(true);

    const refused = await get('/', '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(/^Too many requests from your address; try again in \d+ s\.\n$/);
    expect((await get('/?lang=vi', '203.0.113.7').then((r) => r.text())).startsWith('Địa chỉ của bạn')).toBe(
      true,
    );

    expect((await get('/', '203.0.113.8')).status).toBe(200);
    expect((await get('/healthz', '203.0.113.7')).status).toBe(200);
    const admin = { platform: 'console' as const, id: 'root', name: 'root' };
    const chat = await app.dispatcher.handle({
      text: '/help',
      who: admin,
      chat: { platform: 'console', id: 'c' },
    });
    expect(chat.reply.kind).not.toBe('error');
  });
});
