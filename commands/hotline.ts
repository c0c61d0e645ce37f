import { z } from 'zod';
import { cleanTitle, limitText, parseArgs, stripInvisible, TEXT_MAX, unquote } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { reply } from '../src/domain/reply.ts';
import { fmtId } from '../src/domain/types.ts';
import { blockerFields } from '../src/present/format.ts';
import { makeLook, phoneTake } from './support.ts';
import { singleCommand } from './table.ts';

const YES = /^(yes|y|1|true|có|co)$/i;

/** `/hotline <caller unit or name>: <description> [phone:…]`: quick capture from a call. */
export const hotline = singleCommand<{
  caller: string;
  description: string;
  phone: string | null;
  force: boolean;
}>({
  name: 'hotline',
  summary: 'help.hotline',
  usage: '/hotline <caller unit or name>: <description> [phone:…] [force:yes]',
  input: z.object({
    caller: z.string().min(1),
    description: z.string().min(1).max(TEXT_MAX),
    phone: z.string().nullable(),
    force: z.boolean(),
  }),
  parse(_ctx, text) {
    const { text: free, options } = parseArgs(text, { phone: { run: true, take: phoneTake }, force: 'word' });
    // The caller is everything before the first colon (`"Anh Minh, Bắc Ninh": …` in quotes is the name inside them).
    const colon = free.indexOf(':');
    const caller = colon > 0 ? unquote(free.slice(0, colon).trim()) : '';
    const description = colon > 0 ? free.slice(colon + 1).trim() : '';
    if (!caller || !description) throw new UserError('hotline.format');
    return {
      caller,
      description: limitText('description', description),
      phone: options.phone ?? null,
      force: YES.test(options.force ?? ''),
    };
  },
  async exec(ctx, input) {
    const result = await ctx.services.hotline.log(ctx.actor, {
      caller: cleanTitle(input.caller),
      // The description becomes the title: nothing invisible in it.
      description: stripInvisible(input.description),
      phone: input.phone,
      force: input.force,
    });
    if (result.kind === 'duplicate') {
      const b = result.existing;
      const id = fmtId.blocker(b.id);
      const look = await makeLook(ctx, [b.ownerPersonId]);
      return reply.info(ctx.t('hotline.duplicate', { id, title: b.title }), {
        lines: [ctx.t('hotline.duplicate_hint', { id })],
        fields: blockerFields(look, b),
        record: { type: 'blocker', id },
      });
    }
    const b = result.blocker;
    const look = await makeLook(ctx);
    return reply.ok(ctx.t('hotline.logged', { id: fmtId.blocker(b.id), title: b.title }), {
      fields: blockerFields(look, b),
      lines: [ctx.t('hotline.logged_hint', { id: fmtId.blocker(b.id) })],
      record: { type: 'blocker', id: fmtId.blocker(b.id) },
    });
  },
});
