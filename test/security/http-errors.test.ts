/**
 * Issue #9, "Errors to outsiders": malformed bodies thrown at our HTTP routes get one plain line,
 * never express's error page with a stack trace and the server's absolute paths (which it shows
 * whenever NODE_ENV is not `production`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../telegram/harness.ts';

const SECRET = 'webhook-secret-for-tests';
let h: Harness;
let base = '';

beforeAll(async () => {
  h = await startHarness({ webhook: { secret: SECRET } });
  // The harness gives the webhook address to the adapter only: read it from what the bot set.
  const set = h.fake.calls.find((c) => c.method === 'setWebhook');
  base = new URL(String(set?.body.url)).origin;
}, 60_000);
afterAll(() => h?.close());

/** Signs of a leaked stack trace or file path. */
const LEAKS = [
  /\bat [\w.<>]+ \(/,
  /node_modules/,
  /\/work\//,
  /[A-Z]:\\/,
  /\.ts:\d+/,
  /SyntaxError/,
  /<pre>/,
];

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('malformed bodies on our routes', () => {
  it.each([
    ['truncated JSON', '{"update_id": 1, "message": {'],
    ['not JSON at all', '<xml>\u0000\u0001</xml>'],
    ['a bare string', '"hello'],
  ])('%s to the Telegram webhook (with its secret) is a plain 400 line', async (_name, body) => {
    const out = await post('/telegram/webhook', body, { 'x-telegram-bot-api-secret-token': SECRET });
    expect(out.status).toBe(400);
    expect(out.type).toMatch(/^text\/plain/);
    // One plain line (the webhook's own words), never a stack or a path.
    expect(out.text.trim().split('\n')).toHaveLength(1);
    for (const leak of LEAKS) expect(out.text).not.toMatch(leak);
  });

  it('a body over the size limit is a plain line too', async () => {
    const out = await post('/telegram/webhook', `{"x":"${'a'.repeat(1_100_000)}"}`, {
      'x-telegram-bot-api-secret-token': SECRET,
    });
    expect(out.status).toBe(413);
    // One plain line (the webhook's own words), never a stack or a path.
    expect(out.text.trim().split('\n')).toHaveLength(1);
    for (const leak of LEAKS) expect(out.text).not.toMatch(leak);
  });

  it('never answers with a stack trace or a path, whatever the route', async () => {
    const answers = await Promise.all([
      post('/telegram/webhook', '{"update_id":', { 'x-telegram-bot-api-secret-token': SECRET }),
      post('/telegram/webhook', '{"update_id":'),
      post('/telegram/webhook', '{"update_id":', { 'x-telegram-bot-api-secret-token': 'wrong' }),
      post('/nowhere', '{"a":'),
      post('/', 'garbage'),
      post('/export/blockers.csv', '{'),
    ]);
    for (const a of answers) {
      for (const leak of LEAKS) expect(a.text, a.text).not.toMatch(leak);
      expect(a.text.split('\n').filter(Boolean).length, a.text).toBeLessThanOrEqual(1);
    }
    const lost = await fetch(`${base}/no/such/page`);
    expect(lost.status).toBe(404);
    expect(await lost.text()).toBe('Not found.\n');
  });
});
