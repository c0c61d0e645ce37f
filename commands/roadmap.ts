import { z } from 'zod';
import { cleanTitle, firstWord, limitText, parseArgs, TEXT_MAX } from '../src/args.ts';
import { formatDate, formatDateSmart } from '../src/dates.ts';
import { UserError } from '../src/domain/errors.ts';
import { reply } from '../src/domain/reply.ts';
import { expectedPercent } from '../src/domain/roadmap-status.ts';
import { BLOCKS, fmtId } from '../src/domain/types.ts';
import type { RoadmapView } from '../src/services/roadmap.ts';
import { dateTake, oneOf, readDate, readStart, requireId } from './support.ts';
import { runSub, sub, tableCommand } from './table.ts';
import type { CommandContext } from './types.ts';

function viewLine(ctx: CommandContext, v: RoadmapView) {
  // Why it is at risk: never reported ("no report yet"), behind the pace, or silent this week.
  const expected = Math.floor(expectedPercent(v.item, ctx.now));
  const pct = !v.latest
    ? ctx.t('roadmap.no_report')
    : v.reason === 'behind'
      ? `${v.latest.percent}% (${ctx.t('roadmap.reason.behind', { percent: expected })})`
      : v.reason === 'not_this_week'
        ? `${v.latest.percent}% (${ctx.t('roadmap.reason.not_this_week')})`
        : `${v.latest.percent}%`;
  return {
    id: fmtId.roadmap(v.item.id),
    text: v.item.title,
    detail: [
      ctx.t(`rstatus.${v.status}`),
      v.unit.code,
      `${ctx.t('word.due')}: ${formatDateSmart(v.item.due, ctx.tz)}`,
      pct,
    ].join(' · '),
  };
}

/** `60`, `60%`, `60,5 %`, `60.5%` at the start of `text` (kept to one decimal: `60,55%` is 60.6). */
const PERCENT = /^(\d{1,3}(?:[.,]\d+)?)\s*%?(?=\s|$)/;

const list = sub<{ unit: string | null; block: (typeof BLOCKS)[number] | null }>({
  usage: '/roadmap [unit:UNIT] [block:BLOCK]',
  summary: 'help.roadmap.list',
  input: z.object({ unit: z.string().nullable(), block: z.enum(BLOCKS).nullable() }),
  parse(_ctx, text) {
    const { words, options } = parseArgs(text, { unit: 'word', block: 'word' });
    if (words.length > 0)
      throw new UserError('args.unknown_sub', { sub: words[0] ?? '', choices: 'add, report, list' });
    return {
      unit: options.unit ?? null,
      block: options.block ? oneOf(BLOCKS, options.block, 'block') : null,
    };
  },
  async exec(ctx, input) {
    const views = await ctx.services.roadmap.views(
      { unit: input.unit ?? undefined, block: input.block ?? undefined },
      ctx.actor,
    );
    const title = ctx.t('roadmap.list_title', { count: views.length });
    if (views.length === 0) return reply.info(title, { lines: [ctx.t('roadmap.list_empty')] });
    return reply.info(title, { items: views.map((v) => viewLine(ctx, v)) });
  },
});

const add = sub<{ unit: string; title: string; due: Date; start: Date | null }>({
  usage: '/roadmap add UNIT <deliverable> due:DATE [start:DATE]',
  summary: 'help.roadmap.add',
  aliases: ['thêm'],
  input: z.object({ unit: z.string().min(1), title: z.string(), due: z.date(), start: z.date().nullable() }),
  parse(ctx, text) {
    const { text: free, options } = parseArgs(text, {
      due: { run: true, take: dateTake(ctx) },
      start: { run: true, take: dateTake(ctx, { allowPast: true }) },
    });
    const [unit, title] = firstWord(free);
    if (!unit) throw new UserError('args.missing', { what: 'UNIT' });
    if (!options.due) throw new UserError('args.missing', { what: 'due:DATE' });
    return {
      unit,
      title,
      due: readDate(ctx, options.due),
      start: options.start ? readStart(ctx, options.start) : null,
    };
  },
  async exec(ctx, input) {
    const title = cleanTitle(limitText('title', input.title));
    if (!title) throw new UserError('roadmap.no_title');
    const item = await ctx.services.roadmap.add(ctx.actor, input.unit, title, input.due, input.start);
    const unit = await ctx.services.units.byId(item.unitId);
    return reply.ok(ctx.t('roadmap.added', { id: fmtId.roadmap(item.id), title: item.title }), {
      fields: [
        { label: ctx.t('field.unit'), value: unit?.code ?? input.unit },
        ...(input.start ? [{ label: ctx.t('field.start'), value: formatDate(item.startAt, ctx.tz) }] : []),
        {
          label: ctx.t('field.deadline'),
          value: formatDateSmart(item.due, ctx.tz),
          at: item.due.toISOString(),
        },
      ],
      record: { type: 'roadmap', id: fmtId.roadmap(item.id) },
    });
  },
});

const report = sub<{ id: number; percent: number; note: string | null }>({
  usage: '/roadmap report R-n <percent>% [note]',
  summary: 'help.roadmap.report',
  input: z.object({
    id: z.number().int().positive(),
    percent: z.number(),
    note: z.string().max(TEXT_MAX).nullable(),
  }),
  parse(_ctx, text) {
    const [idText, rest] = firstWord(text);
    const id = requireId('R', idText || undefined);
    const m = PERCENT.exec(rest);
    if (!m?.[1]) throw new UserError('args.missing', { what: '<percent>%' });
    const note = rest.slice(m[0].length).trim();
    return {
      id,
      percent: Math.round(Number(m[1].replace(',', '.')) * 10) / 10,
      note: note ? limitText('note', note) : null,
    };
  },
  async exec(ctx, { id, percent, note }) {
    const v = await ctx.services.roadmap.report(ctx.actor, id, percent, note);
    return reply.ok(ctx.t('roadmap.reported', { id: fmtId.roadmap(id), percent }), {
      items: [viewLine(ctx, v)],
      ...(note ? { lines: [note] } : {}),
    });
  },
});

/** `/roadmap …`: deliverables, weekly progress reports, derived status. */
export const roadmap = tableCommand({
  name: 'roadmap',
  summary: 'help.roadmap',
  subcommands: { add, report, list },
  // `/roadmap` and `/roadmap unit:MOF` list.
  otherwise: (ctx, input) =>
    !input.trim() || /^[A-Za-z_]+:/.test(input.trim()) ? runSub(list, ctx, input) : undefined,
});
