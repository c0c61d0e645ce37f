import { z } from 'zod';
import { firstWord, limitText, TEXT_MAX } from '../src/args.ts';
import { formatDateSmart } from '../src/dates.ts';
import { UserError } from '../src/domain/errors.ts';
import { assertCan, can, permActor } from '../src/domain/permissions.ts';
import { reply } from '../src/domain/reply.ts';
import { fmtId } from '../src/domain/types.ts';
import { blockerTarget } from '../src/services/blocker-access.ts';
import { blockerCard, requireId, splitDate, unitAndPerson } from './support.ts';
import { sub } from './table.ts';

const Id = z.number().int().positive();
/** Free text as typed (a note, a reason), within the limit; empty is none. */
const Text = z.string().max(TEXT_MAX).nullable();

/** `B-n` and the text after it, as typed (a note may hold quotes, colons, `owner:X`: all text). */
function idAndText(text: string, field: string): { id: number; text: string | null } {
  const [idText, rest] = firstWord(text);
  const id = requireId('B', idText || undefined);
  return { id, text: rest ? limitText(field, rest) : null };
}

/** `/blocker assign B-n UNIT [@person]` */
export const blockerAssign = sub<{ id: number; unit: string; to: string | null }>({
  usage: '/blocker assign B-n UNIT [@person]',
  summary: 'help.blocker.assign',
  input: z.object({ id: Id, unit: z.string().min(1), to: z.string().nullable() }),
  parse(_ctx, text) {
    const { id, text: rest } = idAndText(text, 'unit');
    const { unit, person } = unitAndPerson(rest ?? '');
    if (!unit) throw new UserError('args.missing', { what: 'UNIT' });
    return { id, unit, to: person };
  },
  async exec(ctx, input) {
    const person = input.to ? await ctx.services.identity.findPerson(input.to) : null;
    const b = await ctx.services.blockers.assign(ctx.actor, input.id, input.unit, person);
    const unit = b.ownerUnitId !== null ? await ctx.services.units.byId(b.ownerUnitId) : null;
    return blockerCard(
      ctx,
      ctx.t('blocker.assigned', { id: fmtId.blocker(input.id), unit: unit?.code ?? input.unit }),
      b,
    );
  },
});

/** `/blocker due B-n DATE [reason]`: admins set it; others create an extension request. */
export const blockerDue = sub<{ id: number; date: Date; reason: string | null }>({
  usage: '/blocker due B-n DATE [reason]',
  summary: 'help.blocker.due',
  input: z.object({ id: Id, date: z.date(), reason: Text }),
  parse(ctx, text) {
    const { id, text: rest } = idAndText(text, 'reason');
    if (!rest) throw new UserError('args.missing', { what: 'DATE' });
    const { date, rest: reason } = splitDate(ctx, rest);
    return { id, date, reason: reason || null };
  },
  /** Before the "Request extension" form: the blocker is one this person sees and may re-date. */
  async check(ctx, value) {
    const b = await ctx.services.queries.get(ctx.actor, requireId('B', value));
    const p = permActor(ctx.actor);
    if (!can(p, 'blocker.set_due', blockerTarget(b)))
      assertCan(p, 'blocker.request_extension', blockerTarget(b));
  },
  async exec(ctx, { id, date, reason }) {
    const result = await ctx.services.blockers.changeDue(ctx.actor, id, date, reason);
    if (result.kind !== 'requested')
      return blockerCard(
        ctx,
        ctx.t(result.kind === 'first' ? 'blocker.first_due_set' : 'blocker.due_set', {
          id: fmtId.blocker(id),
          date: formatDateSmart(date, ctx.tz),
        }),
        result.blocker,
      );
    const x = fmtId.extension(result.extension.id);
    return reply.ok(
      ctx.t('extension.requested', {
        id: x,
        blocker: fmtId.blocker(id),
        date: formatDateSmart(date, ctx.tz),
      }),
      {
        lines: [ctx.t('extension.requested_hint', { id: x })],
        buttons: [
          { label: ctx.t('button.approve'), action: 'extension.approve', value: x, style: 'primary' },
          { label: ctx.t('button.reject'), action: 'extension.reject', value: x, style: 'danger' },
        ],
        record: { type: 'extension', id: x },
      },
    );
  },
});

