/**
 * The monthly monitoring report as a Word document in the form of a Vietnamese administrative
 * report (Decree 30/2020/NĐ-CP layout): issuing body top left, the national heading top right,
 * number and place/date, the title, the body in numbered sections with tables, recipients and the
 * signature block. Section VII lists what is still open per unit, due before the next report
 * first. Built with the `docx` package; the words come from the i18n catalog.
 */
import { AlignmentType, Document, Packer, type Paragraph, type Table } from 'docx';
import { formatDate } from '../dates.ts';
import type { Document as ReplyDocument } from '../domain/reply.ts';
import type { BlockerLine, Counts, SummaryData, SummaryUnit } from '../domain/summary-model.ts';
import { nextReportAt } from '../domain/summary-open.ts';
import { SOURCES } from '../domain/types.ts';
import { BODY, FONT, grid, heading, masthead, openTable, para, signature } from './docx-parts.ts';
import { type Look, signed, spanText, TIMING_MARK, unitName } from './summary.ts';

/** "Name (CODE)" of a unit, `—` for none. */
const unitLabel = (look: Look, u: SummaryUnit | null) => (u ? `${unitName(look.lang, u)} (${u.code})` : '—');

const roadmapCell = (c: Counts) =>
  `${c.roadmap.done}/${c.roadmap.on_track}/${c.roadmap.at_risk}/${c.roadmap.late}`;
const countCells = (c: Counts, prev: Counts) => [
  roadmapCell(c),
  String(c.opened),
  String(c.resolved),
  String(c.open),
  String(c.overdue),
  `${c.extRequested}/${c.extApproved}/${c.extRefused}`,
  String(c.slippedDays),
  signed(c.open - prev.open),
];

function unitsTable(look: Look, s: SummaryData): Table {
  const { t } = look;
  const rows: { cells: string[]; bold?: boolean }[] = [];
  s.blocks.forEach((b, bi) => {
    rows.push({
      cells: [String.fromCharCode(65 + bi), t(`block.${b.block}`), ...countCells(b.counts, b.previous)],
      bold: true,
    });
    b.units.forEach((u, ui) => {
      rows.push({
        cells: [String(ui + 1), unitLabel(look, u.unit), ...countCells(u.counts, u.previous)],
      });
    });
  });
  rows.push({ cells: ['', t('summary.total'), ...countCells(s.totals, s.previous)], bold: true });
  return grid(
    [
      t('report.col.no'),
      t('report.col.unit'),
      t('report.col.roadmap'),
      t('report.col.opened'),
      t('report.col.resolved'),
      t('report.col.open'),
      t('report.col.overdue'),
      t('report.col.extensions'),
      t('report.col.slipped'),
      t('report.col.change'),
    ],
    rows,
    [3, 4, 5, 6, 8, 9],
  );
}

function disciplineTable(look: Look, s: SummaryData): Table | Paragraph {
  const { t, tz } = look;
  const units = s.blocks.flatMap((b) => b.units).filter((u) => u.hasRoadmap);
  if (!units.length) return para(t('report.none'));
  const rows = units.map((u, i) => {
    const weeks = u.discipline.weeks
      .map((w, wi) => {
        const tm = u.discipline.timings[wi] ?? null;
        return `${formatDate(w, tz).slice(0, 5)} ${tm === null ? '·' : `${TIMING_MARK[tm]} ${t(`timing.${tm}`)}`}`;
      })
      .join('\n');
    return {
      cells: [
        String(i + 1),
        unitLabel(look, u.unit),
        t(`block.${u.unit.block}`),
        weeks,
        u.discipline.score === null ? '—' : `${u.discipline.score} %`,
      ],
    };
  });
  return grid(
    [
      t('report.col.no'),
      t('report.col.unit'),
      t('report.col.block'),
      t('report.col.weeks'),
      t('report.col.score'),
    ],
    rows,
    [4],
  );
}

/** A numbered table of a list (`head` after the number column), or "none" when it is empty. */
function listTable<T>(
  look: Look,
  head: string[],
  xs: readonly T[],
  cells: (x: T) => string[],
  numeric?: number[],
): Table | Paragraph {
  const { t } = look;
  if (!xs.length) return para(t('report.none'));
  const rows = xs.map((x, i) => ({ cells: [String(i + 1), ...cells(x)] }));
  return grid([t('report.col.no'), ...head], rows, numeric);
}

/** The issuing heading, the title with the period, and the opening sentence. */
function front(look: Look, s: SummaryData): (Paragraph | Table)[] {
  const { t, tz } = look;
  return [
    masthead(look, s),
    para('', { after: 240 }),
    para(t('report.title'), { bold: true, align: AlignmentType.CENTER, after: 60 }),
    para(
      t('report.subtitle', {
        from: formatDate(s.from, tz),
        to: formatDate(new Date(s.to.getTime() - 1), tz),
      }),
      { bold: true, align: AlignmentType.CENTER, after: 60 },
    ),
    para('________', { align: AlignmentType.CENTER, after: 240 }),
    para(t('report.intro', { asOf: formatDate(s.asOf, tz), tz })),
  ];
}

