import { checkOptions, parseArgs } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { reply } from '../src/domain/reply.ts';
import { fmtId } from '../src/domain/types.ts';
import { blockerFields } from '../src/present/format.ts';
import { makeLook } from './support.ts';
import type { Command } from './types.ts';

/** A caller typed in quotes (`"Anh Minh, Bac Ninh": …`) is the name inside them. */
const unquote = (s: string) => s.trim().replace(/^["“'‘«]\s*([\s\S]*?)\s*["”'’»]$/, '$1');

/** `/hotline <caller unit or name>: <description> [phone:…]`: quick capture from a call. */
export const hotline: Command = {
  name: 'hotline',
  summary: 'help.hotline',
  usage: '/hotline <caller unit or name>: <description> [phone:…] [force:yes]',
  async run(ctx, input) {
    const { options, rest } = parseArgs(input);
    checkOptions(options, ['phone', 'force']);
    const m = /^([^:]+?)\s*:\s*([\s\S]+)$/.exec(rest.trim());
    if (!m?.[1] || !m[2]?.trim()) throw new UserError('hotline.format');
    const result = await ctx.services.hotline.log(ctx.actor, {
      caller: unquote(m[1]),
      description: m[2].trim(),
      phone: options.phone ?? null,
      force: /^(yes|y|1|true|có|co)$/i.test(options.force ?? ''),
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
};
