import { describe, expect, it } from 'vitest';
import { DB_KINDS, standardUnits, useWorld, type World } from './harness.ts';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** Units, a member of MIC, and B-1 (MIC, due 18/03/2026 17:00 local). */
async function scene(w: World) {
  await standardUnits(w);
  const ana = await w.person('ana', 'member', 'MIC');
  await w.setup('/blocker add Data exchange platform not connected owner:MIC due:+14d');
  return { ana };
}

describe.each(DB_KINDS)('deadlines and extensions on %s', (kind) => {
  const w = useWorld(kind);

  it('an admin sets the deadline; the original is kept with how often and how far it slipped', async () => {
    await scene(w);
    expect(await w.say(w.admin, '/blocker due B-1 +30d waiting for decree')).toMatch(
      /^Deadline of B-1 set to 03\/04\/2026\n[\s\S]*Original deadline: 18\/03\/2026 \(moved 1×, 16 days later in all\)/,
    );
    await w.setup('/blocker due B-1 "2026-04-10 09:30" second slip');
    let b = await w.blocker(1);
    expect([iso(b.originalDeadline), iso(b.deadline), b.slipCount, b.slipDays]).toEqual([
      '2026-03-18T10:00:00.000Z',
      '2026-04-10T02:30:00.000Z',
      2,
      23,
    ]);
    // Earlier is not a slip; the original stays.
    expect(await w.say(w.admin, '/blocker due B-1 25/03/2026')).toMatch(
      /^Deadline of B-1 set to 25\/03\/2026/,
    );
    b = await w.blocker(1);
    expect([iso(b.originalDeadline), b.slipCount, b.slipDays]).toEqual(['2026-03-18T10:00:00.000Z', 2, 23]);
    expect(await w.say(w.admin, '/blocker due B-1 01/03/2026')).toMatch(
      /^Error: 01\/03\/2026 is in the past/,
    );
    expect((await w.history('blocker', 'B-1')).map((h) => h.action)).toEqual(['add', 'due', 'due', 'due']);
  });

  it('a member files an extension request X-n and nothing moves until an admin decides', async () => {
    const { ana } = await scene(w);
    const out = await w.say(ana, '/blocker due B-1 20/04/2026 decree not yet signed');
    expect(out).toMatch(/^Extension X-1 requested: B-1 to 20\/04\/2026\n/);
    expect(out).toContain('/extension approve X-1');
    const b = await w.blocker(1);
    expect([iso(b.deadline), b.slipCount]).toEqual(['2026-03-18T10:00:00.000Z', 0]);
    expect(await w.say(w.admin, '/blocker show B-1')).toContain('Deadline: 18/03/2026');

    const list = await w.say(w.admin, '/extension list');
    expect(list).toMatch(
      /^Pending extension requests \(1\)\n• X-1 {2}B-1: 18\/03\/2026 → 20\/04\/2026\n {2}pending · ana · decree not yet signed/,
    );

    // A member may not decide, not even their own request; nothing changes.
    expect(await w.say(ana, '/extension approve X-1')).toBe(
      'Error: not allowed: your role may not decide extension requests.',
    );
    expect(iso((await w.blocker(1)).deadline)).toBe('2026-03-18T10:00:00.000Z');
    expect((await w.app.services.extensions.list(await w.actor(w.admin)))[0]?.status).toBe('pending');
  });

  it("a first deadline on another unit's item is only requested by a member", async () => {
    const { ana } = await scene(w);
    await w.say(ana, '/blocker add Server room flooded owner:HUE');
    expect(await w.say(ana, '/blocker due B-2 fri')).toMatch(/^Extension X-1 requested: B-2 to 06\/03\/2026/);
    expect((await w.blocker(2)).deadline).toBeNull();
    expect(await w.say(w.admin, '/extension list')).toContain('X-1  B-2: — → 06/03/2026');
    await w.setup('/extension approve X-1');
    const b = await w.blocker(2);
    expect([iso(b.deadline), iso(b.originalDeadline), b.slipCount]).toEqual([
      '2026-03-06T10:00:00.000Z',
      '2026-03-06T10:00:00.000Z',
      0,
    ]);
  });

  it('approve moves the deadline, keeps both dates and tells the requester', async () => {
    const { ana } = await scene(w);
    const anaId = (await w.actor(ana)).person.id;
    await w.say(ana, '/blocker due B-1 20/04/2026 decree not yet signed');
    expect(await w.say(w.admin, '/extension approve X-1 last time')).toBe(
      'X-1 approved: B-1 now due 20/04/2026 (was 18/03/2026)\nlast time',
    );
    const b = await w.blocker(1);
    expect([iso(b.originalDeadline), iso(b.deadline), b.slipCount, b.slipDays]).toEqual([
      '2026-03-18T10:00:00.000Z',
      '2026-04-20T10:00:00.000Z',
      1,
      33,
    ]);
    expect(w.sent).toEqual([
      expect.objectContaining({
        to: 'person',
        personId: anaId,
        notice: expect.objectContaining({
          kind: 'notice.extension_approved',
          params: expect.objectContaining({ id: 'X-1', target: 'B-1' }),
        }),
      }),
    ]);
    const show = await w.say(w.admin, '/blocker show B-1');
    expect(show).toContain('ana (via slack) · extension requested X-1 → 20/04/2026: decree not yet signed');
    expect(show).toContain('root (via console) · deadline changed 18/03/2026 → 20/04/2026: X-1 approved');
    expect(await w.say(w.admin, '/extension approve X-1')).toMatch(/^Error: X-1 was already approved\./);
    expect(await w.say(w.admin, '/extension reject X-1 changed my mind')).toMatch(
      /^Error: X-1 was already approved\./,
    );
    expect(await w.say(w.admin, '/extension list')).toMatch(
      /^Pending extension requests \(0\)\nNo extension requests\./,
    );
    expect(await w.say(w.admin, '/extension list all')).toMatch(
      /^All extension requests \(1\)\n• X-1 .*\n {2}approved · ana/,
    );
    const x = (await w.history('extension', 'X-1')).map((h) => [h.action, h.actorName]);
    expect(x).toEqual([
      ['request', 'ana'],
      ['approved', 'root'],
    ]);
  });

  it('reject needs a reason, keeps the deadline and tells the requester why', async () => {
    const { ana } = await scene(w);
    const anaId = (await w.actor(ana)).person.id;
    await w.say(ana, '/blocker due B-1 20/04/2026');
    expect(await w.say(w.admin, '/extension reject X-1')).toMatch(
      /^Error: say why the extension is rejected\.\nUsage: \/extension reject X-n <reason>/,
    );
    expect(w.sent).toEqual([]);
    expect(await w.say(w.admin, '/extension reject X-1 no retreat')).toBe(
      'X-1 rejected: B-1 stays due 18/03/2026\nno retreat',
    );
    const b = await w.blocker(1);
    expect([iso(b.deadline), b.slipCount]).toEqual(['2026-03-18T10:00:00.000Z', 0]);
    expect(w.sent).toEqual([
      expect.objectContaining({
        to: 'person',
        personId: anaId,
        notice: expect.objectContaining({
          kind: 'notice.extension_rejected',
          params: expect.objectContaining({ note: 'no retreat' }),
        }),
      }),
    ]);
    expect(await w.say(w.admin, '/blocker show B-1')).toContain(
      'root (via console) · extension rejected X-1: no retreat',
    );
  });

  it('refuses deadline changes on closed blockers and unknown requests', async () => {
    const { ana } = await scene(w);
    await w.setup('/blocker resolve B-1 done');
    expect(await w.say(w.admin, '/blocker due B-1 +3d')).toMatch(/^Error: B-1 is closed; reopen it first\./);
    expect(await w.say(ana, '/blocker due B-1 +3d')).toMatch(/^Error: B-1 is closed; reopen it first\./);
    expect(await w.say(w.admin, '/extension approve X-7')).toMatch(
      /^Error: there is no extension request X-7\./,
    );
    expect(await w.say(w.admin, '/extension approve B-1')).toMatch(
      /^Error: "B-1" is not a valid extension request id; ids look like X-12\./,
    );
    expect(await w.say(w.admin, '/extension approve')).toMatch(
      /^Error: missing the extension request id \(like X-12\)\./,
    );
  });
});
