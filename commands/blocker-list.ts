import { z } from 'zod';
import { parseArgs } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { PAGE_SIZE, pageWindow, reply } from '../src/domain/reply.ts';
import { BLOCKS, CATEGORIES, fmtId } from '../src/domain/types.ts';
import { blockerButtons, blockerFields, blockerItem } from '../src/present/format.ts';
import { LIST_SCOPES } from '../src/services/blocker-queries.ts';
import { historyLine } from './blocker-history.ts';
import { makeLook, oneOf, requireId } from './support.ts';
import { sub } from './table.ts';

/** Input of `/blocker list`: the filter, and the page typed as `page:N` (the first when null). */
interface ListInput {
  scope: (typeof LIST_SCOPES)[number];
  unit: string | null;
  block: (typeof BLOCKS)[number] | null;
  cat: (typeof CATEGORIES)[number] | null;
  page: number | null;
}

/** A typed page number (`page:3`): a whole number from 1, or a clear error. */
function pageNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new UserError('args.bad_page', { value });
  return Math.min(n, Number.MAX_SAFE_INTEGER);
}

/** The command that shows page `page` of the same list, as one would type it. */
function listCommand(input: ListInput, page: number): string {
  const word = (v: string) => (/\s/.test(v) ? `"${v}"` : v);
  return [
    '/blocker list',
    input.scope,
    ...(input.unit ? [`unit:${word(input.unit)}`] : []),
    ...(input.block ? [`block:${input.block}`] : []),
    ...(input.cat ? [`cat:${input.cat}`] : []),
    `page:${page}`,
  ].join(' ');
}

/**
 * `/blocker list`: overdue first, one page of {@link PAGE_SIZE} loaded from the store. The page is
 * a page button's (`ctx.page`), else `page:N`, clamped into range (a stale "Next" on a shrinking
 * list shows the last page); the title counts every match.
 */
export const blockerList = sub<ListInput>({
  usage:
    '/blocker list [open|overdue|mine|new|resolved|all] [unit:UNIT] [block:BLOCK] [cat:CATEGORY] [page:N]',
  summary: 'help.blocker.list',
  aliases: ['ds'],
  input: z.object({
    scope: z.enum(LIST_SCOPES),
    unit: z.string().nullable(),
    block: z.enum(BLOCKS).nullable(),
    cat: z.enum(CATEGORIES).nullable(),
    page: z.number().int().positive().nullable(),
  }),
  parse(_ctx, text) {
    const { text: scope, options } = parseArgs(text, {
      unit: 'word',
      block: 'word',
      cat: 'word',
      page: 'word',
    });
    return {
      scope: scope ? oneOf(LIST_SCOPES, scope, 'list') : 'open',
      unit: options.unit ?? null,
      block: options.block ? oneOf(BLOCKS, options.block, 'block') : null,
      cat: options.cat ? oneOf(CATEGORIES, options.cat, 'category') : null,
      page: options.page !== undefined ? pageNumber(options.page) : null,
    };
  },
  async exec(ctx, input) {
    const filter = {
      scope: input.scope,
      unit: input.unit ?? undefined,
      block: input.block ?? undefined,
      category: input.cat ?? undefined,
    };
    const asked = ctx.page ?? input.page ?? 1;
    const wanted = Number.isSafeInteger(asked) && asked > 1 ? asked : 1;
    const load = (page: number) =>
      ctx.services.queries.page(ctx.actor, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    let found = await load(wanted);
    let at = pageWindow(found.total, wanted);
    // Past the end (the list shrank, or `page:9`): the last page instead.
    if (at.page !== wanted && found.total > 0) {
      found = await load(at.page);
      at = pageWindow(found.total, at.page);
    }
    const { items: list, total } = found;
    const look = await makeLook(
      ctx,
      list.map((b) => b.ownerPersonId),
    );
    const title = ctx.t('blocker.list_title', { scope: ctx.t(`scope.${input.scope}`), count: total });
    if (list.length === 0) return reply.info(title, { lines: [ctx.t('blocker.list_empty')] });
    return reply.info(title, {
      items: list.map((b) => blockerItem(look, b)),
      paging: {
        page: at.page,
        pages: at.pages,
        total,
        ...(at.next
          ? {
              more: ctx.t('blocker.list_more', {
                page: at.page,
                pages: at.pages,
                command: listCommand(input, at.next),
              }),
            }
          : {}),
      },
    });
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
