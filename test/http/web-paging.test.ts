/**
 * The public page and a unit's page at more blockers than one page holds: 50 rows with "Showing
 * 1–50 of N" and links to the next and previous pages that keep the filters; every listed blocker
 * on exactly one page, no private call and no void one on any; a bad page is a one-line 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { UnitRecord } from '../../src/domain/records.ts';
import { toBlocker } from '../../src/store/rows.ts';
import { blockers } from '../../src/store/schema.ts';
import { serveApp } from '../support/app.ts';
import { expected, generatedApp } from './generated.ts';
import { getPage, pagerLinks, sectionHtml } from './page-parts.ts';

let app: App;
let close: (() => Promise<void>) | undefined;
let base = '';
let units: UnitRecord[];
let all: ReturnType<typeof toBlocker>[];
const OPEN = ['new', 'open', 'in_progress'] as const;

beforeAll(async () => {
  ({ app, units } = await generatedApp({}, 600));
  all = (await app.database.db.select().from(blockers).orderBy(blockers.id)).map(toBlocker);
  ({ base, close } = await serveApp(app));
}, 60_000);
afterAll(() => close?.());

const get = (path: string) => getPage(base, path);

/** The text of the section headed `heading`, and its table rows' first cells (the ids). */
function section(html: string, heading: string) {
  const text = sectionHtml(html, heading);
  const ids = [...text.matchAll(/<tr[^>]*><th scope="row"[^>]*>B-(\d+)</g)].map((m) => Number(m[1]));
  const links = pagerLinks(text);
  return { text, ids, links };
}

const unit = (code: string) => units.find((u) => u.code === code) ?? null;

describe('GET / with more open blockers than one page', () => {
  it('shows the 50 most urgent, the total, and a link to the next page', async () => {
    const want = expected(all, units, { statuses: OPEN });
    expect(want.length).toBeGreaterThan(100);
    const { res, html } = await get('/');
    expect(res.status).toBe(200);
    const r = section(html, 'Responsibilities');
    expect(r.ids).toEqual(want.slice(0, 50));
    expect(r.text).toContain(`Showing 1–50 of ${want.length}.`);
    expect(r.links).toEqual({ next: '/?lang=en&page=2#responsibilities' });
    expect(r.text).toContain(`page 1 of ${Math.ceil(want.length / 50)}`);
  });

  it('lists every open listed blocker on exactly one page, and no private call or void one', async () => {
    const want = expected(all, units, { statuses: OPEN });
    const seen: number[] = [];
    let path: string | undefined = '/';
    while (path) {
      const r = section((await get(path)).html, 'Responsibilities');
      seen.push(...r.ids);
      path = r.links.next;
    }
    expect(seen).toEqual(want);
    const hidden = all.filter(
      (b) =>
        b.voidedAt !== null || (b.source === 'hotline' && (b.status === 'new' || b.ownerUnitId === null)),
    );
    expect(hidden.length).toBeGreaterThan(10);
    expect(seen.filter((id) => hidden.some((b) => b.id === id))).toEqual([]);
  });

  it('keeps block and language in the links; page 2 has both links; past the end is the last page', async () => {
    const want = expected(all, units, { statuses: OPEN, block: 'government' });
    const { html } = await get('/?block=government&lang=vi&page=2');
    const r = section(html, 'Trách nhiệm');
    expect(r.ids).toEqual(want.slice(50, 100));
    expect(r.links).toEqual({
      prev: '/?block=government&lang=vi#responsibilities',
      next: '/?block=government&lang=vi&page=3#responsibilities',
    });
    expect(r.text).toContain(`Hiển thị 51–100 trên tổng số ${want.length}.`);
    const last = Math.ceil(want.length / 50);
    const past = section(
      (await get('/?block=government&page=9999999999999999999999')).html,
      'Responsibilities',
    );
    expect(past.ids).toEqual(want.slice((last - 1) * 50));
    expect(past.links.next).toBeUndefined();
    expect(past.links.prev).toBe(`/?block=government&lang=en&page=${last - 1}#responsibilities`);
  });

  it('shows at most 50 of the period’s resolved blockers, most recent first, with the total', async () => {
    const { html } = await get('/');
    const results = section(html, 'Results');
    expect(results.ids.length).toBeLessThanOrEqual(50);
    const total = Number(/Showing 1–\d+ of (\d+)\./.exec(results.text)?.[1]);
    expect(total).toBeGreaterThan(results.ids.length);
    const at = results.ids.map((id) => all.find((b) => b.id === id)?.resolvedAt?.getTime() ?? 0);
    expect(at).toEqual([...at].sort((a, b) => b - a));
  });

  it('answers a bad page with 400 and one line, on the page and on a unit’s page', async () => {
    for (const path of ['/?page=0', '/?page=abc', '/?page=-2', '/?page=1.5', '/units/MOF?page=x']) {
      const { res, html } = await get(path);
      expect(res.status, path).toBe(400);
      expect(html).toMatch(/<p>&quot;[^&]*&quot; is not a page number; give a whole number from 1\.<\/p>/);
    }
    expect((await get('/?page=')).res.status).toBe(200);
  });

  it('pages a unit’s blockers on its page too', async () => {
    const want = expected(all, units, { statuses: OPEN, unit: unit('MOF') });
    expect(want.length).toBeGreaterThan(50);
    const first = section((await get('/units/MOF')).html, 'Blockers');
    expect(first.ids).toEqual(want.slice(0, 50));
    expect(first.links).toEqual({ next: '/units/MOF?lang=en&page=2#blockers' });
    const second = section((await get('/units/MOF?page=2')).html, 'Blockers');
    expect(second.ids).toEqual(want.slice(50, 100));
    expect(second.links.prev).toBe('/units/MOF?lang=en#blockers');
  });
});
