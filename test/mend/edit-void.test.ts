import { describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/server.ts';
import { verifyHistory } from '../../src/store/history.ts';
import { standardUnits, useWorld } from '../core/harness.ts';

describe('/blocker edit and /blocker void', () => {
  const w = useWorld('pglite');

  it('edit corrects a record; the history keeps old → new per field; outsiders are refused', async () => {
    await standardUnits(w);
    const ana = await w.person('ana', 'member', 'MIC');
    const bob = await w.person('bob', 'member', 'MOF');
    await w.say(ana, '/blocker add Data platfrom not conected owner:MIC');
    const out = await w.say(
      ana,
      '/blocker edit B-1 title:"Đề án “06” data platform not connected" cat:databases_platforms prio:high from:VNPT',
    );
    expect(out).toMatch(/^B-1 corrected: Đề án “06” data platform not connected\n/);
    expect(out).toContain('Priority: high priority');
    const b = await w.blocker(1);
    expect([b.title, b.category, b.priority]).toEqual([
      'Đề án “06” data platform not connected',
      'databases_platforms',
      'high',
    ]);
    const rows = await w.history('blocker', 'B-1');
    expect(rows.map((h) => h.action)).toEqual(['add', 'edit']);
    expect(rows[1]?.changes).toEqual({
      title: { from: 'Data platfrom not conected', to: 'Đề án “06” data platform not connected' },
      category: { from: 'other', to: 'databases_platforms' },
      priority: { from: 'normal', to: 'high' },
      from: { from: 'MIC', to: 'VNPT' },
    });
    const show = await w.say(w.admin, '/blocker show B-1');
    expect(show).toContain(
      'ana (via slack) · corrected Title: Data platfrom not conected → Đề án “06” data platform not connected; Category: other → databases_platforms; Priority: normal → high; Reporting unit: MIC → VNPT',
    );

    const before = await w.historyCount();
    expect(await w.say(bob, '/blocker edit B-1 title:"Mine now"')).toMatch(
      /^Error: not allowed: your role may not correct this blocker\./,
    );
    expect(await w.say(ana, '/blocker edit B-1')).toMatch(/^Error: say what to correct/);
    expect(await w.say(ana, '/blocker edit B-1 prio:urgent')).toMatch(
      /^Error: "urgent" is not a valid priority/,
    );
    expect(await w.say(ana, '/blocker edit B-1 prio:high')).toMatch(
      /^Error: nothing to correct: B-1 already/,
    );
    expect(await w.historyCount()).toBe(before);
  });

  it('void takes a mistaken entry out of every count and list; show still works; the chain stays intact', async () => {
    await standardUnits(w);
    const ana = await w.person('ana', 'member', 'MIC');
    await w.setup(
      '/blocker add Real problem owner:MIC due:+7d',
      '/blocker add Typed twice by mistake owner:MIC due:+7d',
    );
    await w.say(ana, '/blocker due B-2 +20d please');
    const summaryBefore = (await w.say(w.admin, '/summary')).split('\n');
    expect(summaryBefore).toContain(
      'All: roadmap 0 done, 0 on track, 0 at risk, 0 late · blockers 2 opened, 0 resolved, 2 open, 0 overdue',
    );
    expect(summaryBefore).toContain(
      'Extensions: 1 requested, 0 approved, 0 refused, 1 pending; 0 days slipped',
    );

    expect(await w.say(ana, '/blocker void B-2 duplicate')).toMatch(/^Error: not allowed/);
    expect(await w.say(w.admin, '/blocker void B-2')).toMatch(/^Error: say why the entry is void\./);
    expect(await w.say(w.admin, '/blocker void B-2 typed twice, same as B-1')).toMatch(
      /^B-2 is void and counted nowhere now: Typed twice by mistake\ntyped twice, same as B-1/,
    );

    const summaryAfter = (await w.say(w.admin, '/summary')).split('\n');
    expect(summaryAfter).toContain(
      'All: roadmap 0 done, 0 on track, 0 at risk, 0 late · blockers 1 opened, 0 resolved, 1 open, 0 overdue',
    );
    expect(summaryAfter).toContain(
      'Extensions: 0 requested, 0 approved, 0 refused, 0 pending; 0 days slipped',
    );
    expect(summaryAfter.join('\n')).toContain('By source: enterprise 0/0/0 · agency 1/0/1');
    // No reminder or overdue nag for it: the jobs' view of the records leaves it out.
    expect(await w.app.services.due.load({ type: 'blocker', id: 2 })).toBeNull();
    expect(await w.app.services.due.open()).toEqual([{ type: 'blocker', id: 1 }]);
    const list = await w.say(w.admin, '/blocker list all');
    expect(list).toMatch(/^Blockers: all \(1\)/);
    expect(list).not.toContain('B-2');
    expect(await w.say(w.admin, '/extension list')).not.toContain('B-2');
    const show = await w.say(w.admin, '/blocker show B-2');
    expect(show).toMatch(/^B-2 · Typed twice by mistake\n/);
    expect(show).toContain('Void: since 04/03/2026: typed twice, same as B-1');
    expect(show).toContain('root (via console) · voided: typed twice, same as B-1');
    expect(await w.say(w.admin, '/blocker resolve B-2')).toMatch(
      /^Error: B-2 is void \(a mistaken entry\), so it cannot be changed\.\n/,
    );
    expect(await w.say(w.admin, '/blocker void B-2 again')).toMatch(/^Error: B-2 is void/);
    expect(await w.say(w.admin, '/extension approve X-1')).toMatch(/^Error: B-2 is void/);
    expect((await w.history('blocker', 'B-2')).map((h) => h.action)).toEqual([
      'add',
      'extension_requested',
      'void',
    ]);
    expect((await verifyHistory(w.app.database.db)).ok).toBe(true);
  });

  it('a void blocker is out of the web view, the CSV export and the calendar', async () => {
    await standardUnits(w);
    await w.setup(
      '/blocker add Kept problem owner:MIC due:+7d',
      '/blocker add Mistaken entry owner:MIC due:+7d',
      '/blocker void B-2 mistaken',
    );
    const http = createHttpServer(w.app);
    const port = await http.listen(0, '127.0.0.1');
    try {
      for (const path of ['/', '/export/blockers.csv', '/calendar.ics']) {
        const body = await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
        expect(body, path).toContain('Kept problem');
        expect(body, path).not.toContain('Mistaken entry');
      }
    } finally {
      await http.close();
    }
  });
});
