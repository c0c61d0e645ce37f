import { describe, expect, it } from 'vitest';
import { standardUnits, useWorld } from '../core/harness.ts';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

describe('a first deadline is triage, not an extension', () => {
  const w = useWorld('pglite');

  it('a hotline handler sets the first deadline of an untriaged call directly', async () => {
    await standardUnits(w);
    const hoa = await w.person('hoa', 'hotline');
    await w.say(hoa, '/hotline HUE: cổng thanh toán học phí không hoạt động');
    expect(await w.say(hoa, '/blocker due B-1 fri')).toMatch(/^First deadline of B-1 set to 06\/03\/2026\n/);
    const b = await w.blocker(1);
    expect([iso(b.deadline), iso(b.originalDeadline), b.slipCount]).toEqual([
      '2026-03-06T10:00:00.000Z',
      '2026-03-06T10:00:00.000Z',
      0,
    ]);
    expect((await w.history('blocker', 'B-1')).map((h) => h.action)).toEqual(['add', 'first_due']);
    expect(await w.say(w.admin, '/blocker show B-1')).toContain(
      'hoa (via slack) · first deadline set — → 06/03/2026',
    );
    expect(await w.say(w.admin, '/extension list all')).toMatch(/^No extension requests|\(0\)/);
    expect(await w.say(w.admin, '/summary')).not.toMatch(/[1-9]\d* requested/);

    // Moving it is an extension request for everyone but admins.
    expect(await w.say(hoa, '/blocker due B-1 +20d')).toMatch(/^Extension X-1 requested: B-1/);
    expect(iso((await w.blocker(1)).deadline)).toBe('2026-03-06T10:00:00.000Z');
  });

  it("the owner unit's lead and members set a first deadline; other units' members request it", async () => {
    await standardUnits(w);
    const lan = await w.person('lan', 'lead', 'MIC');
    const ana = await w.person('ana', 'member', 'MIC');
    const bob = await w.person('bob', 'member', 'MOF');
    await w.setup(
      '/blocker add Data platform owner:MIC',
      '/blocker add Server room owner:MIC',
      '/blocker add Cloud contract owner:MIC',
    );
    expect(await w.say(lan, '/blocker due B-1 +7d')).toMatch(/^First deadline of B-1 set to 11\/03\/2026/);
    expect(await w.say(ana, '/blocker due B-2 +7d')).toMatch(/^First deadline of B-2 set to 11\/03\/2026/);
    expect(await w.say(bob, '/blocker due B-3 +7d')).toMatch(/^Extension X-1 requested: B-3/);
    expect(await w.say(ana, '/blocker due B-2 +9d')).toMatch(/^Extension X-2 requested: B-2/);
    const list = await w.say(w.admin, '/extension list');
    expect(list).toMatch(/^Pending extension requests \(2\)/);
    expect(list).not.toContain('B-1');
  });
});
