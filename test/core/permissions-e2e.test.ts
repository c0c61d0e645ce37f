import { describe, expect, it } from 'vitest';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { DB_KINDS, standardUnits, useWorld, type World } from './harness.ts';

/**
 * B-1 owned by MIC reported by VNPT, B-2 owned by MOF, B-3 owned by HUE reported by VNPT,
 * R-1 of MIC, R-2 of VNPT; a member of MIC, the lead of MIC, a hotline handler, an external
 * reporter of VNPT and an external of HUE.
 */
async function scene(w: World) {
  await standardUnits(w);
  const people = {
    ana: await w.person('ana', 'member', 'MIC'),
    lan: await w.person('lan', 'lead', 'MIC'),
    hoa: await w.person('hoa', 'hotline'),
    vnpt: await w.person('vnpt', 'external', 'VNPT'),
    hue: await w.person('huong', 'external', 'HUE'),
  };
  await w.setup(
    '/blocker add Data exchange not connected owner:MIC from:VNPT due:+14d',
    '/blocker add Payment gateway contract unsigned owner:MOF due:+20d',
    '/blocker add Fibre backbone delayed owner:HUE from:VNPT due:+20d',
    '/roadmap add MIC Publish data strategy due:eom',
    '/roadmap add VNPT Connect provincial portals due:eoy',
  );
  return people;
}

/** Runs `text` as `who`, expecting a refusal, and checks that nothing was written. */
async function refused(w: World, who: PlatformIdentity, text: string, message: RegExp) {
  const before = await w.historyCount();
  const out = await w.say(who, text);
  expect(out, `${who.name}: ${text}`).toMatch(message);
  expect(await w.historyCount(), `${who.name}: ${text} wrote history`).toBe(before);
}

const denied = /^Error: not allowed: your role may not /;

