import { createHash } from 'node:crypto';
import { type Api, GrammyError, InputFile } from 'grammy';
import type { Message } from 'grammy/types';
import { PermanentDeliveryError, RateLimitedError, type Sender } from '../../delivery/types.ts';
import type { Reply } from '../../domain/reply.ts';
import { renderTelegram } from '../../render/telegram.ts';

/** Where and how to post one reply. */
export interface PostOptions {
  /** Page of a long list to show (1-based). */
  page?: number;
  /** Answer this message (in groups, so the reply is visibly tied to the command). */
  replyToMessageId?: number;
}

/** The Telegram sender, plus `post` for the adapter's own replies (which need the sent messages). */
export interface TelegramSender extends Sender {
  post(chatId: string | number, reply: Reply, opts?: PostOptions): Promise<Message[]>;
}

/** How long a half-sent reply is remembered, so a retry resumes instead of posting its start again. */
const RESUME_TTL_MS = 60 * 60 * 1000;
const RESUME_MAX = 1000;
const CAPTION_MAX = 1024;

/**
 * Bot API failures as the delivery port's errors: 429 → `RateLimitedError` with Telegram's
 * `retry_after`; 403 (bot blocked or kicked) and 400 "chat not found"-like → permanent. Anything
 * else (network, 5xx) is returned unchanged: the caller may retry it.
 */
export function deliveryError(err: unknown): unknown {
  if (!(err instanceof GrammyError)) return err;
  if (err.error_code === 429) return new RateLimitedError((err.parameters.retry_after ?? 1) * 1000);
  if (err.error_code === 403) return new PermanentDeliveryError(err.description);
  if (
    err.error_code === 400 &&
    /chat not found|chat_id is empty|user not found|PEER_ID_INVALID|upgraded to a supergroup/i.test(
      err.description,
    )
  )
    return new PermanentDeliveryError(err.description);
  return err;
}

/**
 * The Telegram way out. `send` posts every message `renderTelegram` makes, then the reply's images
 * as photos, then its documents (the monthly report) with `sendDocument`. It never retries by itself (the delivery queue does), but when a send fails part-way
 * (say a 429 on the second of three messages) it remembers how far it got, so the retry of the
 * same reply to the same chat resumes there: nobody sees the first part twice.
 */
export function telegramSender(api: Api): TelegramSender {
  /** Reply fingerprint → index of the next part to send, for replies that failed part-way. */
  const progress = new Map<string, { next: number; at: number }>();

  function resumeFrom(key: string): number {
    const now = Date.now();
    for (const [k, v] of progress) if (now - v.at > RESUME_TTL_MS) progress.delete(k);
    return progress.get(key)?.next ?? 0;
  }

  function remember(key: string, next: number): void {
    if (progress.size >= RESUME_MAX) progress.delete(progress.keys().next().value as string);
    progress.set(key, { next, at: Date.now() });
  }

  async function post(chatId: string | number, reply: Reply, opts: PostOptions = {}): Promise<Message[]> {
    const { messages } = renderTelegram(reply, opts.page === undefined ? {} : { page: opts.page });
    const images = reply.images ?? [];
    const documents = reply.documents ?? [];
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          String(chatId),
          messages,
          images.map((i) => i.filename),
          documents.map((d) => d.filename),
        ]),
      )
      .digest('hex');
    const parts = messages.length + images.length + documents.length;
    const sent: Message[] = [];
    let i = resumeFrom(key);
    try {
      for (; i < parts; i++) {
        const replyTo =
          i === 0 && opts.replyToMessageId !== undefined
            ? { reply_parameters: { message_id: opts.replyToMessageId, allow_sending_without_reply: true } }
            : {};
        const m = messages[i];
        if (m) {
          sent.push(
            await api.sendMessage(chatId, m.text, {
              parse_mode: m.parse_mode,
              link_preview_options: { is_disabled: true },
              ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
              ...replyTo,
            }),
          );
          continue;
        }
        const doc = documents[i - messages.length - images.length];
        if (doc) {
          sent.push(
            await api.sendDocument(chatId, new InputFile(Buffer.from(doc.data), doc.filename), {
              caption: doc.title.slice(0, CAPTION_MAX),
            }),
          );
          continue;
        }
        const image = images[i - messages.length];
        if (!image) continue;
        sent.push(
          await api.sendPhoto(chatId, new InputFile(Buffer.from(image.png), image.filename), {
            caption: image.alt.slice(0, CAPTION_MAX),
            ...replyTo,
          }),
        );
      }
      progress.delete(key);
      return sent;
    } catch (err) {
      if (i > 0) remember(key, i);
      else progress.delete(key);
      throw deliveryError(err);
    }
  }

  return {
    platform: 'telegram',
    post,
    async send(chatId, reply) {
      await post(chatId, reply);
    },
    async directChat(person) {
      return person.telegramId ?? null;
    },
  };
}
