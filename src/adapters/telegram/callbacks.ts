import { GrammyError } from 'grammy';
import type { CallbackQuery, Message } from 'grammy/types';
import { actionToCommand, type Turn } from '../../dispatch.ts';
import type { Reply } from '../../domain/reply.ts';
import { renderTelegram } from '../../render/telegram.ts';
import { type Adapter, answering, ask, deliver, paged, step } from './adapter.ts';
import { type Draft, draftKey, firstPrompt } from './conversation.ts';
import { whoOf } from './incoming.ts';
import { incomingFor, type UpdateState } from './update.ts';

/** Telegram's limit on the text of a callback answer. */
const ANSWER_MAX = 200;

const titleOf = (r: Reply): string => (r.title ?? r.lines?.[0] ?? '').slice(0, ANSWER_MAX);

/** One button press, in the turn of the person who pressed it. */
interface Press {
  a: Adapter;
  q: CallbackQuery;
  message: Message;
  chat: Message['chat'];
  value: string;
  /** Where this person's conversation in this chat lives. */
  key: string;
  /** Answers the callback query (once): a toast, or an alert. */
  answer(text?: string, alert?: boolean): Promise<void>;
}

/** "Next »" on a list: the command again for that page, the message edited in place. */
async function onPage(p: Press, turn: Turn): Promise<void> {
  const { a, chat, message } = p;
  const cmd = a.pages.get(chat.id, message.message_id);
  const page = Number(p.value);
  if (!cmd || !Number.isInteger(page)) return p.answer(turn.t('telegram.expired'), true);
  const outcome = paged(await turn.handle({ ...cmd, page }));
  if (outcome.reply.kind === 'error') return p.answer(titleOf(outcome.reply), true);
  await p.answer();
  const { messages } = renderTelegram(outcome.reply, { page });
  const [only] = messages;
  if (messages.length !== 1 || !only) {
    await deliver(a, chat.id, outcome.reply, { page, command: cmd });
    return;
  }
  await a.api
    .editMessageText(chat.id, message.message_id, only.text, {
      parse_mode: only.parse_mode,
      link_preview_options: { is_disabled: true },
      ...(only.reply_markup ? { reply_markup: only.reply_markup } : {}),
    })
    .catch((err: unknown) => {
      if (!(err instanceof GrammyError && /not modified/.test(err.description))) throw err;
    });
}

/** A category button of the guided `/blocker add`: the answer to its last question. */
async function onCategory(p: Press, turn: Turn): Promise<void> {
  const { a, chat, message } = p;
  const draft = a.drafts.get(p.key);
  if (draft?.kind !== 'add' || draft.step !== 'category') return p.answer(turn.t('telegram.expired'), true);
  await p.answer();
  await a.api
    .editMessageReplyMarkup(chat.id, message.message_id)
    .catch((err: unknown) => a.log.debug({ err }, 'telegram: category buttons not removed'));
  await step(a, turn, p.key, draft, p.value, { chat, messageId: message.message_id });
}

/**
 * "Request extension" and "Reject": a question (the new date, the reason) before the command can
 * run. The dispatcher checks first whether this person may (the same refusal as on Slack), so
 * nobody types a date or a reason only to be refused.
 */
async function onQuestion(
  p: Press,
  turn: Turn,
  action: 'blocker.extend' | 'extension.reject',
): Promise<void> {
  const refusal = await turn.check(action, p.value);
  if (refusal) return p.answer(titleOf(refusal), true);
  const draft: Draft =
    action === 'blocker.extend' ? { kind: 'extend', id: p.value } : { kind: 'reject', id: p.value };
  p.a.drafts.set(p.key, draft);
  await p.answer();
  const mention = p.chat.type === 'private' ? undefined : { id: p.q.from.id, name: whoOf(p.q.from).name };
  await ask(p.a, p.chat.id, firstPrompt(turn.t, draft), turn.t, undefined, mention);
}

/** Any other button: the command it stands for, its answer as a toast and a message. */
async function onCommand(p: Press, turn: Turn, action: string): Promise<void> {
  const command = actionToCommand(action, p.value);
  if (!command) return p.answer(turn.t('telegram.expired'), true);
  const outcome = paged(await turn.handle({ text: command }));
  if (outcome.reply.kind === 'error') return p.answer(titleOf(outcome.reply), true);
  await p.answer(titleOf(outcome.reply));
  await deliver(p.a, p.chat.id, outcome.reply, answering(p.chat, p.message.message_id));
}

/** The callback query's answer, given once (later calls do nothing), a failure logged. */
function answerOnce(a: Adapter, q: CallbackQuery, action: string) {
  let answered = false;
  return async (text?: string, alert = false): Promise<void> => {
    if (answered) return;
    answered = true;
    try {
      await a.api.answerCallbackQuery(q.id, {
        ...(text ? { text: text.slice(0, ANSWER_MAX) } : {}),
        ...(alert ? { show_alert: true } : {}),
      });
    } catch (err) {
      a.log.warn({ err, action }, 'telegram: callback query not answered');
    }
  };
}

/**
 * A button press (`callback_data` is `action|value`). Every press runs as the person who pressed,
 * through the dispatcher (their context resolved once for the press), so permissions are checked
 * again; a refusal is shown as an alert and changes nothing. The query is always answered
 * exactly once, so the button stops spinning.
 */
export async function onCallback(a: Adapter, q: CallbackQuery, u: UpdateState): Promise<void> {
  const data = q.data ?? '';
  const bar = data.indexOf('|');
  const action = bar < 0 ? data : data.slice(0, bar);
  const value = bar < 0 ? '' : data.slice(bar + 1);
  const answer = answerOnce(a, q, action);
  try {
    const message = q.message;
    if (!message || q.from.is_bot) return await answer();
    const chat = message.chat;
    const p: Press = { a, q, message, chat, value, key: draftKey(chat.id, q.from.id), answer };
    await a.dispatcher.turn(incomingFor(u, q.from, chat), (turn) => {
      if (action === 'page') return onPage(p, turn);
      if (action === 'cat') return onCategory(p, turn);
      if (action === 'blocker.extend' || action === 'extension.reject') return onQuestion(p, turn, action);
      return onCommand(p, turn, action);
    });
  } finally {
    await answer();
  }
}
