import { formatDate } from '../dates.ts';
import type { Reply } from '../domain/reply.ts';
import { fmtId, SOURCES } from '../domain/types.ts';
import type { Translate } from '../i18n/index.ts';
import type { Counts, SummaryData } from '../services/summary.ts';

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function countsLine(t: Translate, c: Counts): string {
  return t('summary.counts', {
    done: c.roadmap.done,
    on_track: c.roadmap.on_track,
    at_risk: c.roadmap.at_risk,
    late: c.roadmap.late,
    opened: c.opened,
    resolved: c.resolved,
    open: c.open,
    overdue: c.overdue,
  });
}

/** The weekly summary / monthly report as a reply: per block, then per unit, then the watch points. */
export function summaryReply(t: Translate, tz: string, s: SummaryData): Reply {
  const title = t(s.period === 'week' ? 'summary.week_title' : 'summary.month_title', {
    from: formatDate(s.from, tz),
    to: formatDate(s.to, tz),
    block: s.block ? ` · ${t(`block.${s.block}`)}` : '',
  });
  const lines: string[] = [];
  lines.push(`${t('summary.total')}: ${countsLine(t, s.totals)}`);
  lines.push(
    t('summary.change', {
      period: t(s.period === 'week' ? 'summary.last_week' : 'summary.last_month'),
      opened: signed(s.totals.opened - s.previous.opened),
      resolved: signed(s.totals.resolved - s.previous.resolved),
      open: signed(s.totals.open - s.previous.open),
      overdue: signed(s.totals.overdue - s.previous.overdue),
    }),
  );
  lines.push(
    `${t('summary.by_source')}: ${SOURCES.map((src) => {
      const x = s.bySource[src];
      return `${t(`source.${src}`)} ${x.opened}/${x.resolved}/${x.open}`;
    }).join(' · ')} (${t('summary.source_legend')})`,
  );
  lines.push(
    t('summary.extensions', {
      requested: s.extensions.requested,
      approved: s.extensions.approved,
      rejected: s.extensions.rejected,
      pending: s.extensions.pending,
    }),
  );
  for (const b of s.blocks) {
    if (b.units.length === 0 && b.counts.open === 0 && b.counts.opened === 0) continue;
    lines.push('');
    lines.push(`${t(`block.${b.block}`)}: ${countsLine(t, b.counts)}`);
    for (const u of b.units) lines.push(`  ${u.unit.code}: ${countsLine(t, u.counts)}`);
  }
  lines.push('');
  lines.push(
    `${t('summary.not_reported')}: ${s.notReported.length ? s.notReported.map((u) => u.code).join(', ') : t('word.none')}`,
  );
  lines.push(
    `${t('summary.on_alert')}: ${s.onAlert.length ? s.onAlert.map((u) => u.code).join(', ') : t('word.none')}`,
  );
  const items = s.mostOverdue.map((o) => ({
    id: fmtId.blocker(o.blocker.id),
    text: o.blocker.title,
    detail: t('summary.overdue_item', {
      owner: [o.unit?.code ?? '—', o.owner?.name].filter(Boolean).join(' · '),
      days: o.days,
      overdue: t(o.days === 1 ? 'summary.overdue_one_day' : 'summary.overdue_days', { days: o.days }),
      date: o.blocker.deadline ? formatDate(o.blocker.deadline, tz) : '—',
    }),
  }));
  if (items.length) lines.push('', t('summary.most_overdue'));
  return { kind: 'ok', visibility: 'channel', title, lines, items };
}
