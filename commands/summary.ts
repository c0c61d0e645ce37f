import { checkOptions, parseArgs } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { BLOCKS } from '../src/domain/types.ts';
import { summaryPost } from '../src/present/summary-post.ts';
import { oneOf } from './support.ts';
import type { Command } from './types.ts';

/** `/summary [week|month] [block:BLOCK]`: posts the summary now, here. */
export const summary: Command = {
  name: 'summary',
  summary: 'help.summary',
  usage: '/summary [week|month] [block:BLOCK]',
  async run(ctx, input) {
    const { words, options } = parseArgs(input);
    checkOptions(options, ['block']);
    if (words.length > 1) throw new UserError('args.too_many');
    const period = words[0] ? oneOf(['week', 'month'] as const, words[0], 'period') : 'week';
    const block = options.block ? oneOf(BLOCKS, options.block, 'block') : null;
    const data = await ctx.services.summary.compute(ctx.actor, period, block);
    // The chart (and the monthly .docx) ride along; platforms that take no files show the text alone.
    return summaryPost({ t: ctx.t, lang: ctx.lang, tz: ctx.tz }, data);
  },
};
