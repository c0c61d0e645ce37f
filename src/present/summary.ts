import { formatDate } from '../dates.ts';
import type { Reply, ReplyTable } from '../domain/reply.ts';
import type { Counts, OpenLine, RiskReason, SummaryData, SummaryUnit } from '../domain/summary-model.ts';
import { type Lang, SOURCES } from '../domain/types.ts';
import type { ReportTiming } from '../domain/vocabulary.ts';
import type { Translate } from '../i18n/index.ts';

/** How a summary is worded: the chat's language and the reader's time zone. */
export interface Look {
  t: Translate;
  lang: Lang;
  tz: string;
}

export const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** A unit by its name in the chat's language (Vietnamese name when there is one). */
export function unitName(lang: Lang, u: SummaryUnit | null): string {
  if (!u) return '—';
  return lang === 'vi' && u.nameVi ? u.nameVi : u.name;
}

/** The last day of a span, for "15/11/2026–14/12/2026". */
export function spanText(tz: string, s: { from: Date; to: Date }): string {
  return `${formatDate(s.from, tz)}–${formatDate(new Date(s.to.getTime() - 1), tz)}`;
}

export const TIMING_MARK: Record<ReportTiming, string> = {
  on_time: '✓',
  late: '~',
  missing: '✗',
  pending: '…',
};

/** A unit's weeks as marks (`✓ ~ ✗ …`, `·` for a week it owed nothing). */
export function timingStrip(timings: readonly (ReportTiming | null)[]): string {
  return timings.map((w) => (w === null ? '·' : TIMING_MARK[w])).join(' ');
}

export function riskText(t: Translate, r: RiskReason | null): string {
  if (!r) return '';
  return r.kind === 'behind'
    ? t('summary.behind', { points: r.points, reported: r.reported, expected: r.expected })
    : t('summary.no_report');
}

const cells = (c: Counts) =>
  [c.roadmap.done, c.roadmap.on_track, c.roadmap.at_risk, c.roadmap.late, c.open, c.overdue].map(String);

/** Per block (always all four), then the units with anything to show, by name. */
export function summaryTable(look: Look, s: SummaryData): ReplyTable {
  const { t, lang } = look;
  const rows: ReplyTable['rows'] = [];
  for (const b of s.blocks) {
    rows.push({ cells: [t(`block.${b.block}`), ...cells(b.counts)], strong: true });
    for (const u of b.units) {
      const c = u.counts;
      const busy = u.hasRoadmap || c.open + c.opened + c.resolved + c.extRequested > 0;
      if (busy) rows.push({ cells: [unitName(lang, u.unit), ...cells(c)] });
    }
  }
  rows.push({ cells: [t('summary.total'), ...cells(s.totals)], strong: true });
  return {
    head: ['', 'done', 'on_track', 'at_risk', 'late', 'open', 'overdue'].map((k, i) =>
      i === 0 ? t('summary.col.unit') : t(`summary.col.${k}`),
    ),
    longHead: [
      t('summary.col.unit'),
      t('rstatus.done'),
      t('rstatus.on_track'),
      t('rstatus.at_risk'),
      t('rstatus.late'),
      t('summary.long.open'),
      t('summary.long.overdue'),
    ],
    rows,
    legend: t('summary.legend'),
  };
}

function changeLine(t: Translate, s: SummaryData): string {
  return t('summary.change', {
    period: t(s.period === 'week' ? 'summary.last_week' : 'summary.last_month'),
    opened: signed(s.totals.opened - s.previous.opened),
    resolved: signed(s.totals.resolved - s.previous.resolved),
    open: signed(s.totals.open - s.previous.open),
    overdue: signed(s.totals.overdue - s.previous.overdue),
  });
}

/** The totals, the change against the previous period, the sources and the extensions. */
function figureLines(t: Translate, s: SummaryData): string[] {
  const c = s.totals;
  return [
    `${t('summary.total')}: ${t('summary.counts', {
      done: c.roadmap.done,
      on_track: c.roadmap.on_track,
      at_risk: c.roadmap.at_risk,
      late: c.roadmap.late,
      opened: c.opened,
      resolved: c.resolved,
      open: c.open,
      overdue: c.overdue,
    })}`,
    changeLine(t, s),
    `${t('summary.by_source')}: ${SOURCES.map((src) => {
      const x = s.bySource[src];
      return `${t(`source.${src}`)} ${x.opened}/${x.resolved}/${x.open}`;
    }).join(' · ')} (${t('summary.source_legend')})`,
    t('summary.extensions', {
      requested: s.extensions.requested,
      approved: s.extensions.approved,
      rejected: s.extensions.rejected,
      pending: s.extensions.pending,
      days: s.extensions.slippedDays,
    }),
  ];
}

