import type { App as BoltApp, ViewResponseAction, ViewStateValue, ViewSubmitAction } from '@slack/bolt';
import type { BlockerAddInput } from '../../../commands/blocker-add.ts';
import { parseDate } from '../../dates.ts';
import type { Outcome, PlatformIdentity, Turn, TypedCall } from '../../dispatch.ts';
import { isUserError } from '../../domain/errors.ts';
import { reply as replies } from '../../domain/reply.ts';
import { parseRecordId } from '../../domain/types.ts';
import { deliver, guarded, incomingOf, respondTo, type SlackCtx, type Where } from './deliver.ts';
import { claimOf } from './inbox.ts';
import { clipText } from './text.ts';
import { decodeMeta, INPUT, MODAL, type ModalMeta } from './views.ts';

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
function readPicked(turn: Turn, date: string): { date: Date } | { problem: string } {
  if (!DAY.test(date)) return { problem: turn.t('date.invalid', { input: date }) };
  try {
    return { date: parseDate(date, { now: turn.now, tz: turn.tz, lang: turn.lang }) };
  } catch (err) {
    if (isUserError(err)) return { problem: turn.t(err.code, err.params) };
    throw err;
  }
}

/** What a form read: problems to show on its fields, or the typed call to run (errors shown on `field`). */
type Read = { errors: Record<string, string> } | { call: TypedCall; field: string };

/** What reading a form has: its values, the person's turn, the record it is about, a person picked in it. */
interface FormInput {
  values: Values;
  turn: Turn;
  meta: ModalMeta;
  /** The user picked in a users select: their identity, null for an app, undefined when none. */
  picked: PlatformIdentity | null | undefined;
}

function readAdd({ values, turn, meta, picked }: FormInput): Read {
  const title = inputValue(values, 'title') ?? '';
  const due = inputValue(values, 'due');
  const errors: Record<string, string> = {};
  if (!title) errors.title = turn.t('blocker.no_title');
  const date = due ? readPicked(turn, due) : undefined;
  if (date && 'problem' in date) errors.due = date.problem;
  if (picked === null) errors.person = turn.t('slack.not_a_person');
  if (Object.keys(errors).length > 0) return { errors };
  const input: BlockerAddInput = {
    title,
    detail: inputValue(values, 'detail') ?? null,
    owner: token(inputValue(values, 'owner')) ?? null,
    to: picked ? `<@${picked.id}>` : null,
    due: date && 'date' in date ? date.date : null,
    cat: (token(inputValue(values, 'category')) ?? 'other') as BlockerAddInput['cat'],
    prio: (token(inputValue(values, 'priority')) ?? 'normal') as BlockerAddInput['prio'],
    from: null,
    sourceLink: meta.link ?? null,
  };
  return { call: { command: 'blocker', sub: 'add', input }, field: 'title' };
}

function readExtend({ values, turn, meta }: FormInput): Read {
  const due = inputValue(values, 'due');
  const picked = due ? readPicked(turn, due) : { problem: turn.t('args.missing', { what: 'DATE' }) };
  if ('problem' in picked) return { errors: { due: picked.problem } };
  const id = parseRecordId('B', token(meta.record));
  if (id === null) return { errors: { due: turn.t('telegram.expired') } };
  const reason = inputValue(values, 'reason') ?? null;
  return { call: { command: 'blocker', sub: 'due', input: { id, date: picked.date, reason } }, field: 'due' };
}

function readReject({ values, turn, meta }: FormInput): Read {
  const reason = inputValue(values, 'reason');
  if (!reason) return { errors: { reason: turn.t('extension.reject_needs_reason') } };
  const id = parseRecordId('X', token(meta.record));
  if (id === null) return { errors: { reason: turn.t('telegram.expired') } };
  return { call: { command: 'extension', sub: 'reject', input: { id, note: reason } }, field: 'reason' };
}

/** Each form by its callback id: how its values become the command's typed call. */
const FORMS: Record<string, (f: FormInput) => Read> = {
  [MODAL.add]: readAdd,
  [MODAL.extend]: readExtend,
  [MODAL.reject]: readReject,
};

/** The form's answer to Slack, once: nothing (it closes) or the problems on its fields. */
function once(ack: Ack) {
  let acked = false;
  return {
    get acked() {
      return acked;
    },
    async answer(response?: ViewResponseAction) {
      if (acked) return;
      acked = true;
      await ack(response);
    },
  };
}

/** `running`, or SLOW when it has not finished `left` milliseconds from now. */
async function within<T>(running: Promise<T>, left: number): Promise<T | typeof SLOW> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<typeof SLOW>((resolve) => {
    timer = setTimeout(() => resolve(SLOW), left);
  });
  try {
    return await Promise.race([running, slow]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One submission: read in the person's turn (their words, zone and clock), problems shown on the
 * fields; else the typed call runs, and its error within the 3 seconds lands on the form too. A
 * slower result closes the form and comes by message (never run twice).
 */
async function submit(
  sc: SlackCtx,
  where: Where,
  form: { read: (f: FormInput) => Read; values: Values; meta: ModalMeta; reply: ReturnType<typeof once> },
  started: number,
): Promise<void> {
  const person = inputValue(form.values, 'person');
  const picked = person === undefined ? undefined : await sc.people.person(person);
  const base = await incomingOf(sc, where);
  await sc.dispatcher.turn({ ...base, ...(picked ? { others: [picked] } : {}) }, async (turn) => {
    const showErrors = async (errors: Record<string, string>, out?: Outcome) => {
      if (!form.reply.acked) return form.reply.answer({ response_action: 'errors', errors });
      await deliver(
        sc,
        where,
        out ?? { reply: replies.error(Object.values(errors).join(' ')), lang: turn.lang },
      );
    };
    const read = form.read({ values: form.values, turn, meta: form.meta, picked });
    if ('errors' in read) return showErrors(read.errors);
    const running = turn.execute(read.call);
    const first = await within(running, Math.max(0, ANSWER_WITHIN_MS - (Date.now() - started)));
    if (first !== SLOW && first.reply.kind === 'error')
      return showErrors({ [read.field]: clipText(first.reply.title ?? '', 300) }, first);
    await form.reply.answer();
    await deliver(sc, where, first === SLOW ? await running : first);
  });
}

/**
 * Form submissions. Each hands its typed values to the command's executor through the dispatcher
 * (no command line is rebuilt and parsed again: a title keeps every quote it has), so the
 * permissions and rules are the command's. However slow the database, the form gets its answer
 * within Slack's 3 seconds (then results come by message).
 */
export function registerSubmissions(bolt: BoltApp, sc: SlackCtx): void {
  for (const [callbackId, read] of Object.entries(FORMS)) {
    bolt.view<ViewSubmitAction>(callbackId, async ({ ack, body, view, context }) => {
      const started = Date.now();
      const reply = once(ack);
      const watchdog = setTimeout(
        () =>
          void reply
            .answer()
            .catch((err: unknown) => sc.log.debug({ err }, 'slack: form not answered in time')),
        ANSWER_WITHIN_MS,
      );
      const meta = decodeMeta(view.private_metadata);
      const where: Where = {
        user: body.user.id,
        userName: body.user.name,
        channel: meta.channel,
        respond: respondTo(meta.responseUrl),
        claim: claimOf(context),
      };
      await guarded(sc, where, callbackId, async () => {
        try {
          await submit(sc, where, { read, values: view.state.values, meta, reply }, started);
        } finally {
          clearTimeout(watchdog);
          await reply.answer();
        }
      });
    });
  }
}