/** Section 1: the overall figures, the change against the previous period, sources, extensions. */
function overall(look: Look, s: SummaryData): Paragraph[] {
  const { t, tz } = look;
  const c = s.totals;
  const p = s.previous;
  return [
    heading(t('report.s1')),
    para(
      t('report.overall', {
        opened: c.opened,
        resolved: c.resolved,
        open: c.open,
        overdue: c.overdue,
        done: c.roadmap.done,
        on_track: c.roadmap.on_track,
        at_risk: c.roadmap.at_risk,
        late: c.roadmap.late,
      }),
    ),
    para(
      t('report.change', {
        from: formatDate(s.previousSpan.from, tz),
        to: formatDate(new Date(s.previousSpan.to.getTime() - 1), tz),
        opened: `${signed(c.opened - p.opened)} (${p.opened})`,
        resolved: `${signed(c.resolved - p.resolved)} (${p.resolved})`,
        open: `${signed(c.open - p.open)} (${p.open})`,
        overdue: `${signed(c.overdue - p.overdue)} (${p.overdue})`,
      }),
    ),
    para(
      t('report.sources', {
        list: SOURCES.map((src) => `${t(`source.${src}`)} ${s.bySource[src].resolved}`).join(', '),
      }),
    ),
    para(
      t('report.extensions', {
        requested: s.extensions.requested,
        approved: s.extensions.approved,
        rejected: s.extensions.rejected,
        days: s.extensions.slippedDays,
      }),
    ),
  ];
}

/** Sections 4 to 6: the blockers resolved, the overdue ones, the extensions. */
function lists(look: Look, s: SummaryData): (Paragraph | Table)[] {
  const { t, tz } = look;
  /** The number, title and owner (unit · person) that open a blocker's row. */
  const blocker = (u: BlockerLine) => [
    `B-${u.blocker.id}`,
    u.blocker.title,
    [unitLabel(look, u.unit), u.owner?.name].filter(Boolean).join(' · '),
  ];
  const blockerHead = [t('report.col.id'), t('report.col.title'), t('report.col.owner')];
  return [
    heading(t('report.s4')),
    listTable(
      look,
      [...blockerHead, t('report.col.source'), t('report.col.resolved_on')],
      s.resolved,
      (r) => [
        ...blocker(r),
        t(`source.${r.blocker.source}`),
        r.blocker.resolvedAt ? formatDate(r.blocker.resolvedAt, tz) : '—',
      ],
    ),
    heading(t('report.s5')),
    listTable(
      look,
      [...blockerHead, t('report.col.deadline'), t('report.col.days')],
      s.overdue,
      (o) => [...blocker(o), o.blocker.deadline ? formatDate(o.blocker.deadline, tz) : '—', String(o.days)],
      [5],
    ),
    heading(t('report.s6')),
    listTable(
      look,
      [
        t('report.col.id'),
        t('report.col.title'),
        t('report.col.unit'),
        t('report.col.dates'),
        t('report.col.slipped'),
        t('report.col.status'),
      ],
      s.extended,
      (x) => [
        `${x.label} (X-${x.extension.id})`,
        x.title,
        unitLabel(look, x.unit),
        `${x.extension.oldDate ? formatDate(x.extension.oldDate, tz) : '—'} → ${formatDate(x.extension.newDate, tz)}`,
        String(x.days),
        t(`xstatus.${x.extension.status}`),
      ],
      [5],
    ),
  ];
}

/** Builds the `.docx` of one monitoring period. */
export async function monthlyReportDocx(look: Look, s: SummaryData): Promise<Uint8Array> {
  const { t, tz } = look;
  const span = spanText(tz, s);
  const children: (Paragraph | Table)[] = [
    ...front(look, s),
    ...overall(look, s),
    heading(t('report.s2')),
    unitsTable(look, s),
    heading(t('report.s3')),
    disciplineTable(look, s),
    ...lists(look, s),
    heading(t('report.s7')),
    openTable(look, s, nextReportAt(s.period, s, tz)),
    heading(t('report.s8')),
    ...(s.onAlert.length
      ? s.onAlert.map((u) => para(`- ${unitLabel(look, u)}, ${t(`block.${u.block}`)}`))
      : [para(t('report.none'))]),
    para('', { after: 240 }),
    signature(look),
  ];
  const doc = new Document({
    creator: 'steerbot',
    title: t('report.caption', { from: span.split('–')[0] ?? '', to: span.split('–')[1] ?? '' }),
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 },
          },
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** The report as an attachment of the monthly post. */
export async function monthlyReportDocument(look: Look, s: SummaryData): Promise<ReplyDocument> {
  return {
    filename: look.t('report.filename', { key: s.key }),
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    data: await monthlyReportDocx(look, s),
    title: look.t('report.caption', {
      from: formatDate(s.from, look.tz),
      to: formatDate(new Date(s.to.getTime() - 1), look.tz),
    }),
  };
}
