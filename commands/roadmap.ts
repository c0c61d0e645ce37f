import { checkOptions, parseArgs } from '../src/args.ts';
import { formatDate, formatDateSmart } from '../src/dates.ts';
import { UserError } from '../src/domain/errors.ts';
import { type Reply, reply } from '../src/domain/reply.ts';
import { expectedPercent } from '../src/domain/roadmap-status.ts';
import { BLOCKS, fmtId } from '../src/domain/types.ts';
import type { RoadmapView } from '../src/services/roadmap.ts';
import { oneOf, readDate, readStart, requireId, splitFirst, usageOf } from './support.ts';
import type { Command, CommandContext } from './types.ts';

const subcommands = {
  add: { usage: '/roadmap add UNIT <deliverable> due:DATE [start:DATE]', summary: 'help.roadmap.add' },
  report: { usage: '/roadmap report R-n <percent>% [note]', summary: 'help.roadmap.report' },
  list: { usage: '/roadmap [unit:UNIT] [block:BLOCK]', summary: 'help.roadmap.list' },
};

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

async function list(ctx: CommandContext, input: string): Promise<Reply> {
  const { words, options } = parseArgs(input);
  checkOptions(options, ['unit', 'block']);
  if (words.length > 0)
    throw new UserError('args.unknown_sub', { sub: words[0] ?? '', choices: 'add, report' });
  const views = await ctx.services.roadmap.views(
    { unit: options.unit, block: options.block ? oneOf(BLOCKS, options.block, 'block') : undefined },
    ctx.actor,
  );
  const title = ctx.t('roadmap.list_title', { count: views.length });
  if (views.length === 0) return reply.info(title, { lines: [ctx.t('roadmap.list_empty')] });
  return reply.info(title, { items: views.map((v) => viewLine(ctx, v)) });
}

/** `/roadmap …`: deliverables, weekly progress reports, derived status. */
export const roadmap: Command = {
  name: 'roadmap',
  summary: 'help.roadmap',
  usage: usageOf(subcommands),
  subcommands,
  async run(ctx, input) {
    const [sub, rest] = splitFirst(input);
    if (sub === 'add') {
      const { words, options } = parseArgs(rest);
      checkOptions(options, ['due', 'start']);
      const [unit, ...title] = words;
      if (!unit) throw new UserError('args.missing', { what: 'UNIT' });
      if (title.length === 0) throw new UserError('roadmap.no_title');
      if (!options.due) throw new UserError('args.missing', { what: 'due:DATE' });
      const item = await ctx.services.roadmap.add(
        ctx.actor,
        unit,
        title.join(' '),
        readDate(ctx, options.due),
        options.start ? readStart(ctx, options.start) : null,
      );
      return reply.ok(ctx.t('roadmap.added', { id: fmtId.roadmap(item.id), title: item.title }), {
        fields: [
          { label: ctx.t('field.unit'), value: unit.toUpperCase() },
          ...(options.start
            ? [{ label: ctx.t('field.start'), value: formatDate(item.startAt, ctx.tz) }]
            : []),
          {
            label: ctx.t('field.deadline'),
            value: formatDateSmart(item.due, ctx.tz),
            at: item.due.toISOString(),
          },
        ],
        record: { type: 'roadmap', id: fmtId.roadmap(item.id) },
      });
    }
    if (sub === 'report') {
      const m = /^\s*(\S+)\s+(\d{1,3})\s*%?(?:\s+([\s\S]*))?$/.exec(rest);
      const id = requireId('R', m?.[1] ?? rest.trim().split(/\s+/)[0]);
      if (!m?.[2]) throw new UserError('args.missing', { what: '<percent>%' });
      const v = await ctx.services.roadmap.report(ctx.actor, id, Number(m[2]), m[3]?.trim() || null);
      return reply.ok(ctx.t('roadmap.reported', { id: fmtId.roadmap(id), percent: Number(m[2]) }), {
        items: [viewLine(ctx, v)],
        ...(m[3]?.trim() ? { lines: [m[3].trim()] } : {}),
      });
    }
    if (sub === 'list' || sub === '') return list(ctx, rest);
    return list(ctx, input);
  },
};
