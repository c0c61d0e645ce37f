/**
 * The public web view (DESIGN.md "Three publicities"): progress, responsibilities and results,
 * server-rendered from the live records. Read-only; every user-typed string is escaped.
 */
import { formatDateTime } from '../dates.ts';
import { OPEN_STATUSES } from '../domain/blocker-status.ts';
import type { UnitRecord } from '../domain/records.ts';
import { BLOCKS, type Lang, type RoadmapStatus, SOURCES, type Source } from '../domain/types.ts';
import { chartText } from '../present/chart.ts';
import { riskText } from '../present/summary.ts';
import type { Services } from '../services/index.ts';
import type { PublicView } from '../services/public-view.ts';
import type { RoadmapView } from '../services/roadmap.ts';
import type { Counts, SummaryData } from '../services/summary.ts';
import { PAGE_SIZE, pageOf, pager, resolvedTable, responsibilitiesSection } from './web-blockers.ts';
import { esc, type Html, page, table } from './web-html.ts';
import {
  type Ctx,
  disciplineSection,
  langQuery,
  percentCell,
  roadmapStatusCell,
  unitCell,
  unitName,
  unitsNav,
  when,
} from './web-parts.ts';
import { type PageParam, queryString, type WebQuery } from './web-query.ts';

export interface WebViewDeps {
  services: Services;
  view: PublicView;
  tz: string;
}

const RSTATUS_ORDER: RoadmapStatus[] = ['late', 'at_risk', 'on_track', 'done'];

/** The whole page for the filters in `q`. */
export async function renderWebView(deps: WebViewDeps, q: WebQuery): Promise<string> {
  const { services, view, tz } = deps;
  const t = q.t;
  const scope = q.block ?? q.unit?.block ?? null;
  const which = { unit: q.unit, block: q.block };
  const [[week, month], open, units, untriaged] = await Promise.all([
    // The page shows counts of blockers, none of the summaries' lists (its own are paged).
    services.summary.weekAndMonth(scope, { overdue: 'none', lists: false }),
    view.page({ ...which, statuses: OPEN_STATUSES }, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE }),
    view.units(),
    view.untriagedCalls(which),
  ]);
  const [resolved, unitResults] = await Promise.all([
    view.page({ ...which, resolvedIn: month }, { limit: PAGE_SIZE, offset: 0, order: 'resolved' }),
    q.unit
      ? Promise.all([view.resolvedBySource(which, week), view.resolvedBySource(which, month)])
      : Promise.resolve(null),
  ]);
  const now = week.asOf;
  const ctx: Ctx = { t, tz, now, lang: q.lang };
  const filters = { block: q.block, unit: q.unit?.code ?? null };
  const href = pageLink(q, filters);
  const pageHref = (n: number) => href({ page: n }, 'responsibilities');
  const roadmapHref = (n: number) => href({ rpage: n }, 'roadmap');
  const disciplinePage = <T>(all: T[]) => {
    const shown = pageOf(all, q.dpage);
    return {
      rows: shown.rows,
      after: pager(ctx, shown, t('web.reporting'), (n) => href({ dpage: n }, 'reporting')),
    };
  };

  const sections = [
    progressSection(ctx, week, q.unit, { page: q.ppage, href: (n) => href({ ppage: n }, 'progress') }),
    roadmapSection(
      ctx,
      // The week's roadmap lines are the items now: one roadmap pass for the summaries and the table.
      view.publicLines(week.roadmap.filter((l) => !q.unit || l.unit.id === q.unit.id)),
      new Map(week.atRisk.map((r) => [r.item.id, riskText(t, r.reason)])),
      {
        page: q.rpage,
        href: roadmapHref,
      },
    ),
    responsibilitiesSection(ctx, open, untriaged, pageHref),
    resultsSection(ctx, week, month, unitResults, resolvedTable(ctx, resolved)),
    disciplineSection(ctx, month, q.unit, disciplinePage),
    alertSection(
      ctx,
      week.onAlert.filter((u) => !q.unit || u.id === q.unit.id),
    ),
    unitsNav(ctx, units),
  ];
  if (!q.unit) sections.splice(1, 0, chartFigure(ctx, week, { block: q.block, lang: q.lang }));

  return page({
    lang: q.lang,
    title: t('web.title'),
    header: header(ctx, units, q, filters, month.key),
    body: sections.join('\n'),
    footer: `<p>${esc(t('web.footer'))}</p>`,
  });
}

/**
 * The address of this page with the paged tables at the pages of `q` but those in `pages`, the
 * filters and the language kept, at `anchor`.
 */
