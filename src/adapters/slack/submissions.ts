import type { App as BoltApp, ViewResponseAction, ViewStateValue, ViewSubmitAction } from '@slack/bolt';
import type { BlockerAddInput } from '../../../commands/blocker-add.ts';
import type { CommandContext } from '../../../commands/types.ts';
import { parseDate } from '../../dates.ts';
import type { Incoming, Outcome, TypedCall } from '../../dispatch.ts';
import { isUserError } from '../../domain/errors.ts';
import { reply as replies } from '../../domain/reply.ts';
import { parseRecordId } from '../../domain/types.ts';
import { chatOf, deliver, guarded, respondTo, type SlackCtx, type Where } from './deliver.ts';
import { clipText } from './text.ts';
import { decodeMeta, INPUT, MODAL } from './views.ts';

/** Slack wants a form's answer within 3 seconds; past this the form closes and the result comes by message. */
const ANSWER_WITHIN_MS = 2500;
const SLOW = Symbol('slow');
/** What Slack's date picker sends. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type Ack = (response?: ViewResponseAction) => Promise<void>;
type Values = Record<string, Record<string, ViewStateValue>>;

/** One input's value, whatever the element: text, select, user picker or date picker. */
function inputValue(values: Values, block: string): string | undefined {
  const v = values[block]?.[INPUT];
  const raw = v?.value ?? v?.selected_option?.value ?? v?.selected_user ?? v?.selected_date ?? undefined;
  const text = raw?.trim();
  return text ? text : undefined;
}

/** A value from one of our own selects, as a safe command token (or nothing). */
const token = (v: string | undefined): string | undefined =>
  v && /^[A-Za-z0-9_-]+$/.test(v) ? v : undefined;

/** A date picked in a form, read as a typed one is: the person's zone, not in the past. */
function readPicked(ctx: CommandContext, date: string): { date: Date } | { problem: string } {
  if (!DAY.test(date)) return { problem: ctx.t('date.invalid', { input: date }) };
  try {
    return { date: parseDate(date, { now: ctx.now, tz: ctx.tz, lang: ctx.lang }) };
  } catch (err) {
    if (isUserError(err)) return { problem: ctx.t(err.code, err.params) };
    throw err;
  }
}

/**
 * Form submissions. Each hands its typed values to the command's executor through the dispatcher
 * (no command line is rebuilt and parsed again: a title keeps every quote it has), so the
 * permissions and rules are the command's. What the form can check is shown on its fields;
 * an error from the command within the 3 seconds is shown on `field`; a slower result closes the
 * form and comes by message (never run twice).
 */
export function registerSubmissions(bolt: BoltApp, sc: SlackCtx): void {
  function form(
    callbackId: string,
    handle: (args: {
      values: Values;
      where: Where;
      ctx: CommandContext;
      record: string | undefined;
      link: string | undefined;
      answer: (errors: Record<string, string>) => Promise<void>;
      run: (call: TypedCall, field: string, replyTo?: Incoming['replyTo']) => Promise<void>;
    }) => Promise<void>,
  ): void {
    bolt.view<ViewSubmitAction>(callbackId, async ({ ack, body, view }) => {
      const started = Date.now();
      let acked = false;
      const answer: Ack = async (response) => {
        if (acked) return;
        acked = true;
        await ack(response);
      };
      // However slow the database, the form gets its answer in time (then results come by message).
      const watchdog = setTimeout(() => void answer().catch(() => {}), ANSWER_WITHIN_MS);
      const meta = decodeMeta(view.private_metadata);
      const where: Where = {
        user: body.user.id,
        userName: body.user.name,
        channel: meta.channel,
        respond: respondTo(meta.responseUrl),
      };
      await guarded(sc, where, callbackId, async () => {
        try {
          const who = await sc.people.identity(where.user, where.userName);
          const ctx = await sc.app.dispatcher.contextFor({ text: '', who, chat: chatOf(where) });
          /** Problems on the form's fields, or by message once the form has closed. */
          const showErrors = async (errors: Record<string, string>, out?: Outcome) => {
            if (!acked) return answer({ response_action: 'errors', errors });
            const message = out ?? { reply: replies.error(Object.values(errors).join(' ')), lang: ctx.lang };
            await deliver(sc, where, message);
          };
          await handle({
            values: view.state.values,
            where,
            ctx,
            record: token(meta.record),
            link: meta.link,
            answer: (errors) => showErrors(errors),
            async run(call, field, replyTo) {
              const running = sc.app.dispatcher.execute({ who, chat: chatOf(where), replyTo }, call);
              const left = Math.max(0, ANSWER_WITHIN_MS - (Date.now() - started));
              let timer: NodeJS.Timeout | undefined;
              const first = await Promise.race([
                running,
                new Promise<typeof SLOW>((resolve) => {
                  timer = setTimeout(() => resolve(SLOW), left);
                }),
              ]);
              clearTimeout(timer);
              if (first !== SLOW && first.reply.kind === 'error')
                return showErrors({ [field]: clipText(first.reply.title ?? '', 300) }, first);
              await answer();
              await deliver(sc, where, first === SLOW ? await running : first);
            },
          });
        } finally {
          clearTimeout(watchdog);
          await answer();
        }
      });
    });
  }

  form(MODAL.add, async ({ values, ctx, link, answer, run }) => {
    const title = inputValue(values, 'title') ?? '';
    const detail = inputValue(values, 'detail');
    const person = inputValue(values, 'person');
    const due = inputValue(values, 'due');
    const errors: Record<string, string> = {};
    if (!title) errors.title = ctx.t('blocker.no_title');
    const picked = due ? readPicked(ctx, due) : undefined;
    if (picked && 'problem' in picked) errors.due = picked.problem;
    if (person && !(await sc.people.ensure(person))) errors.person = ctx.t('slack.not_a_person');
    if (Object.keys(errors).length > 0) return answer(errors);
    const input: BlockerAddInput = {
      title,
      detail: detail ?? null,
      owner: token(inputValue(values, 'owner')) ?? null,
      to: person ? `<@${person}>` : null,
      due: picked && 'date' in picked ? picked.date : null,
      cat: (token(inputValue(values, 'category')) ?? 'other') as BlockerAddInput['cat'],
      prio: (token(inputValue(values, 'priority')) ?? 'normal') as BlockerAddInput['prio'],
      from: null,
      sourceLink: link ?? null,
    };
    await run({ command: 'blocker', sub: 'add', input }, 'title');
  });

  form(MODAL.extend, async ({ values, ctx, record, answer, run }) => {
    const due = inputValue(values, 'due');
    const picked = due ? readPicked(ctx, due) : { problem: ctx.t('args.missing', { what: 'DATE' }) };
    if ('problem' in picked) return answer({ due: picked.problem });
    const id = parseRecordId('B', record);
    if (id === null) return answer({ due: ctx.t('telegram.expired') });
    const reason = inputValue(values, 'reason') ?? null;
    await run({ command: 'blocker', sub: 'due', input: { id, date: picked.date, reason } }, 'due');
  });

  form(MODAL.reject, async ({ values, ctx, record, answer, run }) => {
    const reason = inputValue(values, 'reason');
    if (!reason) return answer({ reason: ctx.t('extension.reject_needs_reason') });
    const id = parseRecordId('X', record);
    if (id === null) return answer({ reason: ctx.t('telegram.expired') });
    await run({ command: 'extension', sub: 'reject', input: { id, note: reason } }, 'reason');
  });
}
