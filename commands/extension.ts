import { z } from 'zod';
import { firstWord, limitText, TEXT_MAX } from '../src/args.ts';
import { formatDateSmart } from '../src/dates.ts';
import { UserError } from '../src/domain/errors.ts';
import { assertCan, permActor } from '../src/domain/permissions.ts';
import { reply } from '../src/domain/reply.ts';
import { fmtId } from '../src/domain/types.ts';
import { makeLook, oneOf, requireId } from './support.ts';
import { runSub, sub, tableCommand } from './table.ts';

const list = sub<{ all: boolean }>({
  usage: '/extension list [all]',
  summary: 'help.extension.list',
  aliases: ['ds'],
  input: z.object({ all: z.boolean() }),
  parse: (_ctx, text) => ({
    all: text.trim() ? oneOf(['all'] as const, text.trim(), 'list') === 'all' : false,
  }),
  async exec(ctx, { all }) {
    const xs = await ctx.services.extensions.list(ctx.actor, all);
    const look = await makeLook(
      ctx,
      xs.map((x) => x.requesterId),
    );
    const title = ctx.t(all ? 'extension.list_all_title' : 'extension.list_title', { count: xs.length });
    if (xs.length === 0) return reply.info(title, { lines: [ctx.t('extension.list_empty')] });
    return reply.info(title, {
      items: xs.map((x) => ({
        id: fmtId.extension(x.id),
        text: `${fmtId.blocker(x.targetId)}: ${x.oldDate ? formatDateSmart(x.oldDate, ctx.tz) : '—'} → ${formatDateSmart(x.newDate, ctx.tz)}`,
        detail: [
          ctx.t(`xstatus.${x.status}`),
          look.persons.get(x.requesterId)?.name ?? '',
          x.reason ?? '',
          x.decisionNote ?? '',
        ]
          .filter(Boolean)
          .join(' · '),
        ...(x.status === 'pending'
          ? {
              buttons: [
                {
                  label: ctx.t('button.approve'),
                  action: 'extension.approve',
                  value: fmtId.extension(x.id),
                  style: 'primary' as const,
                },
                {
                  label: ctx.t('button.reject'),
                  action: 'extension.reject',
                  value: fmtId.extension(x.id),
                  style: 'danger' as const,
                },
              ],
            }
          : {}),
      })),
    });
  },
});

/** `/extension approve|reject X-n …`: who may decide is said before what is missing. */
function decideSub(action: 'approve' | 'reject') {
  return sub<{ id: number; note: string | null }>({
    usage: action === 'approve' ? '/extension approve X-n [note]' : '/extension reject X-n <reason>',
    summary: `help.extension.${action}`,
    aliases: action === 'approve' ? ['duyệt'] : ['từ-chối'],
    input: z.object({ id: z.number().int().positive(), note: z.string().max(TEXT_MAX).nullable() }),
    parse(_ctx, text) {
      const [idText, rest] = firstWord(text);
      return { id: requireId('X', idText || undefined), note: rest ? limitText('reason', rest) : null };
    },
    async check(ctx) {
      assertCan(permActor(ctx.actor), 'extension.decide');
    },
    async exec(ctx, { id, note }) {
      // A member learns they may not decide, not that a reason is needed.
      assertCan(permActor(ctx.actor), 'extension.decide');
      if (action === 'reject' && !note) throw new UserError('extension.reject_needs_reason');
      const x =
        action === 'approve'
          ? await ctx.services.extensions.approve(ctx.actor, id, note)
          : await ctx.services.extensions.reject(ctx.actor, id, note ?? '');
      return reply.ok(
        ctx.t(action === 'approve' ? 'extension.approved' : 'extension.rejected', {
          id: fmtId.extension(id),
          blocker: fmtId.blocker(x.targetId),
          date: formatDateSmart(x.newDate, ctx.tz),
          old: x.oldDate ? formatDateSmart(x.oldDate, ctx.tz) : '—',
        }),
        { ...(note ? { lines: [note] } : {}), record: { type: 'extension', id: fmtId.extension(id) } },
      );
    },
  });
}

/** `/extension …`: deadline-change decisions. */
export const extension = tableCommand({
  name: 'extension',
  summary: 'help.extension',
  subcommands: { list, approve: decideSub('approve'), reject: decideSub('reject') },
  otherwise: (ctx, input) => (input.trim() ? undefined : runSub(list, ctx, '')),
});