function pageLink(q: WebQuery, filters: { block: string | null; unit: string | null }) {
  return (pages: Partial<Record<PageParam, number>>, anchor: string) => {
    const at = { page: q.page, rpage: q.rpage, ppage: q.ppage, dpage: q.dpage, ...pages };
    const shown = (n: number) => (n > 1 ? String(n) : null);
    return `/${queryString({
      ...filters,
      lang: q.lang,
      page: shown(at.page),
      rpage: shown(at.rpage),
      ppage: shown(at.ppage),
      dpage: shown(at.dpage),
    })}#${anchor}`;
  };
}

function header(
  ctx: Ctx,
  units: UnitRecord[],
  q: WebQuery,
  filters: { block: string | null; unit: string | null },
  monthKey: string,
): string {
  const t = ctx.t;
  const opt = (value: string, label: string, selected: boolean) =>
    `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
  const blockSelect = [
    opt('', t('web.all_blocks'), !q.block),
    ...BLOCKS.map((b) => opt(b, t(`block.${b}`), q.block === b)),
  ].join('');
  const unitSelect = [
    opt('', t('web.all_units'), !q.unit),
    ...BLOCKS.map((b) => {
      const us = units.filter((u) => u.block === b);
      if (!us.length) return '';
      const opts = us.map((u) => opt(u.code, `${u.code} — ${unitName(ctx, u)}`, q.unit?.id === u.id));
      return `<optgroup label="${esc(t(`block.${b}`))}">${opts.join('')}</optgroup>`;
    }),
  ].join('');
  const langLink = (lang: Lang, label: string) =>
    lang === ctx.lang
      ? `<strong lang="${lang}">${label}</strong>`
      : `<a lang="${lang}" hreflang="${lang}" href="/${esc(queryString({ ...filters, lang }))}">${label}</a>`;
  const keep = queryString({ ...filters, lang: ctx.lang });
  const exportQuery = queryString(filters);
  return `<a class="skip" href="#main">${esc(t('web.skip'))}</a>
<header>
<p class="muted">${langLink('en', 'English')} · ${langLink('vi', 'Tiếng Việt')}</p>
<h1>${esc(t('web.title'))}</h1>
<p class="muted">${esc(t('web.as_of', { date: formatDateTime(ctx.now, ctx.tz) }))}</p>
<form method="get" action="/" aria-label="${esc(t('web.filter'))}">
<label>${esc(t('web.block'))}<select name="block">${blockSelect}</select></label>
<label>${esc(t('web.unit'))}<select name="unit">${unitSelect}</select></label>
<input type="hidden" name="lang" value="${esc(ctx.lang)}">
<button type="submit">${esc(t('web.apply'))}</button>
</form>
<p>${t('web.downloads', {
    csv: `<a href="/export/blockers.csv${esc(exportQuery)}">${esc(t('web.csv'))}</a>`,
    ics: `<a href="/calendar.ics${esc(keep)}">${esc(t('web.ics'))}</a>`,
  })} · <a href="/reports/monthly/${esc(monthKey)}.docx${esc(langQuery(ctx))}">${esc(t('web.monthly'))}</a></p>
</header>`;
}

function countCells(c: Counts): number[] {
  return [c.roadmap.done, c.roadmap.on_track, c.roadmap.at_risk, c.roadmap.late, c.open, c.overdue];
}

/**
 * Every block's counts, and under each its units: one page of {@link PAGE_SIZE} units of all the
 * blocks (`?ppage=`) with the pager; a block's row counts all its units, shown or not.
 */
function progressSection(
  ctx: Ctx,
  week: SummaryData,
  unit: UnitRecord | null,
  paging: { page: number; href: (page: number) => string },
): string {
  const t = ctx.t;
  const rows: { cells: (string | number | Html)[]; className?: string }[] = [];
  const units = pageOf(
    week.blocks.flatMap((b) => (unit ? [] : b.units)),
    paging.page,
  );
  const shown = new Set(units.rows);
  for (const b of week.blocks) {
    if (unit) {
      if (b.block !== unit.block) continue;
      const line = b.units.find((l) => l.unit.id === unit.id);
      rows.push({ cells: [unitCell(ctx, unit), ...(line ? countCells(line.counts) : [0, 0, 0, 0, 0, 0])] });
      continue;
    }
    rows.push({ cells: [t(`block.${b.block}`), ...countCells(b.counts)], className: 'block' });
    for (const l of b.units)
      if (shown.has(l)) rows.push({ cells: [unitCell(ctx, l.unit), ...countCells(l.counts)] });
  }
  return `<section aria-labelledby="progress"><h2 id="progress">${esc(t('web.progress'))}</h2>
${table({
  caption: t('web.progress_caption'),
  head: [
    t('web.col.unit'),
    t('rstatus.done'),
    t('rstatus.on_track'),
    t('rstatus.at_risk'),
    t('rstatus.late'),
    t('web.col.open'),
    t('web.col.overdue'),
  ],
  rows,
  empty: t('web.nothing'),
  numeric: [1, 2, 3, 4, 5, 6],
})}
${pager(ctx, units, t('web.progress'), paging.href)}</section>`;
}

function chartFigure(ctx: Ctx, week: SummaryData, params: { block: string | null; lang: Lang }): string {
  const { alt } = chartText(ctx.t, ctx.tz, week.weeks);
  const src = `/chart.png${queryString({ block: params.block, lang: params.lang })}`;
  return `<figure><img class="chart" src="${esc(src)}" width="800" height="420" alt="${esc(alt)}"></figure>`;
}

/**
 * The roadmap items with their latest report, most urgent first, one page of {@link PAGE_SIZE}
 * (`?rpage=`) with its pager; an at-risk one says why (`reasons`, by item id).
 */
function roadmapSection(
  ctx: Ctx,
  views: Pick<RoadmapView, 'item' | 'unit' | 'status' | 'latest'>[],
  reasons: Map<number, string>,
  paging: { page: number; href: (page: number) => string },
): string {
  const t = ctx.t;
  const sorted = [...views].sort(
    (a, b) =>
      RSTATUS_ORDER.indexOf(a.status) - RSTATUS_ORDER.indexOf(b.status) ||
      a.item.due.getTime() - b.item.due.getTime() ||
      a.item.id - b.item.id,
  );
  const shown = pageOf(sorted, paging.page);
  return `<section aria-labelledby="roadmap"><h2 id="roadmap">${esc(t('web.roadmap'))}</h2>
${table({
  caption: t('web.roadmap_caption'),
  head: [
    t('web.col.id'),
    t('web.col.unit'),
    t('web.col.deliverable'),
    t('web.col.due'),
    t('web.col.percent'),
    t('web.col.status'),
  ],
  rows: shown.rows.map((v) => ({
    cells: [
      `R-${v.item.id}`,
      unitCell(ctx, v.unit),
      v.item.title,
      when(ctx, v.item.due),
      percentCell(ctx, v.latest),
      roadmapStatusCell(ctx, v.status, reasons.get(v.item.id)),
    ],
    className: v.status === 'late' ? 'overdue' : undefined,
  })),
  empty: t('web.nothing'),
  numeric: [4],
})}
${pager(ctx, shown, t('web.roadmap'), paging.href)}</section>`;
}

function resultsSection(
  ctx: Ctx,
  week: SummaryData,
  month: SummaryData,
  /** A unit's resolved blockers by source, this week and this period (the summary has no such split). */
  unitResults: [Record<Source, number>, Record<Source, number>] | null,
  resolved: string,
): string {
  const t = ctx.t;
  const sum = (n: Record<Source, number>) => SOURCES.reduce((a, s) => a + n[s], 0);
  /** Resolved this week (0) or this period (1), from one source or all. */
  const count = (period: 0 | 1, source: Source | null) => {
    const own = unitResults?.[period];
    if (own) return source ? own[source] : sum(own);
    const s = period ? month : week;
    return source ? s.bySource[source].resolved : s.totals.resolved;
  };
  const rows = SOURCES.map((src) => ({ cells: [t(`source.${src}`), count(0, src), count(1, src)] }));
  rows.push({ cells: [t('web.total'), count(0, null), count(1, null)] });
  return `<section aria-labelledby="results"><h2 id="results">${esc(t('web.results'))}</h2>
<div class="cards">
<p class="card">${esc(t('web.this_week'))}<b>${count(0, null)}</b></p>
<p class="card">${esc(t('web.this_month'))}<b>${count(1, null)}</b></p>
</div>
${table({
  caption: t('web.results_caption'),
  head: [t('web.col.source'), t('web.this_week'), t('web.this_month')],
  rows,
  empty: t('web.nothing'),
  numeric: [1, 2],
})}
${resolved}</section>`;
}

function alertSection(ctx: Ctx, units: UnitRecord[]): string {
  const t = ctx.t;
  return `<section aria-labelledby="alert"><h2 id="alert">${esc(t('web.on_alert'))}</h2>
${table({
  caption: t('web.on_alert'),
  head: [t('web.col.unit'), t('web.col.block')],
  rows: units.map((u) => ({ cells: [unitCell(ctx, u), t(`block.${u.block}`)] })),
  empty: t('web.on_alert_none'),
})}</section>`;
}
