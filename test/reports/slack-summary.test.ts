/**
 * `/summary month` from Slack, end to end over HTTP with the real Bolt: the current monitoring
 * period with its table as section fields, the chart and the .docx uploaded into the channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, posted, seen, startHarness, USERS, WG } from '../slack/harness.ts';
import { TestClock } from '../support/app.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock: new TestClock(new Date('2026-12-01T10:00:00+07:00')) });
});
afterAll(() => h?.close());

describe('/summary month on Slack', () => {
  it('posts the period 15/11–14/12 with every block as fields, then the chart and the document', async () => {
    const res = await h.slash(USERS.admin, '/summary', 'month');
    expect(res.status).toBe(200);
    const call = await posted(h, 'Monthly monitoring report 15/11/2026–14/12/2026');
    const blocks = call.body.blocks as { type: string; fields?: { text: string }[] }[];
    const fields = blocks.flatMap((b) => b.fields ?? []).map((f) => f.text);
    expect(fields).toEqual([
      '*PARTY*\ndone 0 · on track 0 · at risk 0 · late 0 · open blockers 0 · overdue 0',
      '*GOVERNMENT*\ndone 0 · on track 0 · at risk 0 · late 0 · open blockers 0 · overdue 0',
      '*NATIONAL ASSEMBLY*\ndone 0 · on track 0 · at risk 0 · late 0 · open blockers 0 · overdue 0',
      '*FATHERLAND FRONT*\ndone 0 · on track 0 · at risk 0 · late 0 · open blockers 0 · overdue 0',
      '*ALL*\ndone 0 · on track 0 · at risk 0 · late 0 · open blockers 0 · overdue 0',
    ]);
    expect(seen(call.body)).toContain('Change against the previous period');
    const doc = await h.fake.waitFor(
      (c) =>
        c.method === 'files.completeUploadExternal' &&
        c.status === 200 &&
        (c.response.files as { name: string }[] | undefined)?.[0]?.name === 'monitoring-report-2026-12.docx',
    );
    expect(doc.body.channel_id).toBe(WG);
  });
});
