import { Readable, Writable } from 'node:stream';
import type { Message, MessageEntity } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../src/adapters/console/index.ts';
import type { App } from '../../src/app.ts';
import { parseDate } from '../../src/dates.ts';
import type { Actor } from '../../src/services/deps.ts';
import {
  answered,
  press,
  type Harness as SlackHarness,
  seen,
  startHarness as startSlack,
  USERS,
} from '../slack/harness.ts';
import { TestClock, testApp } from '../support/app.ts';
import {
  ADMIN,
  answerOf,
  LAN,
  startHarness as startTelegram,
  type Harness as TelegramHarness,
  texts,
} from '../telegram/harness.ts';
import {
  startHarness as startZalo,
  ADMIN as ZALO_ADMIN,
  type Harness as ZaloHarness,
  texts as zaloTexts,
} from '../zalo/harness.ts';
import { CASES, type Case, SETUP } from './cases.ts';

/** One way in: the text a person types, and the reply they read. */
interface Driver {
  app: App;
  say(text: string): Promise<string>;
  close(): Promise<void>;
}

const SYSTEM = {
  person: { id: 0, role: 'admin' } as Actor['person'],
  platform: 'system',
  leadOf: [],
} as Actor;
const TZ = 'Asia/Ho_Chi_Minh';

/** The console: the same lines piped to the console adapter, as `npm start` reads them. */
async function consoleDriver(): Promise<Driver> {
  const app = await testApp({ clock: new TestClock(new Date()) });
  return {
    app,
    async say(text) {
      let out = '';
      const output = new Writable({
        write(chunk: Buffer, _enc, done) {
          out += chunk.toString('utf8');
          done();
        },
      });
      await runConsole(app, { input: Readable.from([`${text}\n`]), output, interactive: false });
      return out;
    },
    close: () => app.close(),
  };
}

/** Slack: a signed slash command over HTTP to the real Bolt app; the answer from the fake Slack API. */
async function slackDriver(): Promise<Driver> {
  const h: SlackHarness = await startSlack({ clock: new TestClock(new Date()) });
  const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    app: h.app,
    async say(text) {
      const m = /^(\/\S+)\s*([\s\S]*)$/.exec(text);
      const before = h.fake.calls.length;
      const res = await h.slash(USERS.admin, m?.[1] ?? text, slackEscape(m?.[2] ?? ''));
      const call = await h.fake.waitFor(
        (c) =>
          h.fake.calls.indexOf(c) >= before &&
          ((c.method === 'response_url' && c.id === res.rid) ||
            (c.method === 'chat.postMessage' && Array.isArray(c.body.blocks))),
        10_000,
      );
      return seen(call.body)
        .replace(/\*/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    },
    close: () => h.close(),
  };
}

/** Telegram: a message through the fake Bot API to the real grammY bot, in a private chat. */
async function telegramDriver(): Promise<Driver> {
  const h: TelegramHarness = await startTelegram();
  return {
    app: h.app,
    async say(text) {
      // What the person reads (the fake renders the HTML the bot sent).
      return texts(await h.say(ADMIN, text)).join('\n');
    },
    close: () => h.close(),
  };
}

/** Zalo: a text message through the fake Zalo Bot API, in the private chat (plain text back). */
async function zaloDriver(): Promise<Driver> {
  const h: ZaloHarness = await startZalo();
  return {
    app: h.app,
    say: async (text) => zaloTexts(await h.say(ZALO_ADMIN, text)).join('\n'),
    close: () => h.close(),
  };
}

async function newest(app: App) {
  const all = await app.services.queries.list(SYSTEM, { scope: 'all' });
  return all.sort((a, b) => b.id - a.id)[0];
}

