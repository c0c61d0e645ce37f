import { checkOptions, parseArgs } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { type Reply, reply } from '../src/domain/reply.ts';
import { CATEGORIES, fmtId, PRIORITIES } from '../src/domain/types.ts';
import { blockerButtons, blockerFields } from '../src/present/format.ts';
import { makeLook, oneOf, readDate } from './support.ts';
import type { CommandContext } from './types.ts';

export const ADD_USAGE =
  '/blocker add <title> [owner:UNIT] [to:@person] [due:DATE] [cat:CATEGORY] [from:UNIT] [prio:low|normal|high|critical]';

/** `/blocker add`: logs a blocker and announces it with its id. */
export async function blockerAdd(ctx: CommandContext, input: string): Promise<Reply> {
  const { words, options } = parseArgs(input);
  checkOptions(options, ['owner', 'to', 'due', 'cat', 'from', 'prio', 'detail']);
  const title = words.join(' ').trim();
  if (!title) throw new UserError('blocker.no_title');
  const ownerPerson = options.to ? await ctx.services.identity.findPerson(options.to) : null;
  const deadline = options.due ? readDate(ctx, options.due) : null;
  const detail = options.detail ?? ctx.replyTo?.text ?? null;
  const b = await ctx.services.blockers.add(ctx.actor, {
    title,
    detail,
    sourceLink: ctx.replyTo?.link ?? null,
    ownerUnit: options.owner ?? null,
    ownerPerson,
    deadline,
    category: options.cat ? oneOf(CATEGORIES, options.cat, 'category') : 'other',
    priority: options.prio ? oneOf(PRIORITIES, options.prio, 'priority') : 'normal',
    reportingUnit: options.from ?? null,
  });
  const look = await makeLook(ctx, [b.ownerPersonId]);
  return reply.ok(ctx.t('blocker.added', { id: fmtId.blocker(b.id), title: b.title }), {
    fields: blockerFields(look, b),
    buttons: blockerButtons(ctx.t, b),
    record: { type: 'blocker', id: fmtId.blocker(b.id) },
    ...(detail ? { lines: [detail] } : {}),
  });
}
