/**
 * `GET /reports/monthly/YYYY-MM.docx`: the monthly monitoring report of the period that ends on the
 * 14th of that month, as the monthly post attaches it; `?lang=` (else `Accept-Language`, else
 * `BOT_LOCALE`) and `?block=` as on the web view.
 */
import { monitoringPeriod } from '../domain/vocabulary.ts';
import type { Services } from '../services/index.ts';
import { BadQuery, type WebQuery } from './web-query.ts';

/** `2026-12` → year and month, or null when it is not a month. */
export function parseMonthKey(key: string): { year: number; month: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { year, month } : null;
}

/** The document of period `key`; a bad key, or a period that has not begun, is a {@link BadQuery}. */
export async function monthlyReportFile(
  services: Services,
  q: WebQuery,
  key: string,
  tz: string,
): Promise<{ filename: string; mime: string; data: Uint8Array }> {
  const ym = parseMonthKey(key);
  if (!ym) throw new BadQuery(q.t('report.bad_key', { key }));
  const current = monitoringPeriod(services.clock.now(), tz);
  if (key > current.key) throw new BadQuery(q.t('report.not_yet', { key, current: current.key }));
  const data = await services.summary.month(ym.year, ym.month, q.block);
  const { monthlyReportDocument } = await import('../present/monthly-docx.ts');
  return monthlyReportDocument({ t: q.t, lang: q.lang, tz }, data);
}