/** Runs one case and checks what was stored (or that nothing was). */
async function check(d: Driver, c: Case): Promise<void> {
  const app = d.app;
  const before = await newest(app);
  const reply = await d.say(c.typed);
  if (c.error) {
    expect(reply).toContain('Error');
    expect(reply).toContain(c.error);
    expect((await newest(app))?.id).toBe(before?.id);
    return;
  }
  expect(reply, reply).not.toMatch(/^Error/);
  if (c.says) expect(reply).toContain(c.says);
  if (c.blocker) {
    const b = await newest(app);
    expect(b?.id, reply).not.toBe(before?.id);
    if (!b) return;
    const want = c.blocker;
    if (want.title !== undefined) expect(b.title).toBe(want.title);
    if (want.owner !== undefined) {
      const unit = b.ownerUnitId === null ? null : await app.services.units.byId(b.ownerUnitId);
      expect(unit?.code ?? null).toBe(want.owner);
    }
    if (want.due !== undefined) {
      const now = app.services.clock.now();
      const due = want.due === null ? null : parseDate(want.due, { now, tz: TZ, lang: 'vi' });
      expect(b.deadline?.toISOString() ?? null).toBe(due?.toISOString() ?? null);
    }
    if (want.phone !== undefined) expect(b.callerPhone).toBe(want.phone);
    if (want.caller !== undefined) expect(b.callerName).toBe(want.caller);
    if (want.status !== undefined) expect(b.status).toBe(want.status);
    if (want.category !== undefined) expect(b.category).toBe(want.category);
    if (want.priority !== undefined) expect(b.priority).toBe(want.priority);
  }
  if (c.percent !== undefined) {
    const [view] = await app.services.roadmap.views({}, SYSTEM);
    expect(view?.latest?.percent).toBe(c.percent);
  }
  if (c.alert !== undefined) expect((await app.services.units.get('MOHA')).onAlert).toBe(c.alert);
}

describe.each([
  ['console', consoleDriver],
  ['Slack', slackDriver],
  ['Telegram', telegramDriver],
  ['Zalo', zaloDriver],
] as const)('what people type, through the %s', (name, start) => {
  let d: Driver;
  beforeAll(async () => {
    d = await start();
    for (const line of SETUP) {
      const out = await d.say(line);
      if (/^Error/m.test(out)) throw new Error(`setup failed: ${line}\n${out}`);
    }
  }, 60_000);
  afterAll(() => d?.close());

  // Slack itself refuses a slash command the app does not have (`/bloker`).
  const cases = CASES.filter((c) => name !== 'Slack' || !c.typed.startsWith('/bloker '));
  it.each(
    cases.map((c) => [c.typed.length > 80 ? `${c.typed.slice(0, 60)}… (${c.typed.length})` : c.typed, c]),
  )('%s', async (_label, c) => check(d, c as Case), 15_000);
});

