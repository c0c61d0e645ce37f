import { checkOptions, parseArgs } from '../src/args.ts';
import { type Reply, reply } from '../src/domain/reply.ts';
import { BLOCKS, CATEGORIES, fmtId } from '../src/domain/types.ts';
import { blockerButtons, blockerFields, blockerItem } from '../src/present/format.ts';
import { LIST_SCOPES } from '../src/services/blocker-queries.ts';
import { historyLine } from './blocker-history.ts';
import { makeLook, oneOf, requireId } from './support.ts';
import type { CommandContext } from './types.ts';

export const LIST_USAGE =
  '/blocker list [open|overdue|mine|new|resolved|all] [unit:UNIT] [block:BLOCK] [cat:CATEGORY]';
export const SHOW_USAGE = '/blocker show B-n';
export const TRIAGE_USAGE = '/blocker triage';

/** `/blocker list`: overdue first. */
export async function blockerList(ctx: CommandContext, input: string): Promise<Reply> {
  const { words, options } = parseArgs(input);
  checkOptions(options, ['unit', 'block', 'cat']);
  const scope = words[0] ? oneOf(LIST_SCOPES, words[0], 'list') : 'open';
  const list = await ctx.services.queries.list(ctx.actor, {
    scope,
    unit: options.unit,
    block: options.block ? oneOf(BLOCKS, options.block, 'block') : undefined,
    category: options.cat ? oneOf(CATEGORIES, options.cat, 'category') : undefined,
  });
  const look = await makeLook(
    ctx,
    list.map((b) => b.ownerPersonId),
  );
  const title = ctx.t('blocker.list_title', { scope: ctx.t(`scope.${scope}`), count: list.length });
  if (list.length === 0) return reply.info(title, { lines: [ctx.t('blocker.list_empty')] });
  return reply.info(title, { items: list.map((b) => blockerItem(look, b)) });
}

/** `/blocker triage`: the untriaged queue, oldest first. */
export async function blockerTriage(ctx: CommandContext): Promise<Reply> {
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
}

/** `/blocker show B-n`: the card and its history. */
export async function blockerShow(ctx: CommandContext, input: string): Promise<Reply> {
  const { words, options } = parseArgs(input);
  checkOptions(options, []);
  const id = requireId('B', words[0]);
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
}
