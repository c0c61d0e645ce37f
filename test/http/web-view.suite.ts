import { beforeAll, describe, expect, it } from 'vitest';
import type { WebFixture } from './fixture.ts';

/** The shared fixture, set when the suite starts. */
let f: WebFixture;

const get = async (path: string) => {
  const res = await fetch(f.base + path);
  return { res, html: await res.text() };
};

/** The rows of the table in the section headed `heading`, as text (tags removed). */
function rowsOf(html: string, heading: string): string[] {
  const at = html.indexOf(`>${heading}</h2>`);
  if (at < 0) throw new Error(`no section ${heading}`);
  const section = html.slice(at, html.indexOf('</section>', at));
  return [...section.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].slice(1).map((m) =>
    (m[1] ?? '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** Registers the tests; `fixture()` is the shared app and server (see web.test.ts). */
export function webViewTests(fixture: () => WebFixture): void {
  describe('GET / (the public web view)', () => {
    beforeAll(() => {
      f = fixture();
    });

    it('is a small, phone-friendly, accessible HTML page in English by default', async () => {
      const { res, html } = await get('/');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
      expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('<h1>Three publicities: progress, responsibilities, results</h1>');
      expect(html).toContain('as of 14/03/2026 10:00');
    });

    it('escapes what users typed: a <script> title is shown as text', async () => {
      const { html } = await get('/');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Data &amp; exchange');
      expect(html).not.toContain('<script>alert');
    });

    it('shows progress per block and unit from the live records', async () => {
      const rows = rowsOf((await get('/')).html, 'Progress');
      // unit, done, on track, at risk, late, open blockers, overdue
      expect(rows).toContain('Government 0 1 0 0 3 1');
      expect(rows).toContain('MOF Ministry of Finance 0 1 0 0 2 1');
      expect(rows).toContain('HCM Ho Chi Minh City 0 0 0 0 1 0');
      expect(rows).toContain('Party 0 0 0 0 1 0');
    });

    it('lists open blockers overdue first, with owner unit, person and deadline; resolved ones not', async () => {
      const { html } = await get('/');
      const rows = rowsOf(html, 'Responsibilities');
      expect(rows[0]).toBe(
        'B-2 Tax portal outage MOF Ministry of Finance Ana 12/03/2026 overdue by 2 days open',
      );
      // B-6 and B-7 are untriaged hotline calls: counted, never listed (issue #9).
      expect(rows.map((r) => r.split(' ')[0])).toEqual(['B-2', 'B-1', 'B-5', 'B-3']);
      expect(rows[1]).toContain('20/03/2026 09:30');
      expect(html).toMatch(/<tr class="overdue"><th scope="row"[^>]*>B-2</);
    });

    it('shows results by source this week and month, the roadmap and the units on alert', async () => {
      const { html } = await get('/');
      const results = rowsOf(html, 'Results');
      expect(results).toContain('agency 1 1');
      expect(results).toContain('hotline 0 0');
      expect(results).toContain('Total 1 1');
      expect(results.some((r) => r.startsWith('B-4 Old licence backlog HCM'))).toBe(true);
      expect(rowsOf(html, 'Roadmap items')).toEqual([
        'R-1 MOF Ministry of Finance National finance database 10/05/2026 20 % on track',
      ]);
      expect(rowsOf(html, 'Units on alert')).toEqual(['HCM Ho Chi Minh City Government']);
    });

    it('publishes no caller phone numbers or names', async () => {
      const { html } = await get('/');
      expect(html).not.toContain('B-7');
      expect(html).toContain('Hotline calls waiting for triage: 2');
      for (const secret of ['0912345678', '0987 654 321', '654 321', 'Nguyen Van A', 'Tran Thi B'])
        expect(html).not.toContain(secret);
    });

    it('filters by block and by unit, and keeps the filters in the download links', async () => {
      const party = await get('/?block=party');
      expect(rowsOf(party.html, 'Responsibilities').map((r) => r.split(' ')[0])).toEqual(['B-5']);
      expect(rowsOf(party.html, 'Progress')[0]).toBe('Party 0 0 0 0 1 0');
      expect(party.html).toContain('<option value="party" selected>');
      expect(party.html).toContain('href="/export/blockers.csv?block=party"');

      const hcm = await get('/?unit=hcm');
      expect(rowsOf(hcm.html, 'Responsibilities').map((r) => r.split(' ')[0])).toEqual(['B-3']);
      expect(rowsOf(hcm.html, 'Progress')).toEqual(['HCM Ho Chi Minh City 0 0 0 0 1 0']);
      expect(rowsOf(hcm.html, 'Results')).toContain('Total 1 1');
      expect(rowsOf(hcm.html, 'Roadmap items')).toEqual(['Nothing to show.']);
      expect(hcm.html).toContain('<option value="HCM" selected>');
    });

    it('speaks Vietnamese with ?lang=vi', async () => {
      const { res, html } = await get('/?lang=vi&unit=MOF');
      expect(res.status).toBe(200);
      expect(html).toContain('<html lang="vi">');
      expect(html).toContain('<h1>Ba công khai: tiến độ, trách nhiệm, kết quả</h1>');
      expect(rowsOf(html, 'Trách nhiệm')[0]).toContain('quá hạn 2 ngày đang mở');
      expect(html).toContain('<input type="hidden" name="lang" value="vi">');
    });

    it('answers a bad filter with 400 and one line saying what was wrong', async () => {
      const bad = await get('/?block=ministry');
      expect(bad.res.status).toBe(400);
      expect(bad.html).toContain(
        '&quot;ministry&quot; is not a valid block; choose one of: party, government, national_assembly, fatherland_front.',
      );
      const unit = await get('/?unit=%3Cb%3EXYZ&lang=vi');
      expect(unit.res.status).toBe(400);
      expect(unit.html).toContain('không có đơn vị &lt;B&gt;XYZ.');
      expect((await get('/?utm_source=mail')).res.status).toBe(200);
    });

    it('serves the chart as a PNG and counts requests in /metrics', async () => {
      const png = await fetch(`${f.base}/chart.png?block=government`);
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      const metrics = await (await fetch(`${f.base}/metrics`)).text();
      expect(metrics).toMatch(/steerbot_web_requests_total\{route="view",status="200"\} \d+/);
      expect(metrics).toMatch(/steerbot_web_requests_total\{route="view",status="400"\} 2/);
      expect(metrics).toMatch(/steerbot_web_requests_total\{route="chart",status="200"\} 1/);
    });
  });
}
