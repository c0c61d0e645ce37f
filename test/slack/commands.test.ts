import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { blockersRepo } from '../../src/store/blockers-repo.ts';
import { slashCommandBody } from '../fakes/slack-sign.ts';
import { freshPgDatabase } from '../support/app.ts';
import {
  answered,
  buttons,
  type Harness,
  posted,
  postSigned,
  press,
  SECRET,
  seen,
  startHarness,
  USERS,
  WG,
} from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const unit = await h.slash(
    USERS.admin,
    '/unit',
    'add MOF "Ministry of Finance" block:government kind:ministry',
  );
  expect(unit.status).toBe(200);
  await posted(h, 'Unit MOF added');
});
afterAll(() => h?.close());

/** Every blocker, as an admin sees them. */
async function blockers() {
  const admin = await h.app.services.identity.resolve({ platform: 'slack', id: USERS.admin.id, name: 'An' });
  return h.app.services.queries.list(admin, { scope: 'all' });
}

describe('Slack slash commands, end to end over HTTP', () => {
  it('acks a member’s /blocker add at once and announces the blocker card in the channel', async () => {
    const res = await h.slash(
      USERS.member,
      '/blocker',
      'add Data exchange not connected owner:MOF due:+14d prio:high',
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const call = await posted(h, 'Data exchange not connected');
    const text = seen(call.body);
    expect(text).toMatch(/\*Logged B-\d+: Data exchange not connected\*/);
    expect(text).toContain('*Owner*\nMOF');
    expect(text).toMatch(/\*Deadline\*\n<!date\^\d+\^\{date_short_pretty\} \{time\}\|\d\d\/\d\d\/\d{4}>/);
    expect(text).toContain('high priority');
    expect(text).toContain(`by <@${USERS.member.id}>`);
    const id = /Logged (B-\d+)/.exec(text)?.[1] ?? '';
    expect(buttons(call.body)).toEqual([
      { action_id: 'blocker.start', value: id },
      { action_id: 'blocker.resolve', value: id },
      { action_id: 'blocker.extend', value: id },
    ]);
    // The person was made from users.info: full name and time zone.
    const me = await h.app.services.identity.findPerson(`<@${USERS.member.id}>`);
    expect(me).toMatchObject({ name: 'Phạm Minh Châu', tz: 'Asia/Bangkok', role: 'member' });
  });

  it('asks users.info once per person, not for every command', async () => {
    await h.slash(USERS.member, '/blocker', 'list mine');
    const second = await h.slash(USERS.member, '/blocker', 'list open');
    await answered(h, second.rid);
    const lookups = h.fake.calls.filter((c) => c.method === 'users.info' && c.body.user === USERS.member.id);
    expect(lookups).toHaveLength(1);
  });

  it('resolves a new person once per command, and hands the change the request’s inbox claim', async () => {
    const fresh = { id: 'U0FRESH01', name: 'hoa', real_name: 'Vũ Thị Hoa', tz: 'Asia/Ho_Chi_Minh' };
    h.fake.addUser(fresh);
    const resolve = vi.spyOn(h.app.services.identity, 'resolve');
    const add = vi.spyOn(h.app.services.blockers, 'add');
    try {
      const res = await h.slash(fresh, '/blocker', 'add Claimed item owner:MOF');
      expect(seen((await answered(h, res.rid)).body)).toContain('Claimed item');
      expect(resolve.mock.calls.filter(([who]) => who.id === fresh.id)).toHaveLength(1);
      expect(add.mock.calls[0]?.[0].claim).toEqual({ id: expect.any(Number), attempt: expect.any(Number) });
    } finally {
      resolve.mockRestore();
      add.mockRestore();
    }
  });

  it('answers a list only to the person who asked (response_url, ephemeral)', async () => {
    const res = await h.slash(USERS.member, '/blocker', 'list open');
    const call = await answered(h, res.rid);
    expect(call.body).toMatchObject({ response_type: 'ephemeral' });
    expect(seen(call.body)).toMatch(/\*Blockers: open \(\d+\)\*/);
    expect(seen(call.body)).toContain('Data exchange not connected');
  });

  it('takes Slack mentions: an admin makes a colleague lead; the lead may escalate, a member may not', async () => {
    const lead = await h.slash(USERS.admin, '/unit', `lead MOF <@${USERS.lead.id}|binh>`);
    expect(lead.status).toBe(200);
    await posted(h, 'Lê Thị Bình (slack U0LEAD001) now leads MOF');
    const [b] = (await blockers()).filter((x) => x.title === 'Data exchange not connected');
    const id = `B-${b?.id}`;

    const refused = await h.slash(USERS.member2, '/blocker', `escalate ${id}`);
    const answer = await answered(h, refused.rid);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(seen(answer.body)).toContain('Error: not allowed: your role may not escalate this blocker.');

    await h.slash(USERS.lead, '/blocker', `escalate ${id} Ministry has not answered`);
    const done = await posted(h, `${id} escalated`);
    expect(seen(done.body)).toContain(`by <@${USERS.lead.id}>`);
    expect((await blockers()).find((x) => x.id === b?.id)?.escalated).toBe(true);
  });

  it('refuses a member an admin action with an ephemeral error and changes nothing', async () => {
    const before = await h.app.services.units.count();
    const res = await h.slash(
      USERS.member,
      '/unit',
      'add MIC "Ministry of Information" block:government kind:ministry',
    );
    const call = await answered(h, res.rid);
    expect(call.body.response_type).toBe('ephemeral');
    expect(seen(call.body)).toBe('*Error: not allowed: your role may not add units.*');
    expect(await h.app.services.units.count()).toBe(before);
    expect(h.fake.messages(WG).some((m) => seen(m.body).includes('MIC'))).toBe(false);
  });

  it('shows a bad command as one line with its usage, only to the person', async () => {
    const res = await h.slash(USERS.member, '/blocker', 'add Broken owner:XYZ');
    const call = await answered(h, res.rid);
    expect(call.body.response_type).toBe('ephemeral');
    expect(seen(call.body)).toContain('*Error: unknown unit XYZ (see /unit list).*');
    expect(seen(call.body)).toContain('Usage: `/blocker add &lt;title (≤300 characters)&gt; [owner:UNIT]');
  });

  it('escapes mention injection: <!channel> and <@U…> in a title are shown, never fired', async () => {
    // Typed "@channel" arrives as <!channel>; typed "<!here>" and "<@U…>" arrive entity-escaped.
    const res = await h.slash(
      USERS.member,
      '/blocker',
      `add Outage <!channel> &lt;!here&gt; &lt;@${USERS.admin.id}&gt; R&amp;D owner:MOF`,
    );
    expect(res.status).toBe(200);
    const call = await posted(h, 'Outage');
    const json = JSON.stringify(call.body);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<!here>');
    expect(json).not.toContain(`<@${USERS.admin.id}>`);
    expect(seen(call.body)).toContain(`Outage @channel &lt;!here&gt; &lt;@${USERS.admin.id}&gt; R&amp;D`);
    const stored = (await blockers()).find((b) => b.title.startsWith('Outage'));
    expect(stored?.title).toBe(`Outage @channel <!here> <@${USERS.admin.id}> R&D`);
  });

  it('posts the answer in the channel when its response_url no longer works', async () => {
    const { rid, url } = h.responseUrl();
    // Slack honours a response_url five times: these use it up.
    for (let i = 0; i < 5; i++) await fetch(url, { method: 'POST', body: '{"text":"earlier"}' });
    const body = slashCommandBody({
      command: '/blocker',
      text: 'add Used url item owner:MOF',
      user_id: USERS.member.id,
      user_name: USERS.member.name,
      channel_id: WG,
      response_url: url,
    });
    expect((await postSigned(h.url, SECRET, body)).status).toBe(200);
    const call = await posted(h, 'Used url item');
    expect(call.method).toBe('chat.postMessage');
    expect(h.fake.calls.filter((c) => c.method === 'response_url' && c.id === rid).at(-1)?.status).toBe(404);
  });

  it('answers through response_url in_channel where the bot is not a member', async () => {
    const res = await h.slash(USERS.member, '/blocker', 'add Private channel item owner:MOF', {
      channel: 'C0PRIVATE1',
    });
    const call = await answered(h, res.rid);
    expect(call.body).toMatchObject({ response_type: 'in_channel' });
    expect(seen(call.body)).toContain('Private channel item');
    // The answer needed no chat.postMessage (which the bot, not being a member, could not make).
    expect(h.fake.calls.some((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0PRIVATE1')).toBe(
      false,
    );
  });

  it('acks 20 concurrent slash commands and records each exactly once', async () => {
    const who = [USERS.member, USERS.member2, USERS.lead, USERS.admin];
    const titles = Array.from({ length: 20 }, (_, i) => `Concurrent item ${String(i + 1).padStart(2, '0')}`);
    const acked = h.acks.length;
    const results = await Promise.all(
      titles.map((title, i) =>
        h.slash(who[i % who.length] ?? USERS.member, '/blocker', `add ${title} owner:MOF`),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(titles.map(() => 200));
    // Slack's clock starts when the request reaches us: each ack went out well inside its 3 seconds.
    const ackMs = h.acks.slice(acked);
    expect(ackMs).toHaveLength(20);
    expect(Math.max(...ackMs)).toBeLessThan(1000);
    await Promise.all(titles.map((t) => posted(h, `: ${t}*`, WG, 15_000)));
    const stored = (await blockers()).filter((b) => b.title.startsWith('Concurrent item'));
    expect(stored.map((b) => b.title).sort()).toEqual(titles);
    expect(new Set(stored.map((b) => b.id)).size).toBe(20);
    const announcements = h.fake.messages(WG).filter((m) => /Concurrent item/.test(seen(m.body)));
    expect(announcements).toHaveLength(20);
  });

  it('pages a long list: the page buttons run the command again as the person who clicks', async () => {
    const res = await h.slash(USERS.member, '/blocker', 'list all');
    const first = await answered(h, res.rid);
    expect(seen(first.body)).toContain('*B-10*');
    expect(seen(first.body)).not.toContain('*B-11*');
    const pager = (first.body.blocks as Array<{ type: string; block_id?: string }>).find((b) =>
      b.block_id?.startsWith('pager|'),
    );
    expect(pager?.block_id).toBe('pager|/blocker list all');
    expect(buttons(first.body)).toEqual([{ action_id: 'page.next', value: '2' }]);
    const matching = vi.spyOn(blockersRepo, 'matching');
    const rid = await press(h, USERS.member2, {
      action_id: 'page.next',
      value: '2',
      block_id: pager?.block_id ?? '',
    });
    const second = await answered(h, rid);
    // The click ran the list again for page 2 only: one page asked of the database.
    expect(matching.mock.calls.map((c) => c[3])).toEqual([{ limit: 10, offset: 10 }]);
    matching.mockRestore();
    expect(second.body.replace_original).toBe(true);
    expect(seen(second.body)).toContain('*B-11*');
    expect(seen(second.body)).not.toContain('*B-10*');
    expect(buttons(second.body)).toEqual([
      { action_id: 'page.prev', value: '1' },
      { action_id: 'page.next', value: '3' },
    ]);
  });
});

describe('Slack under a crowd (PostgreSQL, as README advises for many users)', () => {
  let crowdHarness: Harness;
  let db: { url: string; drop(): Promise<void> };
  const crowd = Array.from({ length: 30 }, (_, i) => ({
    id: `U0CROWD${String(i).padStart(2, '0')}`,
    name: `crowd${i}`,
    real_name: `Crowd Person ${i}`,
    tz: 'Asia/Ho_Chi_Minh',
  }));
  beforeAll(async () => {
    db = await freshPgDatabase();
    crowdHarness = await startHarness({ databaseUrl: db.url });
    const c = crowdHarness;
    await answered(
      c,
      (await c.slash(USERS.admin, '/unit', 'add MOF "Ministry of Finance" block:government kind:ministry'))
        .rid,
    );
    // People of the working group, who have used the bot before.
    for (const u of crowd) c.fake.addUser(u);
    await Promise.all(
      crowd.map(async (u) => answered(c, (await c.slash(u, '/blocker', 'list mine')).rid, 30_000)),
    );
  }, 90_000);
  afterAll(async () => {
    await crowdHarness?.close();
    await db?.drop();
  });

  it('answers 30 people adding a blocker in one channel at once, each within 3 s (not at 1 a second)', async () => {
    const c = crowdHarness;
    const started = performance.now();
    const left = () => Math.max(1, 3000 - (performance.now() - started));
    const answers = await Promise.all(
      crowd.map(async (u, i) => {
        const res = await c.slash(u, '/blocker', `add Crowd item ${i} owner:MOF`);
        expect(res.status).toBe(200);
        return answered(c, res.rid, left());
      }),
    );
    const ids = answers.map((call, i) => {
      expect(call.body.response_type).toBe('in_channel');
      const text = seen(call.body);
      expect(text).toContain(`by <@${crowd[i]?.id}>`);
      return new RegExp(`Logged (B-\\d+): Crowd item ${i}\\*`).exec(text)?.[1];
    });
    expect(ids.every((id) => id !== undefined)).toBe(true);
    expect(new Set(ids).size).toBe(30);
  });
});

describe('Slack request signing', () => {
  it('refuses a bad signature and a timestamp older than 5 minutes with 401, changing nothing', async () => {
    const before = (await blockers()).length;
    const callsBefore = h.fake.calls.length;
    const body = slashCommandBody({
      command: '/blocker',
      text: 'add Forged owner:MOF',
      user_id: USERS.admin.id,
    });
    expect((await postSigned(h.url, 'not-the-secret', body)).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await postSigned(h.url, SECRET, body, stale)).status).toBe(401);
    // The same body, correctly signed now, is accepted: the refusals were for the signature and the age.
    const ok = await postSigned(
      h.url,
      SECRET,
      slashCommandBody({ command: '/help', user_id: USERS.member.id }),
    );
    expect(ok.status).toBe(200);
    expect((await blockers()).length).toBe(before);
    expect(h.fake.calls.slice(callsBefore).some((c) => JSON.stringify(c.body).includes('Forged'))).toBe(
      false,
    );
  });
});
