/**
 * The weekly summary and the monthly monitoring report of a fixed data set (dataset.ts), every
 * number worked out by hand here, across the 14th/15th boundary and the year end.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { SummaryData } from '../../src/domain/summary-model.ts';
import { monitoringPeriod } from '../../src/domain/vocabulary.ts';
import { translator } from '../../src/i18n/index.ts';
import { monthlyReportDocx } from '../../src/present/monthly-docx.ts';
import { summaryReply } from '../../src/present/summary.ts';
import { renderTelegram } from '../../src/render/telegram.ts';
import { TestClock, testApp } from '../support/app.ts';
import { meetAna, runStage, STAGES } from './dataset.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const clock = new TestClock(new Date('2026-11-10T08:00:00+07:00'));
let app: App;

beforeAll(async () => {
  app = await testApp({ clock });
  await meetAna(app, clock);
  await runStage(app, clock, STAGES.previous);
});
afterAll(() => app?.close());

const figures = (c: SummaryData['totals']) => ({
  opened: c.opened,
  resolved: c.resolved,
  open: c.open,
  overdue: c.overdue,
});
const block = (s: SummaryData, b: string) => s.blocks.find((x) => x.block === b);
const unit = (s: SummaryData, code: string) =>
  s.blocks.flatMap((b) => b.units).find((u) => u.unit.code === code);

/** The text of word/document.xml, tags stripped. */
async function docxText(data: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(data);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return xml
    .replace(/<w:p[ >][\s\S]*?<\/w:p>/g, (p) => `${p.replace(/<[^>]+>/g, '')}\n`)
    .replace(/<[^>]+>/g, '');
}

describe('monitoring periods (15th to 14th)', () => {
  it('on 1 December is 15/11–14/12, named after the month it ends in; the 15th starts the next', () => {
    const at = (s: string) => monitoringPeriod(new Date(s), TZ);
    expect(at('2026-12-01T10:00:00+07:00')).toEqual({
      key: '2026-12',
      from: new Date('2026-11-15T00:00:00+07:00'),
      to: new Date('2026-12-15T00:00:00+07:00'),
    });
    expect(at('2026-12-14T23:59:59+07:00').key).toBe('2026-12');
    expect(at('2026-12-15T00:00:00+07:00').key).toBe('2027-01');
    expect(at('2027-01-14T12:00:00+07:00').from).toEqual(new Date('2026-12-15T00:00:00+07:00'));
    // 14/11 20:00 local is still 14/11 in Hanoi though it is 13:00 UTC.
    expect(at('2026-11-14T20:00:00+07:00').key).toBe('2026-11');
  });
});

