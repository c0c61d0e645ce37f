import { z } from 'zod';
import { limitText, parseArgs, TEXT_MAX } from '../src/args.ts';
import { UserError } from '../src/domain/errors.ts';
import { TITLE_MAX } from '../src/domain/limits.ts';
import { assertCan, permActor } from '../src/domain/permissions.ts';
import { reply } from '../src/domain/reply.ts';
import { CATEGORIES, fmtId, PRIORITIES } from '../src/domain/types.ts';
import { blockerButtons, blockerFields } from '../src/present/format.ts';
import { dateTake, makeLook, oneOf, readDate, Title } from './support.ts';
import { sub } from './table.ts';

export const ADD_USAGE = `/blocker add <title (≤${TITLE_MAX} characters)> [owner:UNIT] [to:@person] [due:DATE] [cat:CATEGORY] [from:UNIT] [prio:low|normal|high|critical]`;

/** What `/blocker add` needs, typed: from the command line or straight from a form. */
export const BlockerAddInput = z.object({
  title: Title,
  detail: z.string().max(TEXT_MAX).nullable(),
  /** A unit's code or name. */
  owner: z.string().nullable(),
  /** A person reference (`<@U…>`, `<@tg:…>`, `@username`). */
  to: z.string().nullable(),
  due: z.date().nullable(),
  cat: z.enum(CATEGORIES),
  prio: z.enum(PRIORITIES),
  /** The reporting unit's code or name. */
  from: z.string().nullable(),
  /** The message the blocker was logged from, when a form or shortcut knows it. */
  sourceLink: z.string().nullable().optional(),
});
export type BlockerAddInput = z.infer<typeof BlockerAddInput>;

/** `/blocker add`: logs a blocker and announces it with its id. */
export const blockerAdd = sub<BlockerAddInput>({
  usage: ADD_USAGE,
  summary: 'help.blocker.add',
  aliases: ['thêm'],
  input: BlockerAddInput,
  /** Typed alone: the "Log a blocker" form where there is one, else the usage. */
  async bare(ctx) {
    assertCan(permActor(ctx.actor), 'blocker.add');
    const units = (await ctx.services.units.list()).map(({ code, name, block }) => ({ code, name, block }));
    const noTitle = `${ctx.t('error.title')}: ${ctx.t('blocker.no_title')}`;
    return reply.form({ name: 'blocker.add', units }, reply.error(noTitle, ADD_USAGE));
  },
  parse(ctx, text) {
    const { text: title, options } = parseArgs(text, {
      owner: 'word',
      to: 'word',
      due: { run: true, take: dateTake(ctx) },
      cat: 'word',
      from: 'word',
      prio: 'word',
      detail: { run: true },
    });
    return {
      title,
      detail: options.detail ?? null,
      owner: options.owner ?? null,
      to: options.to ?? null,
      due: options.due ? readDate(ctx, options.due) : null,
      cat: options.cat ? oneOf(CATEGORIES, options.cat, 'category') : 'other',
      prio: options.prio ? oneOf(PRIORITIES, options.prio, 'priority') : 'normal',
      from: options.from ?? null,
    };
  },
  async exec(ctx, input) {
    const title = input.title;
    if (!title) throw new UserError('blocker.no_title');
    const ownerPerson = input.to ? await ctx.services.identity.findPerson(input.to) : null;
    const detail = input.detail ?? ctx.replyTo?.text ?? null;
    if (detail) limitText('detail', detail);
    const b = await ctx.services.blockers.add(ctx.actor, {
      title,
      detail,
      sourceLink: input.sourceLink ?? ctx.replyTo?.link ?? null,
      ownerUnit: input.owner,
      ownerPerson,
      deadline: input.due,
      category: input.cat,
      priority: input.prio,
      reportingUnit: input.from,
    });
    const look = await makeLook(ctx, [b.ownerPersonId]);
    return reply.ok(ctx.t('blocker.added', { id: fmtId.blocker(b.id), title: b.title }), {
      fields: blockerFields(look, b),
      buttons: blockerButtons(ctx.t, b),
      record: { type: 'blocker', id: fmtId.blocker(b.id) },
      ...(detail ? { lines: [detail] } : {}),
    });
  },
});
