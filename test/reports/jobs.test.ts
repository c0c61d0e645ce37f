/**
 * The scheduled side of the reports: the weekly report request names the weeks still missing, and
 * the monthly post carries the monitoring report as a document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSummary } from '../../jobs/post-summary.ts';
import { reportRequest } from '../../jobs/report-request.ts';
import { captureSender, type QueueTest, queueTest, unitMic } from '../queue/support.ts';
import { TestClock } from '../support/app.ts';

const meta = { id: 'test', attemptsMade: 0 };
const sender = captureSender('console');
const clock = new TestClock(new Date('2030-11-15T09:00:00+07:00')); // Friday
let t: QueueTest;

beforeAll(async () => {
  t = await queueTest({ clock, sender });
});
afterAll(() => t?.close());

describe('scheduled reports', () => {
  it('the weekly request names the weeks of the monitoring period with no report', async () => {
    const lead = await t.person('binh');
    await unitMic(t, lead);
    const s = t.app.services;
    const item = await s.roadmap.add(t.admin, 'MIC', 'Portal', new Date('2031-03-01T10:00:00Z'));
    clock.set('2030-11-18T10:00:00+07:00'); // Monday: the week of 18/11 reported on time
    await s.roadmap.report(t.admin, item.id, 10, null);
    // The week of 25/11 goes by with no report. Thursday 05/12, 09:00: the request.
    clock.set('2030-12-05T09:00:00+07:00');
    await reportRequest.process(t.rt.context, {}, meta);
    await sender.waitFor(1);
    expect(sender.sent.map((m) => `${m.chatId}: ${m.text}`)).toEqual([
      'binh: Roadmap items of your units with no report yet this week (1); report each with /roadmap report R-n <percent>% <note>:\n• R-1 Portal (MIC); still missing this period: the weeks of 25/11/2030',
    ]);
  });

  it('names to a lead of two units exactly the items of theirs with no report this week', async () => {
    const s = t.app.services;
    const lead = await t.person('binh'); // already MIC's lead
    await s.units.add(t.admin, { code: 'HUE', name: 'Hue City', block: 'government', kind: 'locality' });
    await s.units.setLead(t.admin, 'HUE', lead.person);
    await s.units.add(t.admin, {
      code: 'MOF',
      name: 'Ministry of Finance',
      block: 'government',
      kind: 'ministry',
    });
    clock.set('2030-12-09T09:00:00+07:00'); // Monday
    const due = new Date('2031-06-01T10:00:00Z');
    const reported = await s.roadmap.add(t.admin, 'HUE', 'Smart city hub', due);
    await s.roadmap.add(t.admin, 'HUE', 'Land records online', due);
    await s.roadmap.add(t.admin, 'MIC', 'Data portal v2', due);
    await s.roadmap.add(t.admin, 'MOF', 'Treasury link', due); // MOF has no lead
    await s.roadmap.report(t.admin, 1, 100, null); // R-1 Portal is done: nothing to ask
    await s.roadmap.report(t.admin, reported.id, 20, null);
    sender.sent.length = 0;
    clock.set('2030-12-12T09:00:00+07:00'); // Thursday
    await reportRequest.process(t.rt.context, {}, meta);
    await sender.waitFor(1);
    expect(sender.sent.map((m) => `${m.chatId}: ${m.text}`)).toEqual([
      'binh: Roadmap items of your units with no report yet this week (2); report each with /roadmap report R-n <percent>% <note>:\n• R-3 Land records online (HUE)\n• R-4 Data portal v2 (MIC)',
    ]);
  });

  it('the monthly post (on the 14th) is the period 15th–14th with its .docx', async () => {
    clock.set('2030-12-14T09:00:00+07:00');
    sender.sent.length = 0;
    await postSummary.process(t.rt.context, { period: 'month', platform: 'console', chatId: 'room' }, meta);
    await sender.waitFor(1);
    const text = sender.sent[0]?.text ?? '';
    expect(text.split('\n')[0]).toBe('Monthly monitoring report 15/11/2030–14/12/2030');
    expect(text).toContain('(chart: summary.png)');
    expect(text).toContain('(document: monitoring-report-2030-12.docx)');
  });
});
