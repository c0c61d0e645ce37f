import { checkOptions, parseArgs } from '../src/args.ts';
import { formatDateSmart } from '../src/dates.ts';
import { UserError } from '../src/domain/errors.ts';
import { type Reply, reply } from '../src/domain/reply.ts';
import { fmtId } from '../src/domain/types.ts';
import { blockerButtons, blockerFields } from '../src/present/format.ts';
import type { BlockerRecord } from '../src/store/rows.ts';
import { makeLook, readDate, requireId } from './support.ts';
import type { CommandContext } from './types.ts';

export const CHANGE_USAGE = {
  assign: '/blocker assign B-n UNIT [@person]',
  due: '/blocker due B-n DATE [reason]',
  note: '/blocker note B-n <text>',
  escalate: '/blocker escalate B-n [note]',
  start: '/blocker start B-n',
  resolve: '/blocker resolve B-n [note]',
  reopen: '/blocker reopen B-n',
  drop: '/blocker drop B-n <reason>',
  snooze: '/blocker snooze B-n 1|3',
} as const;

async function card(ctx: CommandContext, title: string, b: BlockerRecord): Promise<Reply> {
  const look = await makeLook(ctx, [b.ownerPersonId]);
  return reply.ok(title, {
    fields: blockerFields(look, b),
    buttons: blockerButtons(ctx.t, b),
    record: { type: 'blocker', id: fmtId.blocker(b.id) },
  });
}

/** The words after the id, with no options allowed (a note may contain a colon: `Note: x` is text). */
function afterId(input: string): { id: string | undefined; rest: string } {
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(input);
  return { id: m?.[1], rest: (m?.[2] ?? '').trim() };
}

/** `/blocker assign B-n UNIT [@person]` */
export async function blockerAssign(ctx: CommandContext, input: string): Promise<Reply> {
  const { words, options } = parseArgs(input);
  checkOptions(options, ['to']);
  const id = requireId('B', words[0]);
  const unit = words[1];
  if (!unit) throw new UserError('args.missing', { what: 'UNIT' });
  if (words.length > 3) throw new UserError('args.too_many');
  const personRef = options.to ?? words[2];
  const person = personRef ? await ctx.services.identity.findPerson(personRef) : null;
  const b = await ctx.services.blockers.assign(ctx.actor, id, unit, person);
  return card(ctx, ctx.t('blocker.assigned', { id: fmtId.blocker(id), unit: unit.toUpperCase() }), b);
}

/** `/blocker due B-n DATE [reason]`: admins set it; others create an extension request. */
export async function blockerDue(ctx: CommandContext, input: string): Promise<Reply> {
  const { id: idText, rest } = afterId(input);
  const id = requireId('B', idText);
  if (!rest) throw new UserError('args.missing', { what: 'DATE' });
  const { date, reason } = splitDateAndReason(ctx, rest);
  const result = await ctx.services.blockers.changeDue(ctx.actor, id, date, reason);
  if (result.kind !== 'requested')
    return card(
      ctx,
      ctx.t(result.kind === 'first' ? 'blocker.first_due_set' : 'blocker.due_set', {
        id: fmtId.blocker(id),
        date: formatDateSmart(date, ctx.tz),
      }),
      result.blocker,
    );
  const x = fmtId.extension(result.extension.id);
  return reply.ok(
    ctx.t('extension.requested', { id: x, blocker: fmtId.blocker(id), date: formatDateSmart(date, ctx.tz) }),
    {
      lines: [ctx.t('extension.requested_hint', { id: x })],
      buttons: [
        { label: ctx.t('button.approve'), action: 'extension.approve', value: x, style: 'primary' },
        { label: ctx.t('button.reject'), action: 'extension.reject', value: x, style: 'danger' },
      ],
      record: { type: 'extension', id: x },
    },
  );
}

/**
 * The DATE is the longest leading run of words that parses (`20/12/2099 09:30`, `ngày mai`, `+3d`);
 * the rest is the reason. A quoted date (`"2026-12-31 09:30"`) is taken whole.
 */
function splitDateAndReason(ctx: CommandContext, text: string): { date: Date; reason: string | null } {
  const quoted = /^["“']([^"”']+)["”']\s*([\s\S]*)$/.exec(text);
  if (quoted?.[1]) return { date: readDate(ctx, quoted[1]), reason: quoted[2]?.trim() || null };
  const words = text.split(/\s+/);
  let firstError: unknown = null;
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    try {
      const date = readDate(ctx, words.slice(0, n).join(' '));
      return { date, reason: words.slice(n).join(' ').trim() || null };
    } catch (err) {
      if (n === 1) firstError = err;
    }
  }
  throw firstError;
}

/** `/blocker note B-n <text>` */
export async function blockerNote(ctx: CommandContext, input: string): Promise<Reply> {
  const { id: idText, rest } = afterId(input);
  const id = requireId('B', idText);
  if (!rest) throw new UserError('blocker.no_note');
  await ctx.services.blockers.note(ctx.actor, id, rest);
  return reply.ok(ctx.t('blocker.noted', { id: fmtId.blocker(id) }), { lines: [rest] });
}

/** `/blocker snooze B-n 1|3`: the reminder's Snooze buttons; defers the reminder once. */
export async function blockerSnooze(ctx: CommandContext, input: string): Promise<Reply> {
  const { id: idText, rest } = afterId(input);
  const id = requireId('B', idText);
  if (!rest) throw new UserError('args.missing', { what: '1|3' });
  if (!/^[13]$/.test(rest))
    throw new UserError('args.bad_choice', { value: rest, what: 'days', choices: '1, 3' });
  const done = await ctx.services.blockers.snooze(ctx.actor, id, Number(rest));
  const params = { id: fmtId.blocker(id), date: formatDateSmart(done.until, ctx.tz) };
  return reply.ok(ctx.t(done.added ? 'notice.snoozed' : 'blocker.snoozed_already', params));
}

/** `/blocker escalate B-n [note]` */
export async function blockerEscalate(ctx: CommandContext, input: string): Promise<Reply> {
  const { id: idText, rest } = afterId(input);
  const id = requireId('B', idText);
  const b = await ctx.services.blockers.escalate(ctx.actor, id, rest || null);
  return card(ctx, ctx.t('blocker.escalated', { id: fmtId.blocker(id) }), b);
}

/** `/blocker start|resolve|reopen|drop B-n [note]` */
export async function blockerStatus(
  ctx: CommandContext,
  action: 'start' | 'resolve' | 'reopen' | 'drop',
  input: string,
): Promise<Reply> {
  const { id: idText, rest } = afterId(input);
  const id = requireId('B', idText);
  const flow = ctx.services.flow;
  if (action === 'start' && rest) throw new UserError('args.too_many');
  if (action === 'drop' && !rest) throw new UserError('blocker.drop_needs_reason');
  const b =
    action === 'start'
      ? await flow.start(ctx.actor, id)
      : action === 'resolve'
        ? await flow.resolve(ctx.actor, id, rest || null)
        : action === 'reopen'
          ? await flow.reopen(ctx.actor, id, rest || null)
          : await flow.drop(ctx.actor, id, rest);
  const key = {
    start: 'blocker.started',
    resolve: 'blocker.resolved',
    reopen: 'blocker.reopened',
    drop: 'blocker.dropped',
  };
  return card(ctx, ctx.t(key[action], { id: fmtId.blocker(id), title: b.title }), b);
}
