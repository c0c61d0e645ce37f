import { z } from 'zod';
import { parseArgs } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { reply } from '../src/domain/reply.ts';
import { BLOCKS, CATEGORIES, fmtId } from '../src/domain/types.ts';
import { blockerButtons, blockerFields, blockerItem } from '../src/present/format.ts';
import { LIST_SCOPES } from '../src/services/blocker-queries.ts';
import { historyLine } from './blocker-history.ts';
import { makeLook, oneOf, requireId } from './support.ts';
import { sub } from './table.ts';

/** `/blocker list`: overdue first. */
export const blockerList = sub<{
  scope: (typeof LIST_SCOPES)[number];
  unit: string | null;
  block: (typeof BLOCKS)[number] | null;
  cat: (typeof CATEGORIES)[number] | null;
}>({
  usage: '/blocker list [open|overdue|mine|new|resolved|all] [unit:UNIT] [block:BLOCK] [cat:CATEGORY]',
  summary: 'help.blocker.list',
  aliases: ['ds'],
  input: z.object({
    scope: z.enum(LIST_SCOPES),
    unit: z.string().nullable(),
    block: z.enum(BLOCKS).nullable(),
    cat: z.enum(CATEGORIES).nullable(),
  }),
  parse(_ctx, text) {
    const { text: scope, options } = parseArgs(text, { unit: 'word', block: 'word', cat: 'word' });
    return {
      scope: scope ? oneOf(LIST_SCOPES, scope, 'list') : 'open',
      unit: options.unit ?? null,
      block: options.block ? oneOf(BLOCKS, options.block, 'block') : null,
      cat: options.cat ? oneOf(CATEGORIES, options.cat, 'category') : null,
    };
  },
  async exec(ctx, input) {
    const list = await ctx.services.queries.list(ctx.actor, {
      scope: input.scope,
      unit: input.unit ?? undefined,
      block: input.block ?? undefined,
      category: input.cat ?? undefined,
    });
    const look = await makeLook(
      ctx,
      list.map((b) => b.ownerPersonId),
    );
    const title = ctx.t('blocker.list_title', { scope: ctx.t(`scope.${input.scope}`), count: list.length });
    if (list.length === 0) return reply.info(title, { lines: [ctx.t('blocker.list_empty')] });
    return reply.info(title, { items: list.map((b) => blockerItem(look, b)) });
  },
});

/** `/blocker triage`: the untriaged queue, oldest first. */
export const blockerTriage = sub<Record<string, unknown>>({
  usage: '/blocker triage',
  summary: 'help.blocker.triage',
  input: z.object({}),
  parse(_ctx, text) {
    if (text.trim()) throw new UserError('args.too_many');
    return {};
  },
  async exec(ctx) {
    const list = await ctx.services.queries.triage(ctx.actor);
    const look = await makeLook(ctx);
    const title = ctx.t('blocker.triage_title', { count: list.length });
    if (list.length === 0) return reply.info(title, { lines: [ctx.t('blocker.triage_empty')] });
    return reply.info(title, {
      items: list.map((b) => ({
        ...blockerItem(look, b),
        detail: [b.callerName, b.callerPhone, ctx.t('blocker.triage_hint', { id: fmtId.blocker(b.id) })]
          .filter(Boolean)
          .join(' · '),
      })),
    });
  },
});

/** `/blocker show B-n`: the card and its history. */
export const blockerShow = sub<{ id: number }>({
  usage: '/blocker show B-n',
  summary: 'help.blocker.show',
  input: z.object({ id: z.number().int().positive() }),
  parse(_ctx, text) {
    const words = text.trim().split(/\s+/).filter(Boolean);
    if (words.length > 1) throw new UserError('args.too_many');
    return { id: requireId('B', words[0]) };
  },
  async exec(ctx, { id }) {
    const b = await ctx.services.queries.get(ctx.actor, id);
    const history = await ctx.services.queries.history(id);
    const look = await makeLook(ctx, [b.ownerPersonId]);
    const lines = history.map((h) => historyLine(ctx, h));
    return reply.info(`${fmtId.blocker(b.id)} · ${b.title}`, {
      ...(b.detail ? { lines: [b.detail] } : {}),
      fields: blockerFields(look, b),
      items: lines.map((text) => ({ text })),
      buttons: blockerButtons(ctx.t, b),
      record: { type: 'blocker', id: fmtId.blocker(b.id) },
    });
  },
});
