import { checkOptions, parseArgs } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { type Reply, reply } from '../src/domain/reply.ts';
import { CATEGORIES, fmtId, PRIORITIES } from '../src/domain/types.ts';
import { blockerButtons, blockerFields } from '../src/present/format.ts';
import { makeLook, oneOf, requireId } from './support.ts';
import type { CommandContext } from './types.ts';

export const EDIT_USAGE =
  '/blocker edit B-n [title:"…"] [detail:"…"] [cat:CATEGORY] [prio:low|normal|high|critical] [from:UNIT]';

/** `/blocker edit B-n title:"…" …`: corrects a record; the history keeps the old values. */
export async function blockerEdit(ctx: CommandContext, input: string): Promise<Reply> {
  const { words, options } = parseArgs(input);
  checkOptions(options, ['title', 'detail', 'cat', 'prio', 'from']);
  const id = requireId('B', words[0]);
  if (words.length > 1) throw new UserError('blocker.edit_words');
  const b = await ctx.services.edits.edit(ctx.actor, id, {
    title: options.title,
    detail: options.detail,
    category: options.cat === undefined ? undefined : oneOf(CATEGORIES, options.cat, 'category'),
    priority: options.prio === undefined ? undefined : oneOf(PRIORITIES, options.prio, 'priority'),
    reportingUnit: options.from,
  });
  const look = await makeLook(ctx, [b.ownerPersonId]);
  return reply.ok(ctx.t('blocker.edited', { id: fmtId.blocker(id), title: b.title }), {
    fields: blockerFields(look, b),
    buttons: blockerButtons(ctx.t, b),
    record: { type: 'blocker', id: fmtId.blocker(id) },
  });
}
