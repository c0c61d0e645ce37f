import { UserError } from '../src/domain/errors.ts';
import { type Reply, reply } from '../src/domain/reply.ts';
import { fmtId } from '../src/domain/types.ts';
import { requireId } from './support.ts';
import type { CommandContext } from './types.ts';

export const VOID_USAGE = '/blocker void B-n <reason>';

/** `/blocker void B-n <reason>` (admins): a mistaken entry, kept in history and counted nowhere. */
export async function blockerVoid(ctx: CommandContext, input: string): Promise<Reply> {
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(input);
  const id = requireId('B', m?.[1]);
  const reason = (m?.[2] ?? '').trim();
  if (!reason) throw new UserError('blocker.void_needs_reason');
  const b = await ctx.services.edits.void(ctx.actor, id, reason);
  return reply.ok(ctx.t('blocker.voided', { id: fmtId.blocker(id), title: b.title }), {
    lines: [reason],
    record: { type: 'blocker', id: fmtId.blocker(id) },
  });
}
