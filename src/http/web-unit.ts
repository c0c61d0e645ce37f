/**
 * A unit's public page (`/units/CODE`): its roadmap items with owners and status, its blockers, and
 * its weekly reporting record over the monitoring period. The same records as the main page.
 */

import { formatDate, formatDateTime } from '../dates.ts';
import { OPEN_STATUSES } from '../domain/blocker-status.ts';
import type { UnitRecord } from '../domain/records.ts';
import type { Discipline, RoadmapLine, SummaryData } from '../domain/summary-model.ts';
import { riskText, spanText } from '../present/summary.ts';
import { PAGE_SIZE, unitBlockersTable } from './web-blockers.ts';
import { esc, page, table } from './web-html.ts';
import {
  type Ctx,
  disciplineSection,
  langQuery,
  percentCell,
  roadmapStatusCell,
  tag,
  unitName,
  when,
} from './web-parts.ts';
import { queryString, type WebQuery } from './web-query.ts';
import type { WebViewDeps } from './web-view.ts';

/** The unit's roadmap items: owner, due date, latest percent and status. */
function itemsTable(ctx: Ctx, items: RoadmapLine[], name: string): string {
  const { t } = ctx;
  return table({
    caption: t('web.unit_items'),
    head: [
      t('web.col.id'),
      t('web.col.deliverable'),
      t('web.col.owner'),
      t('web.col.due'),
      t('web.col.percent'),
      t('web.col.status'),
    ],
    rows: items.map((l) => ({
      cells: [
        `R-${l.item.id}`,
        l.item.title,
        l.owner?.name ?? name,
        when(ctx, l.item.due),
        percentCell(ctx, l.latest),
        roadmapStatusCell(ctx, l.status, l.reason ? riskText(t, l.reason) : undefined),
      ],
    })),
    empty: t('web.nothing'),
    numeric: [4],
  });
}

/** The unit's reporting over the period: a row a week, a column a roadmap item. */
function recordTable(ctx: Ctx, month: SummaryData, record: Discipline | undefined): string {
  const { t } = ctx;
  const [from, to] = spanText(ctx.tz, month).split('–');
  return table({
    caption: t('web.unit_reporting_caption', { from, to }),
    head: [t('web.col.week'), ...(record?.byItem ?? []).map((b) => `R-${b.item.id}`)],
    rows: (record?.weeks ?? []).map((w, wi) => ({
      cells: [
        formatDate(w, ctx.tz),
        ...(record?.byItem ?? []).map((b) => {
          const tm = b.timings[wi] ?? null;
          return tm === null ? '—' : t(`timing.${tm}`);
        }),
      ],
    })),
    empty: t('web.nothing'),
  });
}

/** The skip link, the way back and the other language, the unit's name, block, alert and as-of. */
function unitHeader(ctx: Ctx, unit: UnitRecord, name: string): string {
  const { t } = ctx;
  const other = ctx.lang === 'vi' ? 'en' : 'vi';
  return `<a class="skip" href="#main">${esc(t('web.skip'))}</a>
<header>
<p class="muted"><a href="/${esc(langQuery(ctx))}">${esc(t('web.all'))}</a> · <a lang="${other}" hreflang="${other}" href="/units/${esc(encodeURIComponent(unit.code))}${other === 'en' ? '?lang=en' : '?lang=vi'}">${other === 'en' ? 'English' : 'Tiếng Việt'}</a></p>
<h1>${esc(name)} <span class="muted">${esc(unit.code)}</span></h1>
<p>${esc(t('web.unit_intro', { block: t(`block.${unit.block}`) }))}${unit.onAlert ? ` ${tag('bad', t('summary.on_alert')).html}` : ''}</p>
<p class="muted">${esc(t('web.as_of', { date: formatDateTime(ctx.now, ctx.tz) }))}</p>
</header>`;
}

/** The page of `unit`, in the language of `q`. */
export async function renderUnitPage(deps: WebViewDeps, q: WebQuery, unit: UnitRecord): Promise<string> {
  const t = q.t;
  const [month, open] = await Promise.all([
    deps.services.summary.compute(null, 'month', unit.block, { overdue: 'top' }),
    deps.view.page({ unit, statuses: OPEN_STATUSES }, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE }),
  ]);
  const ctx: Ctx = { t, tz: deps.tz, now: month.asOf, lang: q.lang };
  const name = unitName(ctx, unit);
  const items = month.roadmap.filter((l) => l.unit.id === unit.id);
  const line = month.blocks.flatMap((b) => b.units).find((u) => u.unit.id === unit.id);
  const pageHref = (n: number) =>
    `/units/${encodeURIComponent(unit.code)}${queryString({ lang: q.lang, page: n > 1 ? String(n) : null })}#blockers`;
  const body = [
    `<section aria-labelledby="items"><h2 id="items">${esc(t('web.unit_items'))}</h2>${itemsTable(ctx, items, name)}</section>`,
    `<section aria-labelledby="blockers"><h2 id="blockers">${esc(t('web.unit_blockers'))}</h2>${unitBlockersTable(ctx, open, pageHref)}</section>`,
    `<section aria-labelledby="record"><h2 id="record">${esc(t('web.unit_reporting'))}</h2>${recordTable(ctx, month, line?.discipline)}</section>`,
    disciplineSection(ctx, month, unit),
  ].join('\n');
  return page({
    lang: q.lang,
    title: `${name} — ${t('web.title')}`,
    header: unitHeader(ctx, unit, name),
    body,
    footer: `<p>${esc(t('web.footer'))}</p>`,
  });
}