/** Reporting discipline of the units with a roadmap, then who has not reported and who is on alert. */
function reportingLines(look: Look, s: SummaryData): string[] {
  const { t, lang } = look;
  const lines: string[] = [];
  const reporting = s.blocks.flatMap((b) => b.units).filter((u) => u.hasRoadmap);
  if (reporting.length) {
    lines.push('', `${t('summary.discipline')} (${t('summary.discipline_legend')}):`);
    for (const u of reporting) {
      const score =
        u.discipline.score === null
          ? t('summary.no_score')
          : t('summary.score', { score: u.discipline.score });
      lines.push(`  ${unitName(lang, u.unit)}: ${timingStrip(u.discipline.timings)} — ${score}`);
    }
  }
  const names = (us: SummaryUnit[]) =>
    us.length ? us.map((u) => unitName(lang, u)).join(', ') : t('word.none');
  lines.push(
    '',
    `${t('summary.not_reported')}: ${names(s.notReported)}`,
    `${t('summary.on_alert')}: ${names(s.onAlert)}`,
  );
  return lines;
}

/** What needs attention: the items at risk and why, what falls due soon, the most overdue blockers. */
function attentionLines(look: Look, s: SummaryData): string[] {
  const { t, lang, tz } = look;
  const lines: string[] = [];
  if (s.atRisk.length) {
    lines.push('', t('summary.at_risk_title'));
    for (const r of s.atRisk)
      lines.push(`  R-${r.item.id} ${r.item.title} — ${unitName(lang, r.unit)}: ${riskText(t, r.reason)}`);
  }
  lines.push('', `${t('summary.due_soon')}${s.dueSoon.length ? '' : ` ${t('word.none')}`}`);
  for (const d of s.dueSoon)
    lines.push(`  ${d.label} ${d.title} — ${unitName(lang, d.unit)}, ${formatDate(d.due, tz)}`);
  if (s.mostOverdue.length) {
    lines.push('', t('summary.most_overdue'));
    for (const o of s.mostOverdue) {
      const owner = [unitName(lang, o.unit), o.owner?.name].filter(Boolean).join(' · ');
      const overdue = t(o.days === 1 ? 'summary.overdue_one_day' : 'summary.overdue_days', { days: o.days });
      const date = o.blocker.deadline ? formatDate(o.blocker.deadline, tz) : '—';
      lines.push(
        `  B-${o.blocker.id} ${o.blocker.title} — ${t('summary.overdue_item', { owner, overdue, date })}`,
      );
    }
  }
  return lines;
}

/** How many open items a unit shows before "and N more". */
export const OPEN_PER_UNIT = 5;

/** A unit's open items as short texts (`B-2 Title (20/03/2026)`), the first few, then "and N more". */
export function openItemTexts(look: Look, items: readonly OpenLine[]): string[] {
  const { t, tz } = look;
  const shown = items
    .slice(0, OPEN_PER_UNIT)
    .map((i) => `${i.label} ${i.title} (${i.due ? formatDate(i.due, tz) : t('summary.no_deadline')})`);
  const more = items.length - shown.length;
  return more > 0 ? [...shown, t('summary.and_more', { count: more })] : shown;
}

/** What is still open per unit (not overdue), the ones due before the next report first. */
function openLines(look: Look, s: SummaryData): string[] {
  const { t, lang } = look;
  const lines = ['', `${t('summary.still_open')}${s.stillOpen.length ? '' : ` ${t('word.none')}`}`];
  for (const u of s.stillOpen)
    lines.push(`  ${unitName(lang, u.unit)}: ${openItemTexts(look, u.items).join('; ')}`);
  return lines;
}

/**
 * The weekly summary for the meeting screen (and `/summary month` in chat): totals and the change
 * against the previous period, a compact table of every block and its units, reporting discipline,
 * why each at-risk item is at risk, what falls due in the next 7 days, the most overdue, and what
 * is still open per unit.
 */
export function summaryReply(look: Look, s: SummaryData): Reply {
  const { t, tz } = look;
  const title = t(s.period === 'week' ? 'summary.week_title' : 'summary.month_title', {
    from: formatDate(s.from, tz),
    to: formatDate(new Date(s.to.getTime() - 1), tz),
    block: s.block ? ` · ${t(`block.${s.block}`)}` : '',
  });
  const lines = [
    ...figureLines(t, s),
    ...reportingLines(look, s),
    ...attentionLines(look, s),
    ...openLines(look, s),
  ];
  return { kind: 'ok', visibility: 'channel', title, lines, table: summaryTable(look, s) };
}
