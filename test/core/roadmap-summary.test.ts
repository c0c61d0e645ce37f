import { describe, expect, it } from 'vitest';
import { DB_KINDS, standardUnits, useWorld } from './harness.ts';

describe.each(DB_KINDS)('roadmap status and the summary on %s', (kind) => {
  const w = useWorld(kind);
  const status = async (id: string) => {
    const out = await w.say(w.admin, '/roadmap');
    const i = out.split('\n').findIndex((l) => l.startsWith(`• ${id} `));
    return out.split('\n')[i + 1]?.trim().split(' · ')[0];
  };

  it('derives on track, at risk (trailing or silent this week), late and done from the reports', async () => {
    await standardUnits(w);
    // Wednesday 04/03 10:00 → due 31/03 17:00: 27.3 days.
    expect(await w.say(w.admin, '/roadmap add MIC Publish data strategy due:eom')).toBe(
      'Added R-1: Publish data strategy\nUnit: MIC\nDeadline: 31/03/2026',
    );
    expect(await status('R-1')).toBe('at risk'); // never reported: "no report yet", not on track (issue 10)
    w.clock.set('2026-03-09T10:00:00+07:00'); // next Monday, nothing reported yet
    expect(await status('R-1')).toBe('at risk');
    expect(await w.say(w.admin, '/roadmap report R-1 30% draft circulated')).toMatch(
      /^R-1 reported at 30%\ndraft circulated\n• R-1 {2}Publish data strategy\n {2}on track · MIC · due: 31\/03\/2026 · 30%$/,
    );
    w.clock.set('2026-03-20T10:00:00+07:00'); // 16 of 27.3 days gone: 58.6 % expected
    expect(await status('R-1')).toBe('at risk'); // no report this week
    await w.setup('/roadmap report R-1 40%');
    expect(await status('R-1')).toBe('at risk'); // trails the elapsed time
    await w.setup('/roadmap report R-1 60%');
    expect(await status('R-1')).toBe('on track');
    w.clock.set('2026-04-01T10:00:00+07:00');
    expect(await status('R-1')).toBe('late');
    await w.setup('/roadmap report R-1 100% published');
    expect(await status('R-1')).toBe('done');
    expect((await w.history('roadmap', 'R-1')).map((h) => [h.action, h.changes])).toEqual([
      ['add', expect.objectContaining({ unit: 'MIC', due: '2026-03-31T10:00:00.000Z' })],
      ['report', { percent: 30, note: 'draft circulated' }],
      ['report', { percent: 40 }],
      ['report', { percent: 60 }],
      ['report', { percent: 100, note: 'published' }],
    ]);
  });

  it('refuses bad roadmap input without changing anything', async () => {
    await standardUnits(w);
    await w.setup('/roadmap add MIC Publish data strategy due:eom');
    const before = await w.historyCount();
    for (const [text, expected] of [
      ['/roadmap report R-1 120%', /^Error: 120 is not a percentage from 0 to 100\./],
      ['/roadmap report R-1', /^Error: missing <percent>%\./],
      ['/roadmap report R-9 10%', /^Error: there is no roadmap item R-9\./],
      ['/roadmap report B-1 10%', /^Error: "B-1" is not a valid roadmap item id/],
      ['/roadmap add XYZ Something due:eom', /^Error: unknown unit XYZ/],
      ['/roadmap add MIC Something', /^Error: missing due:DATE\./],
      ['/roadmap add MIC due:eom', /^Error: name the deliverable\./],
      ['/roadmap add MIC Something due:01/01/2020', /^Error: 01\/01\/2020 is in the past/],
      ['/roadmap block:nowhere', /^Error: "nowhere" is not a valid block; choose one of: party, government/],
    ] as const) {
      const out = await w.say(w.admin, text);
      expect(out, text).toMatch(expected);
      expect(out, text).toMatch(/\nUsage: \/roadmap /);
    }
    expect(await w.historyCount()).toBe(before);
  });

  it('counts every number of the summary from the live records', async () => {
    await standardUnits(w);
    const ana = await w.person('ana', 'member', 'MIC');
    w.clock.set('2026-02-26T10:00:00+07:00'); // last week (Thursday)
    await w.setup(
      '/blocker add Data exchange not connected owner:MIC from:VNPT due:+1d',
      '/blocker add Payment gateway contract unsigned owner:MOF due:20/12/2099',
      '/roadmap add MIC Publish data strategy due:31/03/2026',
      '/roadmap add MOF Budget line for platforms due:31/03/2026',
      '/roadmap report R-2 50% on plan',
      '/roadmap add HUE Provincial data centre due:03/03/2026',
    );
    w.clock.set('2026-03-04T10:00:00+07:00'); // this week (Wednesday)
    await w.setup(
      '/blocker add Fibre backbone delayed owner:HUE from:HUE due:+10d',
      '/hotline MOF: salary portal down',
      '/blocker resolve B-2 contract signed',
      '/roadmap report R-1 40%',
      '/roadmap add CPO Party document system due:+30d',
      '/unit alert MOF on',
    );
    await w.say(ana, '/blocker due B-3 +20d');
    await w.say(ana, '/blocker due B-1 +5d');
    await w.setup('/extension approve X-1');

    const out = await w.say(w.admin, '/summary');
    const lines = out.split('\n');
    expect(lines[0]).toBe('Weekly summary 02/03/2026–08/03/2026');
    expect(lines).toContain(
      'All: roadmap 0 done, 1 on track, 2 at risk, 1 late · blockers 2 opened, 1 resolved, 3 open, 1 overdue',
    );
    expect(lines).toContain('Change against last week: opened 0, resolved +1, open +1, overdue 0');
    expect(lines).toContain(
      'By source: enterprise 0/0/1 · agency 0/1/0 · locality 1/0/1 · hotline 1/0/1 (opened/resolved/open)',
    );
    expect(lines).toContain('Extensions: 2 requested, 1 approved, 0 refused, 1 pending; 10 days slipped');
    // Every block, even an empty one, and units by name: done, on track, at risk, late, open, overdue.
    expect(out).toMatch(/\nGovernment +0 +1 +1 +1 +2 +1\n/);
    expect(out).toMatch(/\n Ministry of Information +0 +1 +0 +0 +1 +1\n/);
    expect(out).toMatch(/\n Ministry of Finance +0 +0 +1 +0 +0 +0\n/);
    expect(out).toMatch(/\n Hue City +0 +0 +0 +1 +1 +0\n/);
    expect(out).toMatch(/\nParty +0 +0 +1 +0 +0 +0\n/);
    expect(out).toMatch(/\nNational Assembly +0 +0 +0 +0 +0 +0\n/);
    expect(out).toMatch(/\nFatherland Front +0 +0 +0 +0 +0 +0\n/);
    expect(lines).toContain('Did not report this week: Hue City, Ministry of Finance');
    expect(lines).toContain('On alert: Ministry of Finance');
    // Calendar days past the deadline (27/02 17:00 → 04/03), as the web view counts them.
    expect(out).toMatch(
      /Most overdue:\n {2}B-1 Data exchange not connected — Ministry of Information · 5 days overdue \(due 27\/02\/2026\)/,
    );
    expect(lines).toContain('  R-2 Budget line for platforms — Ministry of Finance: no report this week');

    // The same records, changed: the numbers follow.
    await w.setup('/blocker resolve B-1 connected', '/unit alert MOF off');
    const after = (await w.say(w.admin, '/summary')).split('\n');
    expect(after).toContain(
      'All: roadmap 0 done, 1 on track, 2 at risk, 1 late · blockers 2 opened, 2 resolved, 2 open, 0 overdue',
    );
    expect(after).toContain('On alert: none');
    expect(after.join('\n')).not.toContain('Most overdue');

    expect((await w.say(w.admin, '/summary block:party')).split('\n')).toContain(
      'All: roadmap 0 done, 0 on track, 1 at risk, 0 late · blockers 0 opened, 0 resolved, 0 open, 0 overdue',
    );
    const month = (await w.say(w.admin, '/summary month')).split('\n');
    expect(month[0]).toBe('Monthly monitoring report 15/02/2026–14/03/2026');
    expect(month).toContain('Change against the previous period: opened +4, resolved +2, open +2, overdue 0');
    expect(await w.say(w.admin, '/summary year')).toMatch(
      /^Error: "year" is not a valid period; choose one of: week, month\./,
    );
  });
});
