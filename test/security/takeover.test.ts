/**
 * Issue #9, "Self-service takeover", as the attack: a newcomer runs `/unit join MOF` and at once
 * reassigns, drops and resolves MOF's blockers and reports its roadmap item 100 % done. Now the
 * join is a request: nothing of MOF's is theirs until MOF's lead (or an admin) approves.
 */
import { describe, expect, it } from 'vitest';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { useWorld, type World } from '../core/harness.ts';

const lead: PlatformIdentity = { platform: 'slack', id: 'ULEADMOF', name: 'Lan (MOF lead)' };
const micLead: PlatformIdentity = { platform: 'slack', id: 'ULEADMIC', name: 'Minh (MIC lead)' };
const impostor: PlatformIdentity = { platform: 'telegram', id: '9999', name: 'Impostor', username: 'newbie' };

async function scene(w: World) {
  await w.setup(
    '/unit add MOF "Ministry of Finance" block:government kind:ministry',
    '/unit add MIC "Ministry of Information" block:government kind:ministry',
  );
  for (const who of [lead, micLead, impostor]) await w.say(who, '/help');
  await w.setup(
    '/unit lead MOF <@ULEADMOF>',
    '/unit lead MIC <@ULEADMIC>',
    '/blocker add Payment gateway contract unsigned owner:MOF due:+20d',
    '/blocker add Tax data exchange stalled owner:MOF due:+10d',
    '/roadmap add MOF National finance database due:eoy',
  );
}

const ATTACK = [
  ['/blocker assign B-1 MIC', /may not assign this blocker/],
  ['/blocker drop B-1 not ours', /may not change the status of this blocker/],
  ['/blocker resolve B-2 done', /may not change the status of this blocker/],
  ['/blocker start B-2', /may not change the status of this blocker/],
  ['/roadmap report R-1 100% all done', /may not report on this roadmap item/],
  ['/unit approve MOF @newbie', /may not approve requests to join this unit/],
] as const;

describe('the takeover: joining a unit to act on its items', () => {
  const w = useWorld('pglite');

  it('a join is a request: until approved the newcomer can change nothing of the unit', async () => {
    await scene(w);
    expect(await w.say(impostor, '/unit join MOF')).toBe(
      'Asked to join MOF: its lead or an admin must approve before you can act on its items.',
    );
    // MOF's lead is told, with the command to approve.
    expect(w.sent).toEqual([
      expect.objectContaining({
        to: 'person',
        notice: {
          kind: 'notice.join_request',
          params: { person: 'Impostor', unit: 'MOF', handle: '@newbie' },
        },
      }),
    ]);
    expect((await w.actor(impostor)).person.unitId).toBeNull();

    const before = await w.historyCount();
    for (const [text, refusal] of ATTACK) expect(await w.say(impostor, text), text).toMatch(refusal);
    expect(await w.historyCount()).toBe(before);
    const b1 = await w.blocker(1);
    expect(b1).toMatchObject({ status: 'open' });
    expect(await w.say(w.admin, '/roadmap')).not.toContain('100 %');

    // Another unit's lead cannot let them in either; asking again changes nothing.
    expect(await w.say(micLead, '/unit approve MOF @newbie')).toMatch(/^Error: not allowed/);
    expect(await w.say(impostor, '/unit join MOF')).toBe(
      'Your request to join MOF is still waiting for approval.',
    );
    expect(w.sent).toHaveLength(1);
  });

  it('the lead sees who waits, approves, and only then the member acts; every step in the history', async () => {
    await scene(w);
    await w.say(impostor, '/unit join MOF');
    expect(await w.say(w.admin, '/unit list')).toContain('MOF  Ministry of Finance');
    expect(await w.say(w.admin, '/unit list')).toContain('1 waiting to join');
    const waiting = await w.say(lead, '/unit approve MOF');
    expect(waiting).toMatch(/^Requests to join MOF \(1\)\n/);
    expect(waiting).toContain('@newbie');
    expect(waiting).toContain('Impostor');
    expect(await w.say(lead, '/unit approve MOF @newbie')).toBe(
      'Impostor (telegram 9999, @newbie) is now a member of MOF.',
    );
    expect(w.sent.at(-1)).toMatchObject({
      to: 'person',
      notice: { kind: 'notice.join_approved', params: { unit: 'MOF', by: 'Lan (MOF lead)' } },
    });
    expect(await w.say(impostor, '/blocker start B-2')).toMatch(/^B-2 is in progress/);
    expect(await w.say(impostor, '/roadmap report R-1 30% drafting')).toMatch(/^R-1 reported at 30%/);
    expect(await w.say(lead, '/unit approve MOF @newbie')).toMatch(/^Error: Impostor has no pending request/);

    const unitHistory = (await w.history('unit', 'MOF')).map((h) => h.action);
    expect(unitHistory).toEqual(expect.arrayContaining(['join_request', 'join_approved']));
    const person = (await w.actor(impostor)).person;
    const personHistory = await w.history('person', String(person.id));
    expect(personHistory.find((h) => h.action === 'join')?.actorName).toBe('Lan (MOF lead)');
  });

  it('a refused request leaves the person outside; a unit without a lead tells the alerts feed', async () => {
    await scene(w);
    await w.setup('/unit add HUE "Hue City" block:government kind:locality');
    await w.say(impostor, '/unit join HUE');
    expect(w.sent.at(-1)).toMatchObject({
      to: 'feed',
      feed: 'alerts',
      notice: { kind: 'notice.join_request_nolead' },
    });
    await w.say(impostor, '/unit join MOF');
    expect(await w.say(lead, '/unit refuse MOF @newbie')).toBe(
      'The request of Impostor (telegram 9999, @newbie) to join MOF was refused.',
    );
    expect(await w.say(impostor, '/blocker start B-2')).toMatch(/^Error: not allowed/);
    expect((await w.history('unit', 'MOF')).map((h) => h.action)).toContain('join_refused');
    // In Vietnamese too.
    await w.setup('/wg lang vi');
    expect(await w.say(impostor, '/unit join MOF')).toMatch(/^Đã gửi yêu cầu gia nhập MOF/);
  });
});
