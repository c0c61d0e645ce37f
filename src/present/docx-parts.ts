/** Building blocks of the monthly report document: runs, paragraphs, tables, the heading and signature. */
import dayjs from 'dayjs';
import {
  AlignmentType,
  BorderStyle,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { formatDate } from '../dates.ts';
import type { SummaryData } from '../domain/summary-model.ts';
import { type Look, openItemTexts, unitName } from './summary.ts';

export const FONT = 'Times New Roman';
/** Half-points: 13 pt body, 11 pt in tables. */
export const BODY = 26;
export const SMALL = 22;

export interface RunOpts {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  underline?: boolean;
}

export const run = (text: string, o: RunOpts = {}) =>
  new TextRun({
    text,
    font: FONT,
    size: o.size ?? BODY,
    bold: o.bold ?? false,
    italics: o.italics ?? false,
    ...(o.underline ? { underline: {} } : {}),
  });

export const para = (
  text: string,
  o: RunOpts & { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; after?: number } = {},
) =>
  new Paragraph({
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    spacing: { after: o.after ?? 120 },
    children: [run(text, o)],
  });

export const heading = (text: string) => para(text, { bold: true, align: AlignmentType.LEFT, after: 120 });

export function cell(
  text: string,
  o: { bold?: boolean; align?: 'left' | 'center' | 'right'; span?: number } = {},
) {
  const align =
    o.align === 'right'
      ? AlignmentType.RIGHT
      : o.align === 'center'
        ? AlignmentType.CENTER
        : AlignmentType.LEFT;
  return new TableCell({
    ...(o.span ? { columnSpan: o.span } : {}),
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: text
      .split('\n')
      .map(
        (line) =>
          new Paragraph({ alignment: align, children: [run(line, { bold: o.bold ?? false, size: SMALL })] }),
      ),
  });
}

/** A bordered table: a bold header row, then rows; numbers right-aligned. */
export function grid(
  head: string[],
  rows: { cells: string[]; bold?: boolean }[],
  numeric: number[] = [],
): Table {
  const num = new Set(numeric);
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: head.map((h) => cell(h, { bold: true, align: 'center' })),
      }),
      ...rows.map(
        (r) =>
          new TableRow({
            children: r.cells.map((c, i) =>
              cell(c, { bold: r.bold ?? false, align: num.has(i) ? 'right' : 'left' }),
            ),
          }),
      ),
    ],
  });
}

const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: none, bottom: none, left: none, right: none };

/** A full-width table of one row of cells, without borders: the layout of the heading and the signature. */
const layoutRow = (children: TableCell[]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    rows: [new TableRow({ children })],
  });

/** The two-column heading without borders: issuing body | national heading. */
export function masthead(look: Look, s: SummaryData): Table {
  const { t } = look;
  const d = dayjs(s.asOf).tz(look.tz);
  const side = (children: Paragraph[]) =>
    new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, borders: NO_BORDERS, children });
  const center = (text: string, o: RunOpts = {}) =>
    para(text, { ...o, align: AlignmentType.CENTER, after: 40 });
  return layoutRow([
    side([
      center(t('report.issuer_parent'), { size: SMALL }),
      center(t('report.issuer'), { bold: true, size: SMALL }),
      center('________'),
      center(t('report.number', { n: s.key.slice(5) }), { size: SMALL }),
    ]),
    side([
      center(t('report.nation'), { bold: true, size: SMALL }),
      center(t('report.motto'), { bold: true, underline: true }),
      center(''),
      center(
        t('report.place_date', {
          d: d.format('DD'),
          m: d.format('MM'),
          y: d.format('YYYY'),
        }),
        { italics: true },
      ),
    ]),
  ]);
}

export function signature(look: Look): Table {
  const { t } = look;
  const lines = (text: string, o: RunOpts, align: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
    text.split('|').map((l) => para(l, { ...o, align, after: 20 }));
  return layoutRow([
    new TableCell({
      borders: NO_BORDERS,
      children: [
        para(t('report.recipients'), {
          bold: true,
          italics: true,
          size: SMALL,
          align: AlignmentType.LEFT,
          after: 20,
        }),
        ...lines(t('report.recipient_list'), { size: SMALL }, AlignmentType.LEFT),
      ],
    }),
    new TableCell({
      borders: NO_BORDERS,
      children: lines(t('report.signer'), { bold: true }, AlignmentType.CENTER),
    }),
  ]);
}

/**
 * The still-open section's table: per unit, what comes due before the next report (`next`), then
 * what comes later or has no deadline; each cell a short list with "and N more".
 */
export function openTable(look: Look, s: SummaryData, next: Date): Table | Paragraph {
  const { t, tz } = look;
  if (!s.stillOpen.length) return para(t('report.none'));
  const rows = s.stillOpen.map((u, i) => ({
    cells: [
      String(i + 1),
      u.unit ? `${unitName(look.lang, u.unit)} (${u.unit.code})` : '—',
      openItemTexts(
        look,
        u.items.filter((x) => x.beforeNext),
      ).join('\n') || '—',
      openItemTexts(
        look,
        u.items.filter((x) => !x.beforeNext),
      ).join('\n') || '—',
    ],
  }));
  return grid(
    [
      t('report.col.no'),
      t('report.col.unit'),
      t('report.col.before_next', { date: formatDate(new Date(next.getTime() - 1), tz) }),
      t('report.col.later'),
    ],
    rows,
  );
}
