/**
 * The public pages' lists of blockers, one page at a time: the responsibilities table (open
 * blockers, most urgent first), a unit's blockers, the results of the period, and the pager.
 */
import type { PublicBlocker } from '../services/public-view.ts';
import { esc, type Html, raw, table } from './web-html.ts';
import { type Ctx, deadlineWithOverdue, unitCell, when } from './web-parts.ts';

/** Rows in one page of a public list. */
export const PAGE_SIZE = 50;

/** The page of `all` that holds row `offset` (past the end: the last page), {@link PAGE_SIZE} rows. */
export function pageOf<Row>(all: readonly Row[], page: number): Paged<Row> {
  const wanted = (page - 1) * PAGE_SIZE;
  const offset =
    wanted < all.length ? wanted : Math.max(0, Math.floor((all.length - 1) / PAGE_SIZE) * PAGE_SIZE);
  return { rows: all.slice(offset, offset + PAGE_SIZE), offset, total: all.length };
}

/** One page of a list: its rows, where it starts, and how many there are in all. */
export interface Paged<Row = PublicBlocker> {
  rows: Row[];
  offset: number;
  total: number;
}

/** A number as the page's language writes it (13,982 / 13.982). */
const count = (ctx: Ctx, n: number) => new Intl.NumberFormat(ctx.lang === 'vi' ? 'vi-VN' : 'en-US').format(n);

/**
 * "Showing 51–100 of 13,982" and links to the previous and next pages (`href(n)` is page `n`'s
 * address, other filters kept); nothing when the list is empty. Without `href` only the count.
 */
export function pager(ctx: Ctx, p: Paged<unknown>, what: string, href?: (page: number) => string): string {
  if (p.total === 0) return '';
  const t = ctx.t;
  const page = Math.floor(p.offset / PAGE_SIZE) + 1;
  const pages = Math.ceil(p.total / PAGE_SIZE);
  const showing = t('web.showing', {
    from: count(ctx, p.offset + 1),
    to: count(ctx, p.offset + p.rows.length),
    total: count(ctx, p.total),
  });
  if (!href || pages === 1) return `<p class="muted">${esc(showing)}</p>`;
  const links = [
    page > 1
      ? `<a rel="prev" href="${esc(href(page - 1))}">${esc(t('web.previous', { count: PAGE_SIZE }))}</a>`
      : '',
    `<span class="muted">${esc(t('web.page_of', { page: count(ctx, page), pages: count(ctx, pages) }))}</span>`,
    page < pages
      ? `<a rel="next" href="${esc(href(page + 1))}">${esc(t('web.next', { count: Math.min(PAGE_SIZE, p.total - page * PAGE_SIZE) }))}</a>`
      : '',
  ].filter(Boolean);
  return `<nav class="pager" aria-label="${esc(t('web.pages', { what }))}"><p>${esc(showing)}</p><p>${links.join(' ')}</p></nav>`;
}

/**
 * One page of open blockers as a table with its pager: the main page's (with the owner unit, an
 * undated one says so) and a unit's own (no unit column, an undated one shows a dash).
 */
function openBlockersTable(
  ctx: Ctx,
  open: Paged,
  opts: { caption: string; what: string; ownerUnit: boolean; href: (page: number) => string },
): string {
  const t = ctx.t;
  const deadline = (b: PublicBlocker): Html =>
    b.deadline
      ? deadlineWithOverdue(ctx, b.deadline, b.overdue)
      : opts.ownerUnit
        ? raw(esc(t('word.no_deadline')))
        : when(ctx, null);
  return `${table({
    caption: opts.caption,
    head: [
      t('web.col.id'),
      t('web.col.title'),
      ...(opts.ownerUnit ? [t('web.col.owner_unit')] : []),
      t('web.col.owner_person'),
      t('web.col.deadline'),
      t('web.col.status'),
    ],
    rows: open.rows.map((b) => ({
      cells: [
        b.ref,
        b.title,
        ...(opts.ownerUnit ? [unitCell(ctx, b.ownerUnit)] : []),
        b.ownerPerson ?? '—',
        deadline(b),
        t(`status.${b.status}`),
      ],
      className: b.overdue ? 'overdue' : undefined,
    })),
    empty: t('web.nothing'),
  })}
${pager(ctx, open, opts.what, opts.href)}`;
}

/** The open blockers with who is responsible (one page), and the count of calls awaiting triage. */
export function responsibilitiesSection(
  ctx: Ctx,
  open: Paged,
  untriaged: number,
  href: (page: number) => string,
): string {
  const t = ctx.t;
  return `<section aria-labelledby="responsibilities"><h2 id="responsibilities">${esc(t('web.responsibilities'))}</h2>
${openBlockersTable(ctx, open, {
  caption: t('web.responsibilities_caption'),
  what: t('web.responsibilities'),
  ownerUnit: true,
  href,
})}
<p class="muted">${esc(t('web.untriaged', { count: untriaged }))}</p></section>`;
}

/** A unit's open blockers (one page), on its own page. */
export function unitBlockersTable(ctx: Ctx, open: Paged, href: (page: number) => string): string {
  const what = ctx.t('web.unit_blockers');
  return openBlockersTable(ctx, open, { caption: what, what, ownerUnit: false, href });
}

/** The blockers resolved in the period, most recent first: the first page, and how many in all. */
export function resolvedTable(ctx: Ctx, done: Paged): string {
  const t = ctx.t;
  return `${table({
    caption: t('web.resolved_caption'),
    head: [
      t('web.col.id'),
      t('web.col.title'),
      t('web.col.owner_unit'),
      t('web.col.source'),
      t('web.col.resolved'),
    ],
    rows: done.rows.map((b) => ({
      cells: [b.ref, b.title, unitCell(ctx, b.ownerUnit), t(`source.${b.source}`), when(ctx, b.resolvedAt)],
    })),
    empty: t('web.nothing'),
  })}
${pager(ctx, done, t('web.resolved_caption'))}`;
}
