import { z } from 'zod';
import { parseArgs } from '../src/args.ts';
import { BLOCKS } from '../src/domain/types.ts';
import { summaryPost } from '../src/present/summary-post.ts';
import { oneOf } from './support.ts';
import { singleCommand } from './table.ts';

const PERIODS = ['week', 'month'] as const;

/** `/summary [week|month] [block:BLOCK]`: posts the summary now, here. */
export const summary = singleCommand<{
  period: (typeof PERIODS)[number];
  block: (typeof BLOCKS)[number] | null;
}>({
  name: 'summary',
  summary: 'help.summary',
  usage: '/summary [week|month] [block:BLOCK]',
  input: z.object({ period: z.enum(PERIODS), block: z.enum(BLOCKS).nullable() }),
  parse(_ctx, text) {
    const { text: period, options } = parseArgs(text, { block: 'word' });
    return {
      period: period ? oneOf(PERIODS, period, 'period') : 'week',
      block: options.block ? oneOf(BLOCKS, options.block, 'block') : null,
    };
  },
  async exec(ctx, { period, block }) {
    const data = await ctx.services.summary.compute(ctx.actor, period, block);
    // The chart (and the monthly .docx) ride along; platforms that take no files show the text alone.
    return summaryPost({ t: ctx.t, lang: ctx.lang, tz: ctx.tz }, data);
  },
});
