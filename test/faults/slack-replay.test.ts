import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommandBody } from '../fakes/slack-sign.ts';
import { type Harness, postSigned, SECRET, startHarness, USERS, WG } from '../slack/harness.ts';
import { tally } from './bot-process.ts';

/** Blockers titled exactly `title`, from the records. */
async function titled(h: Harness, title: string): Promise<number> {
  // Every blocker, not one page of `/blocker list all`.
  const admin = await h.app.services.identity.resolve(
    { platform: 'console', id: 'tester', name: 'tester' },
    { asAdmin: true },
  );
  const all = await h.app.services.queries.list(admin, { scope: 'all' });
  return all.filter((b) => b.title === title).length;
}

describe('a replayed or forward-dated signed Slack request (the attack)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const body = (title: string) =>
    slashCommandBody({
      command: '/blocker',
      text: `add ${title}`,
      user_id: USERS.member.id,
      user_name: USERS.member.name,
      channel_id: WG,
      response_url: h.responseUrl().url,
    });

  it('answers the same signed /blocker add posted three times alike, and logs one blocker', async () => {
    const captured = body('Replayed payment gateway');
    const ts = Math.floor(Date.now() / 1000);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await postSigned(h.url, SECRET, captured, ts));
    expect(answers).toEqual([
      { status: 200, body: '' },
      { status: 200, body: '' },
      { status: 200, body: '' },
    ]);
    await h.logs.waitFor((l) => l.msg === 'slack: request seen before; acknowledged, nothing done');
    await h.fake.waitFor(
      (c) => c.method === 'response_url' && JSON.stringify(c.body).includes('Replayed payment gateway'),
    );
    // The two replays were refused before anything ran: wait for the one command to be done.
    const stored = await titled(h, 'Replayed payment gateway');
    tally(1, stored, 1 - Math.min(stored, 1), Math.max(0, stored - 1));
    expect(stored).toBe(1);
    expect(
      h.logs.lines.filter((l) => l.msg === 'slack: request seen before; acknowledged, nothing done'),
    ).toHaveLength(2);
  });

  it('refuses a request signed an hour in the future (401) and stores nothing', async () => {
    const future = Math.floor(Date.now() / 1000) + 3600;
    const res = await postSigned(h.url, SECRET, body('Forward dated'), future);
    expect(res.status).toBe(401);
    expect(res.body).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/work\//);
    // A correctly timed request after it still works, and the forward-dated one left nothing.
    const ok = await postSigned(h.url, SECRET, body('Timed right'));
    expect(ok.status).toBe(200);
    await h.fake.waitFor(
      (c) => c.method === 'response_url' && JSON.stringify(c.body).includes('Timed right'),
    );
    expect(await titled(h, 'Forward dated')).toBe(0);
    expect(await titled(h, 'Timed right')).toBe(1);
  });
});