describe('the fixed data set', () => {
  it('weekly summary on Friday 04/12/2026 16:00', async () => {
    await runStage(app, clock, STAGES.weekly);
    clock.set('2026-12-04T16:00:00+07:00');
    const s = await app.services.summary.compute(null, 'week');
    expect(s.from).toEqual(new Date('2026-11-30T00:00:00+07:00'));
    // Opened this week: B-5 (01/12). Resolved: none. Open now: B-1, B-4, B-5. Overdue: B-1 and B-4
    // (both due 30/11 17:00 after X-1 moved B-1 there).
    expect(figures(s.totals)).toEqual({ opened: 1, resolved: 0, open: 3, overdue: 2 });
    // Last week (23/11–29/11), at its end: nothing opened or resolved, B-1 and B-4 open, not yet overdue.
    expect(figures(s.previous)).toEqual({ opened: 0, resolved: 0, open: 2, overdue: 0 });
    // X-2 asked on 02/12 and refused on 03/12; X-1 was decided last week.
    expect(s.extensions).toMatchObject({
      requested: 1,
      approved: 0,
      rejected: 1,
      pending: 0,
      slippedDays: 0,
    });
    // R-1 (10/11 09:00 → 31/12 17:00) at 04/12 16:00: 24 d 7 h of 51 d 8 h = 47.3 % expected, 30 % reported.
    // R-2 has never been reported.
    expect(s.atRisk.map((r) => [r.item.id, r.reason])).toEqual([
      [1, { kind: 'behind', points: 17, expected: 47, reported: 30 }],
      [2, { kind: 'no_report' }],
    ]);
    expect(s.totals.roadmap).toEqual({ done: 0, on_track: 0, at_risk: 2, late: 0 });
    expect(s.dueSoon.map((d) => d.label)).toEqual(['B-5']); // due 10/12, within 7 days
    // Four weeks: 09/11 (R-1 started on 10/11: owed nothing), 16/11 on time, 23/11 late, 30/11 missing
    // (Friday 12:00 has passed): (1 + ½ + 0) / 3 = 50 %.
    expect(unit(s, 'MIC')?.discipline).toMatchObject({
      timings: [null, 'on_time', 'late', 'missing'],
      score: 50,
    });
    expect(unit(s, 'ONA')?.discipline).toMatchObject({
      timings: [null, 'missing', 'missing', 'missing'],
      score: 0,
    });
    expect(s.notReported.map((u) => u.code)).toEqual(['MIC', 'ONA']);
    // Calendar days past 30/11 17:00: 1, 2, 3, 4 on 04/12.
    expect(s.mostOverdue.map((o) => [o.blocker.id, o.days])).toEqual([
      [1, 4],
      [4, 4],
    ]);

    const reply = summaryReply({ t: translator('vi'), lang: 'vi', tz: TZ }, s);
    expect(reply.title).toBe('Tổng hợp tuần 30/11/2026–06/12/2026');
    // All four blocks, even the empty ones, and units by their Vietnamese names.
    expect(reply.table?.rows.map((r) => r.cells.join(' '))).toEqual([
      'Khối Đảng 0 0 0 0 1 0',
      'Văn phòng Trung ương Đảng 0 0 0 0 1 0',
      'Khối Chính phủ 0 0 1 0 2 2',
      'Thành phố Huế 0 0 0 0 1 1',
      'Bộ Thông tin 0 0 1 0 0 0',
      'Bộ Tài chính 0 0 0 0 1 1',
      'Khối Quốc hội 0 0 1 0 0 0',
      'Văn phòng Quốc hội 0 0 1 0 0 0',
      'Khối Mặt trận Tổ quốc 0 0 0 0 0 0',
      'Tổng 0 0 2 0 3 2',
    ]);
    const text = reply.lines?.join('\n') ?? '';
    expect(text).toContain('So với tuần trước: mới +1, đã giải quyết 0, đang mở +1, quá hạn +2');
    expect(text).toContain('R-1 Data strategy — Bộ Thông tin: chậm 17 điểm phần trăm');
    expect(text).toContain('R-2 Digital assembly — Văn phòng Quốc hội: chưa báo cáo tuần này');
    expect(text).toContain('B-5 Party database — Văn phòng Trung ương Đảng, 10/12/2026');
    expect(text).toContain('Bộ Thông tin: · ✓ ~ ✗ — điểm 50 %');
    expect(text).not.toMatch(/\bMIC\b|\bMOF\b|\bONA\b/);
    // The Telegram table is a <pre> that fits a phone.
    const html = renderTelegram(reply)
      .messages.map((m) => m.text)
      .join('\n');
    const pre = /<pre>([\s\S]*?)<\/pre>/.exec(html)?.[1] ?? '';
    expect(pre).toContain('Mặt trận Tổ quốc');
    for (const line of pre.split('\n')) expect([...line].length).toBeLessThanOrEqual(36);
  });

  it('monthly report on Monday 14/12/2026 12:00, the last day of the period 15/11–14/12', async () => {
    await runStage(app, clock, STAGES.monthly);
    clock.set('2026-12-14T12:00:00+07:00');
    const s = await app.services.summary.compute(null, 'month');
    expect(s.key).toBe('2026-12');
    // Opened: B-4 (15/11 00:30, the period's first minutes) and B-5; B-3 (14/11 20:00) belongs to the
    // previous period. Resolved: B-3 (15/11 08:00). Open: B-1, B-4, B-5, all overdue.
    expect(figures(s.totals)).toEqual({ opened: 2, resolved: 1, open: 3, overdue: 3 });
    // 15/10–14/11: opened B-1, B-2, B-3; resolved B-2; open at the end B-1 and B-3; none overdue.
    expect(figures(s.previous)).toEqual({ opened: 3, resolved: 1, open: 2, overdue: 0 });
    expect(s.extensions).toMatchObject({ requested: 2, approved: 1, rejected: 1, slippedDays: 10 });
    expect(figures(block(s, 'government')?.counts as SummaryData['totals'])).toEqual({
      opened: 1,
      resolved: 1,
      open: 2,
      overdue: 2,
    });
    expect(figures(block(s, 'party')?.counts as SummaryData['totals'])).toEqual({
      opened: 1,
      resolved: 0,
      open: 1,
      overdue: 1,
    });
    expect(figures(block(s, 'fatherland_front')?.counts as SummaryData['totals'])).toEqual({
      opened: 0,
      resolved: 0,
      open: 0,
      overdue: 0,
    });
    expect(unit(s, 'MOF')?.counts).toMatchObject({
      extRequested: 2,
      extApproved: 1,
      extRefused: 1,
      slippedDays: 10,
    });
    expect(unit(s, 'HUE')?.counts).toMatchObject({ opened: 1, resolved: 1, open: 1, overdue: 1 });
    // Days overdue: B-1 and B-4 from 30/11 → 14, B-5 from 10/12 → 4.
    expect(s.overdue.map((o) => [o.blocker.id, o.days])).toEqual([
      [1, 14],
      [4, 14],
      [5, 4],
    ]);
    expect(s.resolved.map((r) => r.blocker.id)).toEqual([3]);
    expect(s.extended.map((x) => [x.label, x.extension.status, x.days])).toEqual([
      ['B-1', 'approved', 10],
      ['B-1', 'rejected', 15],
    ]);
    // Weeks whose Friday-noon deadline is in the period: 16/11, 23/11, 30/11, 07/12.
    // on time, late, missing, on time → (1 + ½ + 0 + 1) / 4 = 62.5 → 63 %.
    expect(unit(s, 'MIC')?.discipline).toMatchObject({
      timings: ['on_time', 'late', 'missing', 'on_time'],
      score: 63,
    });
    expect(unit(s, 'ONA')?.discipline.score).toBe(0);
    expect(s.onAlert.map((u) => u.code)).toEqual(['HUE']);

    const docx = await monthlyReportDocx({ t: translator('vi'), lang: 'vi', tz: TZ }, s);
    // Kept as a test artifact, to open in Word.
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync('test-artifacts/bao-cao-giam-sat-2026-12.docx', docx);
    const text = await docxText(docx);
    for (const words of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'TỔ CÔNG TÁC LIÊN NGÀNH',
      'Số: 12/BC-TCT',
      'Hà Nội, ngày 14 tháng 12 năm 2026',
      'BÁO CÁO',
      'kỳ từ 15/11/2026 đến 14/12/2026',
      'Trong kỳ phát sinh 2 vướng mắc mới, đã tháo gỡ 1; cuối kỳ còn 3 vướng mắc đang mở, trong đó 3 quá hạn.',
      'So với kỳ trước (15/10/2026–14/11/2026): mới -1 (3), đã giải quyết 0 (1), đang mở +1 (2), quá hạn +3 (0).',
      'Gia hạn: 2 đề nghị, 1 chấp thuận, 1 từ chối; các gia hạn được chấp thuận đã lùi thời hạn tổng cộng 10 ngày.',
      'Đảng',
      'Chính phủ',
      'Quốc hội',
      'Mặt trận Tổ quốc',
      'Bộ Tài chính (MOF)',
      'Thành phố Huế (HUE)',
      'Văn phòng Quốc hội (ONA)',
      'Văn phòng Trung ương Đảng (CPO)',
      'Late night issue',
      '63 %',
      '20/11/2026 → 30/11/2026',
      'Nơi nhận:',
    ])
      expect(text, words).toContain(words);
    // The overdue table: B-1, MOF, 30/11/2026, 14 days.
    expect(text).toMatch(/B-1\nTax data link\nBộ Tài chính \(MOF\)\n30\/11\/2026\n14\n/);
  });

  it('across the year end: the period 15/12/2026–14/01/2027, and the December report served afterwards', async () => {
    await runStage(app, clock, STAGES.yearEnd);
    clock.set('2027-01-12T10:00:00+07:00');
    const s = await app.services.summary.compute(null, 'month');
    expect(s.key).toBe('2027-01');
    // Opened: B-6 (02/01). Resolved: B-1 (31/12). Open: B-4, B-5, B-6, all overdue.
    expect(figures(s.totals)).toEqual({ opened: 1, resolved: 1, open: 3, overdue: 3 });
    // The December period at its end (14/12 23:59): 2 opened, 1 resolved, 3 open, 3 overdue.
    expect(figures(s.previous)).toEqual({ opened: 2, resolved: 1, open: 3, overdue: 3 });
    // 30/11 → 12/01 = 43 days, 10/12 → 33, 10/01 → 2.
    expect(s.overdue.map((o) => [o.blocker.id, o.days])).toEqual([
      [4, 43],
      [5, 33],
      [6, 2],
    ]);
    expect(figures(block(s, 'national_assembly')?.counts as SummaryData['totals'])).toEqual({
      opened: 1,
      resolved: 0,
      open: 1,
      overdue: 1,
    });

    // The December report, asked for a month later, still says what stood at its end.
    const dec = await app.services.summary.month(2026, 12);
    expect(figures(dec.totals)).toEqual({ opened: 2, resolved: 1, open: 3, overdue: 3 });
    expect(dec.overdue.map((o) => [o.blocker.id, o.days])).toEqual([
      [1, 14],
      [4, 14],
      [5, 4],
    ]);
  });
});
