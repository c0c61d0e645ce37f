import { z } from 'zod';
import { firstWord, limitText, parseArgs, TEXT_MAX } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { CATEGORIES, fmtId, PRIORITIES } from '../src/domain/types.ts';
import { blockerCard, oneOf, requireId, Title } from './support.ts';
import { sub } from './table.ts';

export const EDIT_USAGE =
  '/blocker edit B-n [title:"…"] [detail:"…"] [cat:CATEGORY] [prio:low|normal|high|critical] [from:UNIT]';

const Edit = z.object({
  id: z.number().int().positive(),
  title: Title.optional(),
  detail: z.string().max(TEXT_MAX).optional(),
  cat: z.enum(CATEGORIES).optional(),
  prio: z.enum(PRIORITIES).optional(),
  from: z.string().optional(),
});
type Edit = z.infer<typeof Edit>;

/** `/blocker edit B-n title:"…" …`: corrects a record; the history keeps the old values. */
export const blockerEdit = sub<Edit>({
  usage: EDIT_USAGE,
  summary: 'help.blocker.edit',
  aliases: ['sửa'],
  input: Edit,
  parse(_ctx, text) {
    const [idText, rest] = firstWord(text);
    const id = requireId('B', idText || undefined);
    const { words, options } = parseArgs(rest, {
      title: 'word',
      detail: 'word',
      cat: 'word',
      prio: 'word',
      from: 'word',
    });
    if (words.length > 0) throw new UserError('blocker.edit_words');
    return {
      id,
      ...(options.title !== undefined ? { title: options.title } : {}),
      ...(options.detail !== undefined ? { detail: limitText('detail', options.detail) } : {}),
      ...(options.cat !== undefined ? { cat: oneOf(CATEGORIES, options.cat, 'category') } : {}),
      ...(options.prio !== undefined ? { prio: oneOf(PRIORITIES, options.prio, 'priority') } : {}),
      ...(options.from !== undefined ? { from: options.from } : {}),
    };
  },
  async exec(ctx, input) {
    const b = await ctx.services.edits.edit(ctx.actor, input.id, {
      title: input.title,
      detail: input.detail,
      category: input.cat,
      priority: input.prio,
      reportingUnit: input.from,
    });
    return blockerCard(ctx, ctx.t('blocker.edited', { id: fmtId.blocker(input.id), title: b.title }), b);
  },
});
