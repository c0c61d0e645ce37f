/** `GET /export/blockers.csv`: every blocker (or the filtered ones) for Excel and other tools. */
import { stringify } from 'csv-stringify/sync';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import type { Translate } from '../i18n/index.ts';
import type { PublicBlocker, PublicView } from '../services/public-view.ts';
import type { WebQuery } from './web-query.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

export const CSV_COLUMNS = [
  'id',
  'title',
  'status',
  'overdue',
  'priority',
  'category',
  'source',
  'owner unit',
  'owner person',
  'reporting unit',
  'deadline',
  'original deadline',
  'slip count',
  'slip days',
  'created',
  'resolved',
] as const;

/** ISO 8601 with the working group's offset (`2026-12-31T17:00:00+07:00`): exact, and readable locally. */
const iso = (d: Date | null, tz: string) => (d ? dayjs(d).tz(tz).format('YYYY-MM-DDTHH:mm:ssZ') : '');

/**
 * Free text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading
 * apostrophe, so a title typed in chat cannot become a formula on an official's machine.
 */
export const neutralise = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

function row(b: PublicBlocker, tz: string): (string | number)[] {
  return [
    b.ref,
    neutralise(b.title),
    b.status,
    b.overdue ? 'yes' : 'no',
    b.priority,
    b.category,
    b.source,
    b.ownerUnit?.code ?? '',
    neutralise(b.ownerPerson ?? ''),
    b.reportingUnit?.code ?? '',
    iso(b.deadline, tz),
    iso(b.originalDeadline, tz),
    b.slipCount,
    b.slipDays,
    iso(b.createdAt, tz),
    iso(b.resolvedAt, tz),
  ];
}

/**
 * The CSV text: UTF-8 byte-order mark (so Excel reads Vietnamese right), header, CRLF rows. The
 * header is {@link CSV_COLUMNS} (what the import reads) unless `headers` translates it (`?lang=vi`).
 */
export async function blockersCsv(
  view: PublicView,
  q: WebQuery,
  tz: string,
  headers: Translate | null = null,
): Promise<string> {
  const blockers = await view.blockers({ unit: q.unit, block: q.block, statuses: q.statuses });
  const columns = CSV_COLUMNS.map((c) => ({
    key: c,
    header: headers ? headers(`csv.${c.replace(/ /g, '_')}`) : c,
  }));
  return stringify(
    blockers.map((b) => Object.fromEntries(row(b, tz).map((v, i) => [CSV_COLUMNS[i], v]))),
    { bom: true, header: true, columns, record_delimiter: 'windows' },
  );
}
