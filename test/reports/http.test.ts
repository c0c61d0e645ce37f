/** The monthly report over HTTP, and the CSV export's headers in the chosen language. */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { CSV_COLUMNS } from '../../src/http/export-csv.ts';
import type { HttpServer } from '../../src/http/server.ts';
import { TestClock, testApp } from '../support/app.ts';
import { serveDataset } from './dataset.ts';

const clock = new TestClock(new Date('2026-11-10T08:00:00+07:00'));
let app: App;
let http: HttpServer;
let base = '';

beforeAll(async () => {
  app = await testApp({ clock });
  ({ http, base } = await serveDataset(app, clock));
});
afterAll(async () => {
  await http?.close();
  await app?.close();
});

async function docText(res: Response): Promise<string> {
  const zip = await JSZip.loadAsync(await res.arrayBuffer());
  return ((await zip.file('word/document.xml')?.async('string')) ?? '').replace(/<[^>]+>/g, ' ');
}

describe('GET /reports/monthly/YYYY-MM.docx', () => {
  it('serves the period that ends on the 14th of that month, in the language asked for', async () => {
    const res = await fetch(`${base}/reports/monthly/2026-12.docx`, { headers: { 'Accept-Language': 'vi' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers.get('content-disposition')).toContain('bao-cao-giam-sat-2026-12.docx');
    const text = await docText(res);
    expect(text).toContain('kỳ từ 15/11/2026 đến 14/12/2026');
    expect(text).toContain('Khối Mặt trận Tổ quốc');

    const en = await docText(await fetch(`${base}/reports/monthly/2026-12.docx?lang=en`));
    expect(en).toContain('SOCIALIST REPUBLIC OF VIET NAM');
    expect(en).toContain('period 15/11/2026–14/12/2026');
    expect(en).toContain('Ministry of Finance (MOF)');
    // The previous period: B-1, B-2 and B-3 opened, B-2 resolved.
    const nov = await docText(await fetch(`${base}/reports/monthly/2026-11.docx?lang=en`));
    expect(nov).toContain('In the period 3 blockers were opened and 1 resolved');
  });

  it('refuses a month that is not one, or a period that has not begun, with one line', async () => {
    const bad = await fetch(`${base}/reports/monthly/2026-13.docx`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('not a month: 2026-13 (use YYYY-MM, e.g. 2026-12).\n');
    const later = await fetch(`${base}/reports/monthly/2027-01.docx?lang=vi`);
    expect(later.status).toBe(400);
    expect(await later.text()).toBe('kỳ 2027-01 chưa bắt đầu; kỳ hiện tại là 2026-12.\n');
  });
});

describe('GET /export/blockers.csv headers', () => {
  const header = async (query: string, headers: Record<string, string> = {}) =>
    (await (await fetch(`${base}/export/blockers.csv${query}`, { headers })).text())
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0];

  it('keeps the English columns the import reads, unless ?lang=vi asks for Vietnamese', async () => {
    expect(await header('')).toBe(CSV_COLUMNS.join(','));
    expect(await header('', { 'Accept-Language': 'vi' })).toBe(CSV_COLUMNS.join(','));
    expect(await header('?lang=vi')).toBe(
      'mã,nội dung,trạng thái,quá hạn,mức ưu tiên,lĩnh vực,nguồn,đơn vị chủ trì,người chịu trách nhiệm,đơn vị phản ánh,hạn chót,hạn ban đầu,số lần gia hạn,số ngày lùi hạn,ngày tạo,ngày giải quyết',
    );
    expect(await header('?lang=en')).toBe(CSV_COLUMNS.join(','));
  });
});

describe('GET /units/CODE', () => {
  it('is the unit’s page (any case), in the browser’s language; an unknown unit is a 404 that says so', async () => {
    const res = await fetch(`${base}/units/mof`, { headers: { 'Accept-Language': 'vi-VN,vi;q=0.9' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<h1>Bộ Tài chính <span class="muted">MOF</span></h1>');
    expect(html).toContain('Tax data link');
    expect(html).toContain('quá hạn 14 ngày');
    const missing = await fetch(`${base}/units/XYZ?lang=en`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('There is no unit XYZ.');
  });
});
