/**
 * The public page's per-unit tables, one page of 50 units at a time like the roadmap's `?rpage=`:
 * the progress table (`?ppage=`: every block's row on every page, its units under it) and the
 * reporting-discipline table (`?dpage=`). "Showing 1–50 of N", links that keep the filters and
 * the other tables' pages, every unit on exactly one page, a bad page number is a one-line 400.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { BLOCKS } from '../../src/domain/types.ts';
import { serveApp } from '../support/app.ts';
import { DAY, generatedApp, NOW } from './generated.ts';
import { getPage, pagerLinks, sectionHtml } from './page-parts.ts';

let app: App;
let close: (() => Promise<void>) | undefined;
let base = '';
/** Units added to the fixture's three, each with a roadmap item (so each has a discipline line). */
const EXTRA = 117;
const UNITS = EXTRA + 3;

beforeAll(async () => {
  ({ app } = await generatedApp({}, 40));
  const db = app.database.db;
  const created = new Date(NOW.getTime() - 60 * DAY).toISOString();
  for (let i = 1; i <= EXTRA; i++) {
    const id = 100 + i;
    // Most in government (more than a page of them), a few in each other block.
    const block = i % 6 < 3 ? 'government' : (BLOCKS[i % BLOCKS.length] ?? 'party');
    await db.execute(sql`insert into units (id, code, name, name_vi, block, kind, on_alert, created_at)
      values (${id}, ${`X${String(i).padStart(3, '0')}`}, ${`Extra unit ${i}`}, ${`Đơn vị thêm ${i}`}, ${block},
        'agency', false, ${created}::timestamptz)`);
  }
  const units = await app.services.publicView.units();
  for (const [k, u] of units.entries()) {
    const start = new Date(NOW.getTime() - 30 * DAY);
    const due = new Date(NOW.getTime() + (k - 10) * DAY);
    await db.execute(sql`insert into roadmap_items (id, unit_id, title, start_at, due, original_due, created_by_id, created_at)
      values (${k + 1}, ${u.id}, ${`Item ${k + 1}`}, ${start.toISOString()}::timestamptz, ${due.toISOString()}::timestamptz,
        ${due.toISOString()}::timestamptz, 1, ${start.toISOString()}::timestamptz)`);
  }
  ({ base, close } = await serveApp(app));
}, 60_000);
afterAll(() => close?.());

const get = (path: string) => getPage(base, path);

/** The section headed `heading`: its rows as text, the block rows apart, and its pager's links. */
function section(html: string, heading: string) {
  const text = sectionHtml(html, heading);
  const rows = [...text.matchAll(/<tr( class="block")?[^>]*>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => ({
    block: m[1] !== undefined,
    text: (m[2] ?? '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  }));
  const links = pagerLinks(text);
  return { text, rows, links };
}

/** Every page of the section from `path` on, following its "next" links. */
async function walk(path: string, heading: string) {
  const pages: ReturnType<typeof section>[] = [];
  let next: string | undefined = path;
  while (next) {
    const s = section((await get(next)).html, heading);
    pages.push(s);
    next = s.links.next;
  }
  return pages;
}

const code = (row: string) => row.split(' ')[0] ?? '';

describe('GET / with more units than one page', () => {
  it('pages the progress table: every block on every page, each unit on exactly one', async () => {
    const first = section((await get('/')).html, 'Progress');
    expect(first.rows.filter((r) => !r.block).length).toBe(50);
    expect(first.text).toContain(`Showing 1–50 of ${UNITS}.`);
    expect(first.links).toEqual({ next: '/?lang=en&ppage=2#progress' });

    const pages = await walk('/', 'Progress');
    expect(pages.length).toBe(3);
    const blockRows = pages[0]?.rows.filter((r) => r.block).map((r) => r.text);
    expect(blockRows?.length).toBe(BLOCKS.length);
    for (const p of pages) expect(p.rows.filter((r) => r.block).map((r) => r.text)).toEqual(blockRows);
    const units = pages.flatMap((p) => p.rows.filter((r) => !r.block).map((r) => code(r.text)));
    const all = (await app.services.publicView.units()).map((u) => u.code);
    expect([...units].sort()).toEqual([...all].sort());
    expect(new Set(units).size).toBe(UNITS);
    // A block's row still counts all its units: its open blockers are the sum over every page.
    const numbers = (row: string) => row.split(' ').slice(-6).map(Number);
    const government = blockRows?.find((r) => r.startsWith('Government')) ?? '';
    const own = pages.flatMap((p) => {
      const at = p.rows.findIndex((r) => r.text === government);
      const end = p.rows.findIndex((r, i) => i > at && r.block);
      return p.rows.slice(at + 1, end < 0 ? undefined : end).map((r) => numbers(r.text));
    });
    expect(own.reduce((sum, n) => sum.map((x, i) => x + (n[i] ?? 0)), [0, 0, 0, 0, 0, 0])).toEqual(
      numbers(government),
    );
  });

  it('pages the reporting-discipline table, each unit with roadmap items on exactly one page', async () => {
    const first = section((await get('/')).html, 'Reporting discipline');
    expect(first.rows.length).toBe(50);
    expect(first.text).toContain(`Showing 1–50 of ${UNITS}.`);
    expect(first.links).toEqual({ next: '/?lang=en&dpage=2#reporting' });
    const units = (await walk('/', 'Reporting discipline')).flatMap((p) => p.rows.map((r) => code(r.text)));
    expect(new Set(units).size).toBe(UNITS);
    expect(units.length).toBe(UNITS);
  });

  it('keeps the filters and the other tables’ pages in its links; past the end is the last page', async () => {
    const html = (await get('/?block=party&page=2&rpage=2&ppage=1&dpage=1')).html;
    const party = section(html, 'Progress');
    const partyUnits = (await app.services.publicView.units()).filter((u) => u.block === 'party').length;
    expect(party.rows.filter((r) => r.block).map((r) => code(r.text))).toEqual(['Party']);
    expect(party.text).toContain(`Showing 1–${Math.min(50, partyUnits)} of ${partyUnits}.`);
    const both = (await get('/?block=government&page=2&rpage=3&ppage=2&dpage=2')).html;
    expect(section(both, 'Progress').links.prev).toBe(
      '/?block=government&lang=en&page=2&rpage=3&dpage=2#progress',
    );
    expect(section(both, 'Reporting discipline').links.prev).toBe(
      '/?block=government&lang=en&page=2&rpage=3&ppage=2#reporting',
    );
    const past = section((await get('/?ppage=99999')).html, 'Progress');
    expect(past.text).toContain(`Showing 101–${UNITS} of ${UNITS}.`);
    expect(past.links).toEqual({ prev: '/?lang=en&ppage=2#progress' });
  });

  it('speaks Vietnamese in the pagers with ?lang=vi', async () => {
    const html = (await get('/?lang=vi&dpage=2')).html;
    expect(section(html, 'Tiến độ').text).toContain(`Hiển thị 1–50 trên tổng số ${UNITS}.`);
    const vi = section(html, 'Kỷ luật báo cáo');
    expect(vi.text).toContain(`Hiển thị 51–100 trên tổng số ${UNITS}.`);
    expect(vi.links).toEqual({ prev: '/?lang=vi#reporting', next: '/?lang=vi&dpage=3#reporting' });
  });

  it('answers a bad units page with 400 and one line', async () => {
    for (const path of ['/?ppage=0', '/?dpage=x', '/?ppage=1.5']) {
      const { res, html } = await get(path);
      expect(res.status, path).toBe(400);
      expect(html).toMatch(/is not a page number; give a whole number from 1\./);
    }
  });
});
