import { GrammyError } from 'grammy';
import type { CallbackQuery } from 'grammy/types';
import { actionToCommand, type Incoming } from '../../dispatch.ts';
import { can, permActor } from '../../domain/permissions.ts';
import type { Reply } from '../../domain/reply.ts';
import { renderTelegram } from '../../render/telegram.ts';
import { type Adapter, answering, ask, deliver, run, step } from './adapter.ts';
import { type Draft, draftKey, firstPrompt } from './conversation.ts';
import { chatOf, whoOf } from './incoming.ts';

/** Telegram's limit on the text of a callback answer. */
const ANSWER_MAX = 200;

const titleOf = (r: Reply): string => (r.title ?? r.lines?.[0] ?? '').slice(0, ANSWER_MAX);

/**
 * A button press (`callback_data` is `action|value`). Every press runs as the person who pressed,
 * through the dispatcher, so permissions are checked again; a refusal is shown as an alert and
 * changes nothing. The query is always answered exactly once, so the button stops spinning.
 */
export async function onCallback(a: Adapter, q: CallbackQuery): Promise<void> {
  const data = q.data ?? '';
  const bar = data.indexOf('|');
  const action = bar < 0 ? data : data.slice(0, bar);
  const value = bar < 0 ? '' : data.slice(bar + 1);
  let answered = false;
  const answer = async (text?: string, alert = false): Promise<void> => {
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

  try {
    const message = q.message;
    if (!message || q.from.is_bot) return await answer();
    const chat = message.chat;
    const base: Omit<Incoming, 'text'> = { who: whoOf(q.from), chat: chatOf(chat) };
    const ctx = await a.app.dispatcher.contextFor({ ...base, text: '' });
    const expired = () => answer(ctx.t('telegram.expired'), true);
    const key = draftKey(chat.id, q.from.id);
    const mention = chat.type === 'private' ? undefined : { id: q.from.id, name: base.who.name };

    switch (action) {
      case 'page': {
        const cmd = a.pages.get(chat.id, message.message_id);
        const page = Number(value);
        if (!cmd || !Number.isInteger(page)) return await expired();
        const outcome = await run(a, { ...base, ...cmd, page });
        if (outcome.reply.kind === 'error') return await answer(titleOf(outcome.reply), true);
        await answer();
        const { messages } = renderTelegram(outcome.reply, { page });
        const [only] = messages;
        if (messages.length === 1 && only) {
          await a.api
            .editMessageText(chat.id, message.message_id, only.text, {
              parse_mode: only.parse_mode,
              link_preview_options: { is_disabled: true },
              ...(only.reply_markup ? { reply_markup: only.reply_markup } : {}),
            })
            .catch((err: unknown) => {
              if (!(err instanceof GrammyError && /not modified/.test(err.description))) throw err;
            });
        } else await deliver(a, chat.id, outcome.reply, { page, command: cmd });
        return;
      }
      case 'cat': {
        const draft = a.drafts.get(key);
        if (draft?.kind !== 'add' || draft.step !== 'category') return await expired();
        await answer();
        await a.api.editMessageReplyMarkup(chat.id, message.message_id).catch(() => undefined);
        await step(a, key, draft, value, { chat, base, messageId: message.message_id });
        return;
      }
      case 'blocker.extend':
      case 'extension.reject': {
        // Check before asking, so nobody types a date or a reason only to be refused.
        if (action === 'blocker.extend') {
          const seen = await run(a, { ...base, text: `/blocker show ${value}` });
          if (seen.reply.kind === 'error') return await answer(titleOf(seen.reply), true);
        } else if (!can(permActor(ctx.actor), 'extension.decide')) {
          const why = ctx.t('perm.denied', { action: ctx.t('perm.extension.decide') });
          return await answer(`${ctx.t('error.title')}: ${why}`, true);
        }
        const draft: Draft =
          action === 'blocker.extend' ? { kind: 'extend', id: value } : { kind: 'reject', id: value };
        a.drafts.set(key, draft);
        await answer();
        await ask(a, chat.id, firstPrompt(ctx.t, draft), ctx.t, undefined, mention);
        return;
      }
      default: {
        const command = actionToCommand(action, value);
        if (!command) return await expired();
        const outcome = await run(a, { ...base, text: command });
        if (outcome.reply.kind === 'error') return await answer(titleOf(outcome.reply), true);
        await answer(titleOf(outcome.reply));
        await deliver(a, chat.id, outcome.reply, answering(chat, message.message_id));
      }
    }
  } finally {
    await answer();
  }
}
