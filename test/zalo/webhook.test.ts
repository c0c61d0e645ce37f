import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox } from '../../src/store/schema.ts';
import { postZaloWebhook, type ZaloUpdate } from '../fakes/zalo.ts';
import { until } from '../queue/support.ts';
import { TestClock, testApp } from '../support/app.ts';
import { ADMIN, type Harness, LAN, startHarness, texts } from './harness.ts';

const SECRET = 'zalo-webhook-secret-0123';

describe('Zalo end to end (webhook)', () => {
  let h: Harness;
  let url: string;
  beforeAll(async () => {
    h = await startHarness({ webhook: { secret: SECRET } });
    url = h.fake.webhook()?.url ?? '';
  });
  afterAll(() => h.close());

  const rows = async () => (await h.app.database.db.select().from(inbox)).length;
  const update = (text: string): ZaloUpdate => ({
    event_name: 'message.text.received',
    message: {
      from: LAN,
      chat: { id: LAN.id, chat_type: 'PRIVATE' },
      message_id: `m${Math.random().toString(16).slice(2)}`,
      date: Date.now(),
      text,
    },
  });

  it('sets the webhook with its secret at start and answers what Zalo posts', async () => {
    expect(h.zalo.mode).toBe('webhook');
    expect(h.fake.webhook()).toEqual({
      url: expect.stringMatching(/\/zalo\/webhook$/),
      secret_token: SECRET,
    });
    const out = await h.say(ADMIN, '/unit add MOF "Ministry of Finance" block:government kind:ministry');
    expect(texts(out)).toEqual([expect.stringMatching(/^Unit MOF added/)]);
  });

  it('takes an update without the {ok, result} envelope too', async () => {
    const before = h.fake.sent().length;
    const res = await postZaloWebhook(url, update('/blocker add Bare update owner:MOF'), SECRET);
    expect(res.status).toBe(200);
    expect(texts({ sent: h.fake.sent().slice(before) })).toEqual([
      expect.stringMatching(/^Logged B-1: Bare update/),
    ]);
  });

  it('refuses a wrong or missing secret with 401 and stores nothing', async () => {
    const before = await rows();
    const sent = h.fake.sent().length;
    for (const secret of ['wrong-secret-0000000000', undefined, `${SECRET}x`]) {
      const res = await postZaloWebhook(url, { ok: true, result: update('/blocker add Intruder') }, secret);
      expect(res).toEqual({ status: 401, body: 'unauthorized' });
    }
    expect(await rows()).toBe(before);
    expect(h.fake.sent()).toHaveLength(sent);
  });

  it('answers 400 to a body that is no update, in one plain line', async () => {
    const res = await postZaloWebhook(url, { hello: 'world' }, SECRET);
    expect(res).toEqual({ status: 400, body: 'not a Zalo update' });
  });

  it('carries out a repeated message_id once', async () => {
    const u = update('/blocker add Posted twice owner:MOF');
    expect((await postZaloWebhook(url, u, SECRET)).status).toBe(200);
    const sent = h.fake.sent().length;
    expect((await postZaloWebhook(url, { ok: true, result: u }, SECRET)).status).toBe(200);
    expect(h.fake.sent()).toHaveLength(sent);
  });
});

describe('Zalo after a restart', () => {
  it('carries out an update a stopped process had stored and not finished, once', async () => {
    const app = await testApp({
      clock: new TestClock(new Date()),
      env: { ADMINS: `zalo:${ADMIN.id}`, ZALO_RATE_PER_CHAT: '1000' },
    });
    const payload: ZaloUpdate = {
      event_name: 'message.text.received',
      message: {
        from: ADMIN,
        chat: { id: ADMIN.id, chat_type: 'PRIVATE' },
        message_id: 'feedbeef00112233',
        date: Date.now(),
        text: '/unit add HUE "Hue City" block:government kind:locality',
      },
    };
    // The process that stored it (owner 424242) is gone.
    await app.database.db.insert(inbox).values({
      platform: 'zalo',
      key: `1459232241454765289:${payload.message.message_id}`,
      kind: 'update',
      payload,
      receivedAt: new Date(),
      owner: 424242,
    });
    const h = await startHarness({ app });
    try {
      const reply = await h.fake.waitFor((c) => c.method === 'sendMessage' && c.response.ok === true);
      expect(reply.body).toMatchObject({ chat_id: ADMIN.id, text: expect.stringMatching(/^Unit HUE added/) });
      expect((await app.services.units.get('HUE')).code).toBe('HUE');
      const done = async () =>
        (await app.database.db.select().from(inbox)).some((r) => r.platform === 'zalo' && r.doneAt !== null);
      await until('the replayed row to be done', done);
      expect(h.fake.sent(ADMIN.id)).toHaveLength(1);
    } finally {
      await h.close();
      await app.close();
    }
  });
});
