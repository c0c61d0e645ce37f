import { z } from 'zod';
import { firstWord, limitText, TEXT_MAX } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { reply } from '../src/domain/reply.ts';
import { fmtId } from '../src/domain/types.ts';
import { requireId } from './support.ts';
import { sub } from './table.ts';

export const VOID_USAGE = '/blocker void B-n <reason>';

/** `/blocker void B-n <reason>` (admins): a mistaken entry, kept in history and counted nowhere. */
export const blockerVoid = sub<{ id: number; reason: string }>({
  usage: VOID_USAGE,
  summary: 'help.blocker.void',
  aliases: ['hủy'],
  input: z.object({ id: z.number().int().positive(), reason: z.string().max(TEXT_MAX) }),
  parse(_ctx, text) {
    const [idText, rest] = firstWord(text);
    const id = requireId('B', idText || undefined);
    const reason = rest.trim();
    if (!reason) throw new UserError('blocker.void_needs_reason');
    return { id, reason: limitText('reason', reason) };
  },
  async exec(ctx, { id, reason }) {
    const b = await ctx.services.edits.void(ctx.actor, id, reason);
    return reply.ok(ctx.t('blocker.voided', { id: fmtId.blocker(id), title: b.title }), {
      lines: [reason],
      record: { type: 'blocker', id: fmtId.blocker(id) },
    });
  },
});
