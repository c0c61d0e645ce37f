import { formatDateSmart } from '../src/dates.ts';
import { UserError } from '../src/domain/errors.ts';
import { assertCan } from '../src/domain/permissions.ts';
import { reply } from '../src/domain/reply.ts';
import { fmtId } from '../src/domain/types.ts';
import { permActor } from '../src/services/deps.ts';
import { makeLook, requireId, splitFirst, usageOf } from './support.ts';
import type { Command } from './types.ts';

const subcommands = {
  list: { usage: '/extension list [all]', summary: 'help.extension.list' },
  approve: { usage: '/extension approve X-n [note]', summary: 'help.extension.approve' },
  reject: { usage: '/extension reject X-n <reason>', summary: 'help.extension.reject' },
};

/** `/extension …`: deadline-change decisions. */
export const extension: Command = {
  name: 'extension',
  summary: 'help.extension',
  usage: usageOf(subcommands),
  subcommands,
  async run(ctx, input) {
    const [sub, rest] = splitFirst(input);
    if (sub === 'list' || sub === '') {
      const all = rest.trim().toLowerCase() === 'all';
      if (rest.trim() && !all) throw new UserError('args.too_many');
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
    }
    if (sub === 'approve' || sub === 'reject') {
      const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(rest);
      const id = requireId('X', m?.[1]);
      const note = m?.[2]?.trim() || null;
      // Who may decide is said before what is missing: a member learns they may not, not that a reason is needed.
      assertCan(permActor(ctx.actor), 'extension.decide');
      if (sub === 'reject' && !note) throw new UserError('extension.reject_needs_reason');
      const x =
        sub === 'approve'
          ? await ctx.services.extensions.approve(ctx.actor, id, note)
          : await ctx.services.extensions.reject(ctx.actor, id, note ?? '');
      return reply.ok(
        ctx.t(sub === 'approve' ? 'extension.approved' : 'extension.rejected', {
          id: fmtId.extension(id),
          blocker: fmtId.blocker(x.targetId),
          date: formatDateSmart(x.newDate, ctx.tz),
          old: x.oldDate ? formatDateSmart(x.oldDate, ctx.tz) : '—',
        }),
        { ...(note ? { lines: [note] } : {}), record: { type: 'extension', id: fmtId.extension(id) } },
      );
    }
    throw new UserError('args.unknown_sub', { sub, choices: Object.keys(subcommands).join(', ') });
  },
};