describe('a display name never identifies anyone (Telegram)', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegram();
    await h.say(ADMIN, SETUP[0] ?? '');
  }, 60_000);
  afterAll(() => h?.close());

  /** A message with a text mention of `user` over `name` (someone without a username). */
  async function withMention(text: string, name: string, user: { id: number; first_name: string }) {
    const message = h.fake.message({ from: ADMIN, text });
    const offset = text.indexOf(name);
    const mention = { type: 'text_mention', offset, length: name.length, user: { ...user, is_bot: false } };
    message.entities = [...(message.entities ?? []), mention as MessageEntity];
    const { update_id } = h.fake.pushUpdate({ message });
    await h.fake.whenConfirmed(update_id);
    return h.fake.sent().at(-1)?.text ?? '';
  }

  it('Telegram user 8888 named "lan" without a username does not become admin on /wg role @lan admin', async () => {
    const impostor = { id: 8888, first_name: 'lan' };
    await h.say(impostor, '/help');
    const out = texts(await h.say(ADMIN, '/wg role @lan admin')).join('\n');
    expect(out).toContain('I do not know @lan yet');
    const person = await h.app.services.identity.findPerson('<@tg:8888>');
    expect(person.role).toBe('member');
  });

  it('a text mention names that account, and the reply says which platform id got the role', async () => {
    const lan = { id: 8889, first_name: 'Lan' };
    await h.say(lan, '/help');
    const out = await withMention('/wg role Lan hotline', 'Lan', lan);
    expect(out).toContain('Lan (telegram 8889) is now a hotline handler');
    expect((await h.app.services.identity.findPerson('<@tg:8889>')).role).toBe('hotline');
    expect((await h.app.services.identity.findPerson('<@tg:8888>')).role).toBe('member');
  });

  it('the guided /blocker add stores a title with every kind of quote as typed', async () => {
    const title = `Đề án “06” và 'dịch vụ công' "số" ‘x’ «y» owner:MOF`;
    await h.say(ADMIN, '/blocker add');
    await h.say(ADMIN, title);
    await h.say(ADMIN, 'Bo Tai chinh');
    await h.say(ADMIN, '-');
    await h.say(ADMIN, '-');
    const b = await newest(h.app);
    expect(b?.title).toBe(title);
    expect(b?.ownerUnitId).not.toBeNull();
  });

  it('two people with one username are an error listing both with their ids', async () => {
    // A username can move between accounts; the bot may have seen it on both.
    await h.say({ id: 9001, first_name: 'Minh', username: 'minh_x' }, '/help');
    await h.app.services.identity.resolve({ platform: 'console', id: 'minh_x', name: 'Minh C' });
    const out = texts(await h.say(ADMIN, '/wg role @minh_x admin')).join('\n');
    expect(out).toContain('@minh_x matches more than one person');
    expect(out).toContain('telegram 9001');
    expect(out).toContain('console minh_x');
  });
});

/**
 * A form button (Reject on an extension request) asks the dispatcher first whether the person may
 * do what the form is for: a member is refused before any form or question, with the same line
 * on every platform.
 */
describe('a form button is checked before its form opens, the same on Slack and Telegram', () => {
  const REFUSAL = 'Error: not allowed: your role may not decide extension requests.';

  it('Slack: a member pressing Reject gets the refusal, and no form opens', async () => {
    const h = await startSlack({ clock: new TestClock(new Date()) });
    try {
      for (const [user, command, text] of [
        [USERS.admin, '/unit', SETUP[0]?.replace(/^\/unit /, '') ?? ''],
        [USERS.member, '/blocker', 'add Budget line missing owner:MOF due:+10d'],
      ] as const)
        await answered(h, (await h.slash(user, command, text)).rid);
      const asked = await h.slash(USERS.member, '/blocker', 'due B-1 +30d waiting for the decree');
      expect(seen((await answered(h, asked.rid)).body)).toContain('Extension X-1 requested');
      const since = h.fake.calls.length;
      const rid = await press(h, USERS.member2, { action_id: 'extension.reject', value: 'X-1' });
      const refused = await answered(h, rid);
      expect(refused.body.response_type).toBe('ephemeral');
      expect(seen(refused.body).replace(/\*/g, '')).toBe(REFUSAL);
      expect(h.fake.calls.slice(since).some((c) => c.method === 'views.open')).toBe(false);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('Telegram: a member pressing Reject gets the refusal as an alert, and no question is asked', async () => {
    const h = await startTelegram();
    try {
      await h.say(ADMIN, SETUP[0] ?? '');
      await h.say(LAN, '/blocker add Budget line missing owner:MOF due:+10d');
      const asked = await h.say(LAN, '/blocker due B-1 +30d waiting for the decree');
      const [request] = asked.sent;
      expect(request?.text).toMatch(/^Extension X-1 requested/);
      const pressed = await h.press(LAN, request?.result as Message, 'extension.reject|X-1');
      expect(answerOf(pressed)).toMatchObject({ show_alert: true, text: REFUSAL });
      expect(pressed.sent).toEqual([]);
    } finally {
      await h.close();
    }
  }, 60_000);
});
