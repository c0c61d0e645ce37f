/**
 * The public page in Debian's Chromium (driven by playwright-core, never `playwright install`):
 * no horizontal scrolling on a 360 px phone or a 1366 px laptop, Vietnamese from Accept-Language,
 * a unit page with its items, and no axe-core violation. Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { HttpServer } from '../../src/http/server.ts';
import { blockers, roadmapItems, units } from '../../src/store/schema.ts';
import { serveDataset } from '../reports/dataset.ts';
import { TestClock, testApp } from '../support/app.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const clock = new TestClock(new Date('2026-11-10T08:00:00+07:00'));
let app: App;
let http: HttpServer;
let browser: Browser;
let base = '';

beforeAll(async () => {
  app = await testApp({ clock });
  ({ http, base } = await serveDataset(app, clock));
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await http?.close();
  await app?.close();
});

async function open(path: string, width: number, headers: Record<string, string> = {}) {
  // bypassCSP: the page allows no scripts, and axe-core has to be injected into it.
  const context = await browser.newContext({
    viewport: { width, height: 800 },
    extraHTTPHeaders: headers,
    bypassCSP: true,
  });
  const page = await context.newPage();
  const res = await page.goto(`${base}${path}`);
  return { page, status: res?.status(), close: () => context.close() };
}

/**
 * The page's width against the window, and the widest content of any element that scrolls on its
 * own (a table in a scroll box is as bad as a page that scrolls: its last columns are off-screen).
 */
const overflow = (p: Awaited<ReturnType<typeof open>>['page']) =>
  p.evaluate(() => {
    let inner = 0;
    for (const el of document.querySelectorAll('body *')) {
      // Visually hidden text (1 px, clipped, for screen readers) is meant to overflow.
      if (el.clientWidth <= 1) continue;
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
        inner = Math.max(inner, el.scrollWidth - el.clientWidth);
    }
    return { scroll: document.documentElement.scrollWidth, inner: window.innerWidth, hidden: inner };
  });

async function axeViolations(p: Awaited<ReturnType<typeof open>>['page']): Promise<string[]> {
  await p.evaluate(axeSource);
  return p.evaluate(async () => {
    // @ts-expect-error axe is the global the injected source defines
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return (result.violations as { id: string; nodes: { target: string[] }[] }[]).map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
}

describe.skipIf(!existsSync(CHROMIUM))('the public page in Chromium', () => {
  for (const width of [360, 1366]) {
    it(`has no horizontal overflow and no axe violation at ${width} px`, async () => {
      const { page, status, close } = await open('/', width);
      expect(status).toBe(200);
      const { scroll, inner, hidden } = await overflow(page);
      expect(scroll).toBeLessThanOrEqual(inner);
      expect(hidden).toBe(0);
      await page.screenshot({ path: `${ARTIFACTS}/home-${width}.png`, fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      await close();
    });
  }

  it('speaks Vietnamese when the browser asks for it (Accept-Language: vi), ?lang= first', async () => {
    const vi = await open('/', 360, { 'Accept-Language': 'vi-VN,vi;q=0.9,en;q=0.5' });
    expect(await vi.page.getAttribute('html', 'lang')).toBe('vi');
    const text = await vi.page.textContent('body');
    expect(text).toContain('Kỷ luật báo cáo');
    expect(text).toContain('Bộ Tài chính');
    await vi.page.screenshot({ path: `${ARTIFACTS}/home-vi-360.png`, fullPage: true });
    await vi.close();
    const en = await open('/?lang=en', 360, { 'Accept-Language': 'vi' });
    expect(await en.page.getAttribute('html', 'lang')).toBe('en');
    await en.close();
  });

  it('pages a long list of responsibilities, with the pager readable on a phone', async () => {
    const [unit] = await app.database.db.select().from(units).orderBy(units.id).limit(1);
    const at = new Date('2026-12-01T03:00:00Z');
    await app.database.db.insert(blockers).values(
      Array.from({ length: 60 }, (_, i) => ({
        id: 10_000 + i,
        title: `Paged blocker ${i} with a rather long title about the provincial data exchange portal`,
        category: 'other',
        source: 'agency',
        ownerUnitId: unit?.id ?? null,
        reportingUnitId: unit?.id ?? null,
        deadline: new Date(at.getTime() + i * 86_400_000),
        priority: 'normal',
        status: 'open',
        createdById: 1,
        createdAt: at,
        updatedAt: at,
      })),
    );
    for (const lang of ['en', 'vi']) {
      const { page, status, close } = await open(`/?page=2&lang=${lang}`, 360);
      expect(status).toBe(200);
      expect(await page.locator('nav.pager a[rel="prev"]').count()).toBe(1);
      const { scroll, inner, hidden } = await overflow(page);
      expect(scroll).toBeLessThanOrEqual(inner);
      expect(hidden).toBe(0);
      await page.screenshot({ path: `${ARTIFACTS}/home-page2-${lang}-360.png`, fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      await close();
    }
  });

  it('has a page per unit with its items, owners and reporting record, readable on a phone', async () => {
    const { page, status, close } = await open('/units/MIC', 360, { 'Accept-Language': 'vi' });
    expect(status).toBe(200);
    const text = await page.textContent('main');
    expect(text).toContain('R-1');
    expect(text).toContain('Data strategy');
    expect(text).toContain('chậm 16 điểm phần trăm'); // 66.5 % expected on 14/12 12:00, 50 % reported
    expect(text).toContain('muộn'); // the week of 23/11
    expect(text).toContain('63 %');
    const { scroll, inner, hidden } = await overflow(page);
    expect(scroll).toBeLessThanOrEqual(inner);
    expect(hidden).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/unit-MIC-360.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    await close();
  });

  // Last: the units it adds would change the other pages.
  it('pages the progress and reporting tables by unit, with their pagers readable on a phone', async () => {
    const at = new Date('2026-11-01T03:00:00Z');
    const extra = Array.from({ length: 60 }, (_, i) => ({
      id: 20_000 + i,
      code: `P${String(i).padStart(2, '0')}`,
      name: `Paged unit ${i} with a rather long name of a provincial department`,
      nameVi: `Đơn vị phân trang ${i} với tên khá dài của một sở cấp tỉnh`,
      block: 'government' as const,
      kind: 'agency' as const,
      createdAt: at,
    }));
    await app.database.db.insert(units).values(extra);
    await app.database.db.insert(roadmapItems).values(
      extra.map((u, i) => ({
        id: 20_000 + i,
        unitId: u.id,
        title: `Paged item ${i}`,
        startAt: at,
        due: new Date('2027-03-01T03:00:00Z'),
        originalDue: new Date('2027-03-01T03:00:00Z'),
        createdById: 1,
        createdAt: at,
      })),
    );
    for (const lang of ['en', 'vi']) {
      const { page, status, close } = await open(`/?ppage=2&dpage=2&lang=${lang}`, 360);
      expect(status).toBe(200);
      for (const id of ['progress', 'reporting'])
        expect(await page.locator(`section[aria-labelledby="${id}"] nav.pager a[rel="prev"]`).count()).toBe(
          1,
        );
      const { scroll, inner, hidden } = await overflow(page);
      expect(scroll).toBeLessThanOrEqual(inner);
      expect(hidden).toBe(0);
      await page.screenshot({ path: `${ARTIFACTS}/home-units-page2-${lang}-360.png`, fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      await close();
    }
  });
});
