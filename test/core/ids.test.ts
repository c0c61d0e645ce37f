import { describe, expect, it } from 'vitest';
import { verifyHistory } from '../../src/store/history.ts';
import { DB_KINDS, standardUnits, useWorld } from './harness.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe.each(DB_KINDS)('ids under concurrent use on %s', (kind) => {
  const w = useWorld(kind);

  it('gives 50 concurrent adds the ids B-1…B-50, each once, with an intact history', async () => {
    await standardUnits(w);
    const admin = await w.actor(w.admin);
    const added = await Promise.all(
      range(50).map((i) =>
        w.app.services.blockers.add(admin, { title: `Concurrent ${i}`, ownerUnit: 'MIC' }),
      ),
    );
    expect(added.map((b) => b.id).sort((a, b) => a - b)).toEqual(range(50));
    const titles = new Map(added.map((b) => [b.id, b.title]));
    expect(new Set(titles.values()).size).toBe(50);
    const stored = await w.app.services.queries.list(admin, { scope: 'all' });
    expect(stored.map((b) => [b.id, b.title]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(
      [...titles.entries()].sort((a, b) => a[0] - b[0]),
    );
    const check = await verifyHistory(w.app.database.db);
    expect(check.ok).toBe(true);
    expect((await w.history('blocker', 'B-50')).map((h) => h.action)).toEqual(['add']);
  });

  it('leaves no gap when some of the concurrent adds are refused', async () => {
    await standardUnits(w);
    const admin = await w.actor(w.admin);
    const results = await Promise.allSettled(
      range(50).map((i) =>
        w.app.services.blockers.add(admin, { title: `Mixed ${i}`, ownerUnit: i % 5 === 0 ? 'NOPE' : 'MOF' }),
      ),
    );
    const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.id] : []));
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code?: string }] : []));
    expect(failed).toHaveLength(10);
    expect(failed.every((e) => e.code === 'unit.unknown')).toBe(true);
    expect(ok.sort((a, b) => a - b)).toEqual(range(40));
    expect((await w.app.services.blockers.add(admin, { title: 'After' })).id).toBe(41);
  });

  it('numbers concurrent commands from several people: blockers, roadmap items and extension requests', async () => {
    await standardUnits(w);
    const ana = await w.person('ana', 'member', 'MIC');
    await w.setup('/blocker add Shared deadline owner:MIC due:+14d');
    const replies = await Promise.all([
      ...range(20).map((i) => w.say(ana, `/blocker due B-1 +${20 + i}d request ${i}`)),
      ...range(20).map((i) => w.say(w.admin, `/roadmap add MIC Deliverable ${i} due:eoy`)),
      ...range(10).map((i) => w.say(ana, `/blocker add From chat ${i} owner:MOF`)),
    ]);
    const ids = (re: RegExp) =>
      replies
        .map((r) => re.exec(r)?.[1])
        .filter((x): x is string => x !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
    expect(ids(/^Extension X-(\d+) requested/)).toEqual(range(20));
    expect(ids(/^Added R-(\d+):/)).toEqual(range(20));
    expect(ids(/^Logged B-(\d+):/)).toEqual(range(11).slice(1));
    expect((await verifyHistory(w.app.database.db)).ok).toBe(true);
  });

  it('creates one person when a new identity sends several commands at once', async () => {
    await standardUnits(w);
    const who = { platform: 'telegram' as const, id: '4242', name: 'Ngọc' };
    const out = await Promise.all(Array.from({ length: 10 }, () => w.say(who, '/blocker list')));
    expect(out.every((o) => o.startsWith('Blockers: open (0)'))).toBe(true);
    const people = await w.app.services.identity.byIds(range(20));
    expect([...people.values()].filter((p) => p.telegramId === '4242')).toHaveLength(1);
    expect((await verifyHistory(w.app.database.db)).ok).toBe(true);
  });
});
