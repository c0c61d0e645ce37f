import { describe, expect, it } from 'vitest';
import { DB_KINDS, standardUnits, T0, useWorld } from './harness.ts';

describe.each(DB_KINDS)('blocker lifecycle on %s', (kind) => {
  const w = useWorld(kind);

  it('logs a blocker with its fields, open when it has an owner and new when not', async () => {
    await standardUnits(w);
    const out = await w.say(
      w.admin,
      '/blocker add Data exchange platform not connected owner:MIC due:+14d cat:databases_platforms from:VNPT prio:high',
    );
    expect(out.split('\n')[0]).toBe('Logged B-1: Data exchange platform not connected');
    expect(out).toContain('Status: open');
    expect(out).toContain('Owner: MIC');
    expect(out).toContain('Deadline: 18/03/2026');
    expect(out).toContain('Category: databases and platforms');
    expect(out).toContain('Source: enterprise');
    expect(out).toContain('Reported by: VNPT');
    expect(out).toContain('Priority: high priority');

    expect(await w.say(w.admin, '/blocker add Land clearance slow')).toMatch(
      /^Logged B-2: Land clearance slow\nStatus: new/,
    );
    const b1 = await w.blocker(1);
    expect(b1.deadline?.toISOString()).toBe('2026-03-18T10:00:00.000Z'); // 17:00 in Ho Chi Minh City
    expect(b1.originalDeadline?.toISOString()).toBe(b1.deadline?.toISOString());
    expect(b1.source).toBe('enterprise');
  });

  it('follows the status rules: assign, start, resolve, reopen, drop', async () => {
    await standardUnits(w);
    await w.setup('/blocker add Land clearance slow');
    const say = (text: string) => w.say(w.admin, text);

    expect(await say('/blocker start B-1')).toMatch(/^Error: cannot start B-1: it is new/);
    expect(await say('/blocker assign B-1 mic')).toMatch(/^B-1 is now owned by MIC\nStatus: open/);
    expect(await say('/blocker start B-1')).toMatch(
      /^B-1 is in progress: Land clearance slow\nStatus: in progress/,
    );
    expect(await say('/blocker start B-1')).toMatch(/^Error: B-1 is already in progress\./);
    expect(await say('/blocker reopen B-1')).toMatch(/^Error: cannot reopen B-1: it is in progress/);
    expect(await say('/blocker resolve B-1 land handed over')).toMatch(
      /^B-1 resolved: Land clearance slow\nStatus: resolved/,
    );
    expect((await w.blocker(1)).resolvedAt?.toISOString()).toBe(new Date(T0).toISOString());
    expect(await say('/blocker resolve B-1')).toMatch(/^Error: B-1 is already resolved\./);
    expect(await say('/blocker assign B-1 MOF')).toMatch(/^Error: cannot assign B-1: it is resolved/);
    expect(await say('/blocker reopen B-1')).toMatch(/^B-1 reopened: Land clearance slow\nStatus: open/);
    expect((await w.blocker(1)).resolvedAt).toBeNull();
    expect(await say('/blocker drop B-1')).toMatch(
      /^Error: say why the blocker is dropped\.\nUsage: \/blocker drop B-n <reason>/,
    );
    expect(await say('/blocker drop B-1 duplicate of a ministry task')).toMatch(
      /^B-1 dropped: .*\nStatus: dropped/,
    );
    expect(await say('/blocker drop B-1 again')).toMatch(/^Error: B-1 is already dropped\./);
    expect(await say('/blocker start B-1')).toMatch(/^Error: cannot start B-1: it is dropped/);
    expect(await say('/blocker reopen B-1')).toMatch(/Status: open/);

    const actions = (await w.history('blocker', 'B-1')).map((h) => h.action);
    expect(actions).toEqual(['add', 'assign', 'start', 'resolve', 'reopen', 'drop', 'reopen']);
  });

  it('writes a history row for every change, with actor, platform, time and what changed', async () => {
    await standardUnits(w);
    const ana = await w.person('ana', 'member', 'MIC');
    await w.setup('/blocker add Payment gateway contract unsigned owner:MOF due:20/12/2099');
    w.clock.set('2026-03-05T09:00:00+07:00');
    expect(await w.say(ana, '/blocker note B-1 Called MOF: contract at legal review')).toMatch(
      /^Note added to B-1/,
    );
    w.clock.set('2026-03-06T11:30:00+07:00');
    await w.setup(
      '/blocker assign B-1 MIC <@UANA>',
      '/blocker due B-1 31/12/2099 decree delayed',
      '/blocker escalate B-1 no answer',
    );

    const rows = await w.history('blocker', 'B-1');
    expect(rows.map((r) => [r.action, r.actorName, r.platform, r.at.toISOString()])).toEqual([
      ['add', 'root', 'console', '2026-03-04T03:00:00.000Z'],
      ['note', 'ana', 'slack', '2026-03-05T02:00:00.000Z'],
      ['assign', 'root', 'console', '2026-03-06T04:30:00.000Z'],
      ['due', 'root', 'console', '2026-03-06T04:30:00.000Z'],
      ['escalate', 'root', 'console', '2026-03-06T04:30:00.000Z'],
    ]);
    expect(rows[1]?.changes).toEqual({ text: 'Called MOF: contract at legal review' });
    expect(rows[3]?.changes).toMatchObject({
      deadline: { from: '2099-12-20T10:00:00.000Z', to: '2099-12-31T10:00:00.000Z' },
      reason: 'decree delayed',
      slipDays: 11,
    });
    const show = await w.say(w.admin, '/blocker show B-1');
    expect(show).toContain('05/03/2026 09:00 · ana (via slack) · note: Called MOF: contract at legal review');
    expect(show).toContain(
      '06/03/2026 11:30 · root (via console) · deadline changed 20/12/2099 → 31/12/2099: decree delayed',
    );
    expect(show).toContain('Owner: MIC · ana');
    expect(show).toContain('Escalated: yes');
    expect(w.sent).toContainEqual(
      expect.objectContaining({
        to: 'feed',
        feed: 'alerts',
        notice: expect.objectContaining({ kind: 'notice.escalated' }),
      }),
    );
  });

  it('changes nothing and writes no history when a command is refused', async () => {
    await standardUnits(w);
    await w.setup('/blocker add Data exchange platform not connected owner:MIC due:+14d');
    const before = await w.historyCount();
    const refused = [
      ['/blocker add Broken owner:XYZ due:+1d', /^Error: unknown unit XYZ/],
      ['/blocker add Broken owner:MIC due:30/02/2099', /^Error: there is no such date: 30\/02\/2099\./],
      ['/blocker add Broken owner:MIC due:yesterday', /^Error: "yesterday" is not a date/],
      ['/blocker add Broken owner:MIC due:03/03/2026', /^Error: 03\/03\/2026 is in the past/],
      ['/blocker add Broken ownr:MIC', /^Error: unknown option ownr: — did you mean owner:\?/],
      [
        '/blocker add Broken cat:roads',
        /^Error: "roads" is not a valid category; choose one of: data_strategy/,
      ],
      [
        '/blocker add Broken prio:urgent',
        /^Error: "urgent" is not a valid priority; choose one of: low, normal, high, critical/,
      ],
      ['/blocker add owner:MIC', /^Error: give the blocker a title\./],
      ['/blocker add Broken to:@nobody', /^Error: I do not know @nobody yet/],
      ['/blocker assign B-1 XYZ', /^Error: unknown unit XYZ/],
      ['/blocker assign B-9 MIC', /^Error: there is no blocker B-9\./],
      ['/blocker assign X-1 MIC', /^Error: "X-1" is not a valid blocker id; ids look like B-12\./],
      ['/blocker due B-1 31/04/2026', /^Error: there is no such date: 31\/04\/2026\./],
      ['/blocker due B-1', /^Error: missing DATE\./],
      ['/blocker note B-1', /^Error: write the note after the id\./],
      ['/blocker start B-1 now please', /^Error: too many words/],
      ['/blocker frobnicate B-1', /^Error: unknown subcommand "frobnicate"/],
    ] as const;
    for (const [text, expected] of refused) {
      const out = await w.say(w.admin, text);
      expect(out, text).toMatch(expected);
      expect(out.split('\n')[1], text).toMatch(/^Usage: \/blocker /);
      expect(out, text).not.toMatch(/\n\s+at /);
    }
    expect(await w.historyCount()).toBe(before);
    const b = await w.blocker(1);
    expect([b.status, b.deadline?.toISOString()]).toEqual(['open', '2026-03-18T10:00:00.000Z']);
    expect(await w.say(w.admin, '/blocker list all')).toMatch(/^Blockers: all \(1\)/);
  });

  it('lists overdue first and filters by scope, unit, block and category', async () => {
    await standardUnits(w);
    await w.setup(
      '/blocker add Late one owner:MIC due:+1d cat:infrastructure',
      '/blocker add Later one owner:MOF due:+10d',
      '/blocker add Party one owner:CPO due:+2d',
      '/blocker add Untriaged one',
    );
    w.clock.set('2026-03-07T09:00:00+07:00'); // B-1 and B-3 are now overdue
    const list = await w.say(w.admin, '/blocker list');
    expect(list.split('\n').filter((l) => l.startsWith('•'))).toEqual([
      '• B-1  Late one',
      '• B-3  Party one',
      '• B-2  Later one',
      '• B-4  Untriaged one',
    ]);
    expect(list).toContain('due: overdue since 05/03/2026');
    expect(await w.say(w.admin, '/blocker list overdue')).toMatch(/^Blockers: overdue \(2\)/);
    expect(await w.say(w.admin, '/blocker list new')).toMatch(/^Blockers: new \(1\)\n• B-4/);
    expect(await w.say(w.admin, '/blocker list open block:party')).toMatch(/^Blockers: open \(1\)\n• B-3/);
    expect(await w.say(w.admin, '/blocker list all unit:mof')).toMatch(/^Blockers: all \(1\)\n• B-2/);
    expect(await w.say(w.admin, '/blocker list cat:infrastructure')).toMatch(/^Blockers: open \(1\)\n• B-1/);
    await w.setup('/blocker resolve B-1');
    expect(await w.say(w.admin, '/blocker list resolved')).toMatch(/^Blockers: resolved \(1\)\n• B-1/);
    expect(await w.say(w.admin, '/blocker list overdue')).toMatch(/^Blockers: overdue \(1\)\n• B-3/);
    expect(await w.say(w.admin, '/blocker list soon')).toMatch(
      /^Error: "soon" is not a valid list filter; choose one of: open, overdue/,
    );
  });

  it('gives a blocker sent to a person that person’s unit, and records who became an admin', async () => {
    await standardUnits(w);
    const ana = await w.person('ana', 'member', 'HUE');
    expect(await w.say(w.admin, '/blocker add Land records missing to:<@UANA>')).toMatch(
      /^Logged B-1: Land records missing\nStatus: open\nOwner: HUE · ana\n/,
    );
    const anaId = (await w.actor(ana)).person.id;
    await w.app.services.identity.resolve(ana, { asAdmin: true });
    const rows = await w.history('person', String(anaId));
    expect(rows.map((r) => [r.action, r.changes])).toEqual([
      ['first_contact', expect.objectContaining({ role: 'member' })],
      ['role', expect.objectContaining({ role: { from: 'member', to: 'member' } })],
      ['role', { role: { from: 'member', to: 'admin' }, by: 'console' }],
    ]);
  });
});
