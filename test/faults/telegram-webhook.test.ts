import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox } from '../../src/store/schema.ts';
import { ADMIN, blockersTitled, type Harness, startHarness } from '../telegram/harness.ts';
import { tally } from './bot-process.ts';

const SECRET = 'webhook-secret-0123456789';
/** What must never reach an outsider: a stack frame, a file path, a module directory. */
const LEAK = /\bat .+[:(]\d+|\/work\/|node_modules|\.ts\b|Error:|SyntaxError/;

describe('POST /telegram/webhook from outsiders (the attack)', () => {
  let h: Harness;
  let url: string;
  beforeAll(async () => {
    h = await startHarness({ webhook: { secret: SECRET } });
    const set = h.fake.calls.find((c) => c.method === 'setWebhook');
    url = String(set?.body.url);
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  };
  const secret = { 'x-telegram-bot-api-secret-token': SECRET };

  it('refuses a wrong or missing secret with 401 before reading the body, with no stack or path', async () => {
    const tries: Record<string, string>[] = [{}, { 'x-telegram-bot-api-secret-token': 'guess' }];
    for (const headers of tries) {
      for (const body of ['{"update_id": 1, "message": {', 'not json at all', '']) {
        const res = await post(body, headers);
        expect(res).toMatchObject({ status: 401, body: 'unauthorized' });
        expect(res.body).not.toMatch(LEAK);
      }
    }
  });

  it('answers a malformed body with the right secret 400 in one plain line, no stack', async () => {
    for (const body of ['{"update_id": 1, "message": {', 'null', '[1,2]', '{"no":"update_id"}']) {
      const res = await post(body, secret);
      expect(res.status).toBe(400);
      expect(res.type).toMatch(/^text\/plain/);
      expect(res.body).toBe('not a Telegram update');
      expect(res.body).not.toMatch(LEAK);
    }
    const huge = await post(`{"update_id": 5, "x": "${'a'.repeat(2 * 1024 * 1024)}"}`, secret);
    expect(huge.status).toBe(413);
    expect(huge.body).not.toMatch(LEAK);
  });

  it('writes a good update to the inbox before answering 200, and handles a redelivery once', async () => {
    const message = h.fake.message({ from: ADMIN, text: '/blocker add Webhook inbox check' });
    const update = JSON.stringify({ update_id: 990001, message });
    const first = await post(update, secret);
    const again = await post(update, secret);
    expect([first.status, again.status]).toEqual([200, 200]);
    const rows = await h.app.database.db
      .select({ key: inbox.key, doneAt: inbox.doneAt })
      .from(inbox)
      .where(eq(inbox.platform, 'telegram'));
    const stored = await blockersTitled(h, 'Webhook inbox check');
    tally(1, stored, 1 - Math.min(stored, 1), Math.max(0, stored - 1));
    expect(stored).toBe(1);
    const row = rows.filter((r) => r.key.endsWith(':990001'));
    expect(row).toHaveLength(1);
    expect(row[0]?.doneAt).toBeInstanceOf(Date);
  });
});