describe.each(DB_KINDS)('permission matrix end to end on %s', (kind) => {
  const w = useWorld(kind);

  it('a member logs and notes, but cannot set deadlines, decide, add units or set roles', async () => {
    const { ana } = await scene(w);
    expect(await w.say(ana, '/blocker add Broken scanner owner:MOF')).toMatch(/^Logged B-4/);
    expect(await w.say(ana, '/blocker note B-2 asked MOF')).toMatch(/^Note added to B-2/);
    expect(await w.say(ana, '/blocker due B-2 +30d')).toMatch(/^Extension X-1 requested/);
    await refused(w, ana, '/extension approve X-1', denied);
    await refused(w, ana, '/extension reject X-1 no', denied);
    await refused(
      w,
      ana,
      '/unit add MOST "Ministry of Science" block:government kind:ministry',
      /may not add units/,
    );
    await refused(w, ana, '/unit alert MOF on', denied);
    await refused(w, ana, '/unit lead MIC <@UANA>', denied);
    await refused(w, ana, '/wg role <@UANA> admin', /may not set roles/);
    await refused(w, ana, '/hotline MOF: portal down', /may not log hotline calls/);
    await refused(w, ana, '/blocker triage', denied);
    await refused(w, ana, '/blocker escalate B-1', denied);
    await refused(w, ana, '/roadmap add MIC Something due:eom', denied);
    await refused(w, ana, '/summary', /may not post summaries/);
    await refused(w, ana, '/blocker start B-2', /may not change the status of this blocker/);
    await refused(w, ana, '/blocker assign B-2 MIC', /may not assign this blocker/);
    // Own unit (MIC) items and own records are theirs to move.
    expect(await w.say(ana, '/blocker start B-1')).toMatch(/^B-1 is in progress/);
    expect(await w.say(ana, '/blocker resolve B-4')).toMatch(/^B-4 resolved/);
    expect(await w.say(ana, '/roadmap report R-1 20% drafting')).toMatch(/^R-1 reported at 20%/);
    await refused(w, ana, '/roadmap report R-2 20%', /may not report on this roadmap item/);
  });

  it('a unit lead acts on the items of the unit they lead, not on others', async () => {
    const { lan } = await scene(w);
    expect(await w.say(lan, '/blocker assign B-1 MIC <@UANA>')).toMatch(/^B-1 is now owned by MIC/);
    expect(await w.say(lan, '/blocker escalate B-1 no answer from VNPT')).toMatch(/^B-1 escalated/);
    expect(await w.say(lan, '/roadmap add MIC Open data portal due:eoy')).toMatch(/^Added R-3/);
    expect(await w.say(lan, '/summary')).toMatch(/^Weekly summary/);
    expect(await w.say(lan, '/blocker due B-1 +30d')).toMatch(/^Extension X-1 requested/);
    await refused(w, lan, '/blocker escalate B-2', denied);
    await refused(w, lan, '/blocker start B-2', denied);
    await refused(w, lan, '/roadmap add MOF Budget line due:eoy', /may not add roadmap items for this unit/);
    await refused(w, lan, '/extension approve X-1', denied);
    await refused(w, lan, '/unit add MOST "Ministry of Science" block:government kind:ministry', denied);
  });

  it('a hotline handler logs calls, triages and gives owners, but does not decide', async () => {
    const { hoa } = await scene(w);
    expect(
      await w.say(hoa, '/hotline Hue City: provincial portal down since Monday phone:0912345678'),
    ).toMatch(
      /^Hotline call logged as B-4: provincial portal down since Monday\n[\s\S]*Status: new[\s\S]*Reported by: HUE · 0912345678/,
    );
    expect(await w.say(hoa, '/blocker triage')).toMatch(/^Untriaged blockers \(1\)\n• B-4/);
    expect(await w.say(hoa, '/blocker assign B-4 HUE')).toMatch(/^B-4 is now owned by HUE/);
    // A first deadline is triage (issue 10); moving it is a request.
    expect(await w.say(hoa, '/blocker due B-4 +7d')).toMatch(/^First deadline of B-4 set to /);
    expect(await w.say(hoa, '/blocker due B-4 +9d')).toMatch(/^Extension X-1 requested/);
    await refused(w, hoa, '/extension approve X-1', denied);
    await refused(w, hoa, '/blocker assign B-2 MIC', denied);
    await refused(w, hoa, '/unit add MOST "Ministry of Science" block:government kind:ministry', denied);
  });

  it('an external reporter sees and acts only on their own unit’s items', async () => {
    const { vnpt, hue, ana } = await scene(w);
    await w.say(ana, '/blocker due B-2 +30d'); // X-1 on MOF's blocker
    await w.say(vnpt, '/blocker due B-1 +30d portal contract'); // X-2 on B-1 (reported by VNPT)

    const list = await w.say(vnpt, '/blocker list all');
    expect(list).toMatch(/^Blockers: all \(2\)/);
    expect(list).toContain('B-1  Data exchange not connected');
    expect(list).toContain('B-3  Fibre backbone delayed');
    expect(list).not.toContain('B-2');
    expect(await w.say(vnpt, '/blocker show B-1')).toMatch(/^B-1 · Data exchange not connected/);
    for (const text of [
      '/blocker show B-2',
      '/blocker note B-2 hi',
      '/blocker start B-2',
      '/blocker due B-2 +9d',
      '/blocker B-2',
    ])
      await refused(w, vnpt, text, /^Error: there is no blocker B-2\./);
    expect(await w.say(vnpt, '/blocker note B-1 we sent the spec')).toMatch(/^Note added to B-1/);
    await refused(w, vnpt, '/blocker assign B-1 MOF', denied);
    await refused(w, vnpt, '/blocker escalate B-1', denied);
    await refused(w, vnpt, '/hotline MOF: portal down', denied);
    await refused(w, vnpt, '/summary', denied);
    await refused(w, vnpt, '/blocker add Other unit problem owner:MOF from:MIC', /may not log blockers/);
    expect(await w.say(vnpt, '/blocker add Licence renewal stuck owner:MOF')).toMatch(
      /^Logged B-4[\s\S]*Reported by: VNPT/,
    );

    const xs = await w.say(vnpt, '/extension list all');
    expect(xs).toMatch(/^All extension requests \(1\)\n• X-2 {2}B-1:/);
    expect(xs).not.toContain('B-2');
    const roadmap = await w.say(vnpt, '/roadmap');
    expect(roadmap).toMatch(/^Roadmap \(1\)\n• R-2 {2}Connect provincial portals/);
    expect(await w.say(vnpt, '/roadmap report R-2 10% started')).toMatch(/^R-2 reported at 10%/);
    await refused(w, vnpt, '/roadmap report R-1 10%', /may not report on this roadmap item/);

    // Another external sees B-3 (owned by HUE) but not B-1 (MIC's, reported by VNPT).
    expect(await w.say(hue, '/blocker list all')).toMatch(/^Blockers: all \(1\)\n• B-3 /);
    expect(await w.say(hue, '/roadmap')).toMatch(/^Roadmap \(0\)/);
    expect(await w.say(hue, '/extension list all')).toMatch(/^All extension requests \(0\)/);
  });

  it('an external with no unit can do nothing but their own settings', async () => {
    await scene(w);
    const who = { platform: 'telegram' as const, id: '777', name: 'stranger' };
    await w.say(who, '/help');
    const target = (await w.actor(who)).person;
    await w.app.services.identity.setRole(await w.actor(w.admin), target, 'external', null);
    await refused(w, who, '/blocker list', denied);
    await refused(w, who, '/blocker add Something', denied);
    expect(await w.say(who, '/wg tz Asia/Bangkok')).toMatch(/^Your time zone is Asia\/Bangkok/);
  });
});