/** `/blocker note B-n <text>` */
export const blockerNote = sub<{ id: number; text: string | null }>({
  usage: '/blocker note B-n <text>',
  summary: 'help.blocker.note',
  input: z.object({ id: Id, text: Text }),
  parse: (_ctx, text) => idAndText(text, 'note'),
  async exec(ctx, { id, text }) {
    if (!text) throw new UserError('blocker.no_note');
    await ctx.services.blockers.note(ctx.actor, id, text);
    return reply.ok(ctx.t('blocker.noted', { id: fmtId.blocker(id) }), { lines: [text] });
  },
});

/** `/blocker snooze B-n 1|3`: the reminder's Snooze buttons; defers the reminder once. */
export const blockerSnooze = sub<{ id: number; days: 1 | 3 }>({
  usage: '/blocker snooze B-n 1|3',
  summary: 'help.blocker.snooze',
  input: z.object({ id: Id, days: z.union([z.literal(1), z.literal(3)]) }),
  parse(_ctx, text) {
    const { id, text: rest } = idAndText(text, 'days');
    if (!rest) throw new UserError('args.missing', { what: '1|3' });
    if (!/^[13]$/.test(rest))
      throw new UserError('args.bad_choice', { value: rest, what: 'days', choices: '1, 3' });
    return { id, days: rest === '1' ? 1 : 3 };
  },
  async exec(ctx, { id, days }) {
    const done = await ctx.services.blockers.snooze(ctx.actor, id, days);
    const params = { id: fmtId.blocker(id), date: formatDateSmart(done.until, ctx.tz) };
    return reply.ok(ctx.t(done.added ? 'notice.snoozed' : 'blocker.snoozed_already', params));
  },
});

/** `/blocker escalate B-n [note]` */
export const blockerEscalate = sub<{ id: number; text: string | null }>({
  usage: '/blocker escalate B-n [note]',
  summary: 'help.blocker.escalate',
  input: z.object({ id: Id, text: Text }),
  parse: (_ctx, text) => idAndText(text, 'note'),
  async exec(ctx, { id, text }) {
    const b = await ctx.services.blockers.escalate(ctx.actor, id, text);
    return blockerCard(ctx, ctx.t('blocker.escalated', { id: fmtId.blocker(id) }), b);
  },
});

type StatusAction = 'start' | 'resolve' | 'reopen' | 'drop';
const STATUS_KEY = {
  start: 'blocker.started',
  resolve: 'blocker.resolved',
  reopen: 'blocker.reopened',
  drop: 'blocker.dropped',
} as const;

/** `/blocker start|resolve|reopen|drop B-n [note]` */
function statusSub(action: StatusAction, usage: string, aliases: string[]) {
  return sub<{ id: number; text: string | null }>({
    usage,
    summary: `help.blocker.${action}`,
    aliases,
    input: z.object({ id: Id, text: Text }),
    parse(_ctx, text) {
      const input = idAndText(text, action === 'drop' ? 'reason' : 'note');
      if (action === 'start' && input.text) throw new UserError('args.too_many');
      if (action === 'drop' && !input.text) throw new UserError('blocker.drop_needs_reason');
      return input;
    },
    async exec(ctx, { id, text }) {
      const flow = ctx.services.flow;
      if (action === 'drop' && !text) throw new UserError('blocker.drop_needs_reason');
      const b =
        action === 'start'
          ? await flow.start(ctx.actor, id)
          : action === 'resolve'
            ? await flow.resolve(ctx.actor, id, text)
            : action === 'reopen'
              ? await flow.reopen(ctx.actor, id, text)
              : await flow.drop(ctx.actor, id, text ?? '');
      return blockerCard(ctx, ctx.t(STATUS_KEY[action], { id: fmtId.blocker(id), title: b.title }), b);
    },
  });
}

export const blockerStart = statusSub('start', '/blocker start B-n', []);
export const blockerResolve = statusSub('resolve', '/blocker resolve B-n [note]', []);
export const blockerReopen = statusSub('reopen', '/blocker reopen B-n', []);
export const blockerDrop = statusSub('drop', '/blocker drop B-n <reason>', []);
