/** Pieces the public pages share: the page context, unit links, dates, tags, reporting discipline. */
import { formatDate, formatDateSmart } from '../dates.ts';
import type { UnitRecord } from '../domain/records.ts';
import type { SummaryData } from '../domain/summary-model.ts';
import { BLOCKS, type Lang, type RoadmapStatus } from '../domain/types.ts';
import { daysOverdue, type ReportTiming } from '../domain/vocabulary.ts';
import type { Translate } from '../i18n/index.ts';
import { spanText, TIMING_MARK } from '../present/summary.ts';
import { esc, type Html, raw, table } from './web-html.ts';
import { queryString } from './web-query.ts';

export interface Ctx {
  t: Translate;
  tz: string;
  now: Date;
  lang: Lang;
}

export const unitName = (ctx: Ctx, u: UnitRecord) => (ctx.lang === 'vi' && u.nameVi ? u.nameVi : u.name);

/**
 * `?lang=…` on every link, so the page keeps its language even when the browser's Accept-Language
 * (or BOT_LOCALE) would pick the other one.
 */
export const langQuery = (ctx: Ctx) => queryString({ lang: ctx.lang });

export const unitHref = (ctx: Ctx, u: UnitRecord) => `/units/${encodeURIComponent(u.code)}${langQuery(ctx)}`;

/** The unit by name, linked to its page, with its code. */
export const unitCell = (ctx: Ctx, u: UnitRecord | null): Html =>
  raw(
    u
      ? `<a href="${esc(unitHref(ctx, u))}">${esc(u.code)} <span class="muted">${esc(unitName(ctx, u))}</span></a>`
      : '—',
  );

export const when = (ctx: Ctx, d: Date | null): Html =>
  raw(d ? `<time datetime="${esc(d.toISOString())}">${esc(formatDateSmart(d, ctx.tz))}</time>` : '—');

export const tag = (kind: string, text: string) => raw(`<span class="tag ${kind}">${esc(text)}</span>`);

/** A roadmap status as a coloured tag, the same on the page and on a unit's page. */
const ROADMAP_STATUS_TAG: Record<RoadmapStatus, string> = {
  late: 'bad',
  at_risk: 'warn',
  on_track: 'ok',
  done: 'ok',
};
export const roadmapStatusTag = (ctx: Ctx, status: RoadmapStatus): Html =>
  tag(ROADMAP_STATUS_TAG[status], ctx.t(`rstatus.${status}`));

/** A roadmap item's status tag, with why it is at risk beside it when there is a reason. */
export const roadmapStatusCell = (ctx: Ctx, status: RoadmapStatus, why: string | undefined): Html =>
  raw(`${roadmapStatusTag(ctx, status).html}${why ? ` ${esc(why)}` : ''}`);

/** A roadmap item's latest percent, or "no report". */
export const percentCell = (ctx: Ctx, latest: { percent: number } | null): string =>
  latest ? `${latest.percent} %` : ctx.t('web.no_report');

/** A deadline, with "N days overdue" beside it when it has passed. */
export function deadlineWithOverdue(ctx: Ctx, deadline: Date, overdue: boolean): Html {
  if (!overdue) return when(ctx, deadline);
  const days = daysOverdue(deadline, ctx.now, ctx.tz);
  return raw(`${when(ctx, deadline).html} ${tag('bad', ctx.t('web.overdue_days', { days })).html}`);
}

/** A row of weekly marks with the words for screen readers and a tooltip. */
export function timingMarks(ctx: Ctx, weeks: Date[], timings: readonly (ReportTiming | null)[]): Html {
  const words = weeks.map((w, i) => {
    const tm = timings[i] ?? null;
    return `${formatDate(w, ctx.tz).slice(0, 5)}: ${tm === null ? '—' : ctx.t(`timing.${tm}`)}`;
  });
  const marks = timings.map((tm) => (tm === null ? '·' : TIMING_MARK[tm])).join(' ');
  return raw(
    `<span class="strip" aria-hidden="true" title="${esc(words.join('; '))}">${esc(marks)}</span><span class="sr">${esc(words.join('; '))}</span>`,
  );
}

const score = (ctx: Ctx, n: number | null) => (n === null ? ctx.t('web.no_score') : `${n} %`);

/** A table's rows cut to one page, and what follows the table (its pager). */
export type OnePage = <T>(all: T[]) => { rows: T[]; after: string };

/**
 * Reporting discipline of every unit with roadmap items over the monitoring period; with `onePage`
 * one page of them (the main page's `?dpage=`) and its pager.
 */
export function disciplineSection(
  ctx: Ctx,
  month: SummaryData,
  only: UnitRecord | null = null,
  onePage: OnePage = (all) => ({ rows: all, after: '' }),
): string {
  const t = ctx.t;
  const { rows: lines, after } = onePage(
    month.blocks.flatMap((b) => b.units).filter((u) => u.hasRoadmap && (!only || u.unit.id === only.id)),
  );
  return `<section aria-labelledby="reporting"><h2 id="reporting">${esc(t('web.reporting'))}</h2>
<p class="muted">${esc(t('summary.discipline_legend'))}</p>
${table({
  caption: t('web.reporting_caption', {
    from: spanText(ctx.tz, month).split('–')[0],
    to: spanText(ctx.tz, month).split('–')[1],
  }),
  head: [t('web.col.unit'), t('web.col.block'), t('web.col.weeks'), t('web.col.score')],
  rows: lines.map((u) => ({
    cells: [
      unitCell(ctx, u.unit),
      t(`block.${u.unit.block}`),
      timingMarks(ctx, u.discipline.weeks, u.discipline.timings),
      score(ctx, u.discipline.score),
    ],
  })),
  empty: t('web.nothing'),
  numeric: [3],
})}
${after}</section>`;
}

/** Links to every unit's page, per block. */
export function unitsNav(ctx: Ctx, units: UnitRecord[]): string {
  const t = ctx.t;
  const groups = BLOCKS.map((b) => {
    const us = units.filter((u) => u.block === b);
    if (!us.length) return '';
    const links = us.map((u) => `<li><a href="${esc(unitHref(ctx, u))}">${esc(unitName(ctx, u))}</a></li>`);
    return `<h3>${esc(t(`block.${b}`))}</h3><ul>${links.join('')}</ul>`;
  }).join('\n');
  return `<nav class="units" aria-labelledby="units-nav"><h2 id="units-nav">${esc(t('web.units'))}</h2>
${groups}</nav>`;
}
