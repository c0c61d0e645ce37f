/**
 * The public page's roadmap table, one page of 50 at a time (`?rpage=`), like the blockers'
 * `?page=`: the most urgent first, "Showing 1–50 of N", links that keep the filters and the other
 * table's page; every item on exactly one page; a bad page number is a one-line 400.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { serveApp } from '../support/app.ts';
import { DAY, generatedApp, NOW } from './generated.ts';
import { getPage, pagerLinks, sectionHtml } from './page-parts.ts';

let app: App;
let close: (() => Promise<void>) | undefined;
let base = '';
const ITEMS = 120;

beforeAll(async () => {
  ({ app } = await generatedApp({}, 120));
  const db = app.database.db;
  const [mof] = (await app.services.publicView.units()).filter((u) => u.code === 'MOF');
  // Started 30 days ago, due from 20 days ago (late) to 100 days ahead; some reported.
  for (let i = 1; i <= ITEMS; i++) {
    const start = new Date(NOW.getTime() - 30 * DAY);
    const due = new Date(NOW.getTime() + (i - 20) * DAY);
    await db.execute(sql`insert into roadmap_items (id, unit_id, title, start_at, due, original_due, created_by_id, created_at)
      values (${i}, ${mof?.id ?? 1}, ${`Item ${i}`}, ${start.toISOString()}::timestamptz, ${due.toISOString()}::timestamptz,
        ${due.toISOString()}::timestamptz, 1, ${start.toISOString()}::timestamptz)`);
    if (i % 3 === 0)
      await db.execute(sql`insert into roadmap_reports (item_id, percent, reporter_id, at)
        values (${i}, ${i % 2 ? 100 : 40}, 1, ${new Date(NOW.getTime() - DAY).toISOString()}::timestamptz)`);
  }
  ({ base, close } = await serveApp(app));
}, 60_000);
afterAll(() => close?.());

const get = (path: string) => getPage(base, path);

function roadmap(html: string) {
  const text = sectionHtml(html, 'Roadmap items');
  const ids = [...text.matchAll(/<tr[^>]*><th scope="row"[^>]*>R-(\d+)</g)].map((m) => Number(m[1]));
  const links = pagerLinks(text);
  return { text, ids, links };
}

describe('GET / with more roadmap items than one page', () => {
  it('shows 50, the total and the next page; every item on exactly one page, most urgent first', async () => {
    const first = roadmap((await get('/')).html);
    expect(first.ids.length).toBe(50);
    expect(first.text).toContain(`Showing 1–50 of ${ITEMS}.`);
    expect(first.links).toEqual({ next: '/?lang=en&rpage=2#roadmap' });
    const seen: number[] = [];
    let path: string | undefined = '/';
    while (path) {
      const r = roadmap((await get(path)).html);
      seen.push(...r.ids);
      path = r.links.next;
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: ITEMS }, (_, i) => i + 1));
    // The order of the whole table: late, at risk, on track, done; then by due date.
    const views = await app.services.publicView.roadmap();
    const rank = ['late', 'at_risk', 'on_track', 'done'];
    const statusOf = new Map(views.map((v) => [v.item.id, rank.indexOf(v.status)]));
    const ranks = seen.map((id) => statusOf.get(id) ?? -1);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBeGreaterThan(2);
  });

  it('keeps the filters and the blockers’ page in its links; past the end is the last page', async () => {
    const r = roadmap((await get('/?block=government&page=2&rpage=2')).html);
    expect(r.ids.length).toBe(50);
    expect(r.links).toEqual({
      prev: '/?block=government&lang=en&page=2#roadmap',
      next: '/?block=government&lang=en&page=2&rpage=3#roadmap',
    });
    const past = roadmap((await get('/?rpage=99999')).html);
    expect(past.ids.length).toBe(ITEMS - 100);
    expect(past.text).toContain(`Showing 101–${ITEMS} of ${ITEMS}.`);
    expect(past.links).toEqual({ prev: '/?lang=en&rpage=2#roadmap' });
  });

  it('answers a bad roadmap page with 400 and one line', async () => {
    for (const path of ['/?rpage=0', '/?rpage=x', '/?rpage=1.5']) {
      const { res, html } = await get(path);
      expect(res.status, path).toBe(400);
      expect(html).toMatch(/is not a page number; give a whole number from 1\./);
    }
  });
});
