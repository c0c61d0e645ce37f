import { type Api, GrammyError, InputFile } from 'grammy';
import type { Message } from 'grammy/types';
import {
  PermanentDeliveryError,
  RateLimitedError,
  type Sender,
  type SendProgress,
} from '../../domain/ports.ts';
import type { Document, Image, Reply } from '../../domain/reply.ts';
import { renderTelegram, type TelegramMessage } from '../../render/telegram.ts';

/** Where and how to post one reply. */
export interface PostOptions {
  /** Page of a long list to show (1-based). */
  page?: number;
  /** Answer this message (in groups, so the reply is visibly tied to the command). */
  replyToMessageId?: number;
  /** How far an earlier attempt at this reply got (see {@link SendProgress}); none: from the start. */
  progress?: SendProgress | undefined;
}

/** The Telegram sender, plus `post` for the adapter's own replies (which need the sent messages). */
export interface TelegramSender extends Sender {
  post(chatId: string | number, reply: Reply, opts?: PostOptions): Promise<Message[]>;
}

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

/** The parts of a reply in the order they go out: its messages, then its images, then its documents. */
type Part =
  | { kind: 'message'; message: TelegramMessage }
  | { kind: 'image'; image: Image }
  | { kind: 'document'; document: Document };

function partsOf(reply: Reply, page: number | undefined): Part[] {
  const { messages } = renderTelegram(reply, page === undefined ? {} : { page });
  return [
    ...messages.map((message) => ({ kind: 'message' as const, message })),
    ...(reply.images ?? []).map((image) => ({ kind: 'image' as const, image })),
    ...(reply.documents ?? []).map((document) => ({ kind: 'document' as const, document })),
  ];
}

/** Posts one part; the first one answers `replyToMessageId` when given. */
function sendPart(api: Api, chatId: string | number, part: Part, replyTo: object): Promise<Message> {
  switch (part.kind) {
    case 'message': {
      const m = part.message;
      return api.sendMessage(chatId, m.text, {
        parse_mode: m.parse_mode,
        link_preview_options: { is_disabled: true },
        ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
        ...replyTo,
      });
    }
    case 'image':
      return api.sendPhoto(chatId, new InputFile(Buffer.from(part.image.png), part.image.filename), {
        caption: part.image.alt.slice(0, CAPTION_MAX),
        ...replyTo,
      });
    case 'document':
      return api.sendDocument(
        chatId,
        new InputFile(Buffer.from(part.document.data), part.document.filename),
        {
          caption: part.document.title.slice(0, CAPTION_MAX),
        },
      );
  }
}

/**
 * The Telegram way out. `send` posts every message `renderTelegram` makes, then the reply's images
 * as photos, then its documents (the monthly report) with `sendDocument`. It never retries by
 * itself (the delivery queue does), but when a send fails part-way (say a 429 on the second of
 * three messages) the `progress` it was given (the sent-ledger, for a delivery) knows how far it
 * got, so the retry — on this worker or another — resumes there: nobody sees the first part twice.
 */
export function telegramSender(api: Api): TelegramSender {
  async function post(chatId: string | number, reply: Reply, opts: PostOptions = {}): Promise<Message[]> {
    const parts = partsOf(reply, opts.page);
    const sent: Message[] = [];
    const { progress } = opts;
    try {
      for (let i = progress ? await progress.sent() : 0; i < parts.length; i++) {
        const replyTo =
          i === 0 && opts.replyToMessageId !== undefined
            ? { reply_parameters: { message_id: opts.replyToMessageId, allow_sending_without_reply: true } }
            : {};
        sent.push(await sendPart(api, chatId, parts[i] as Part, replyTo));
        if (progress && i + 1 < parts.length) await progress.reached(i + 1);
      }
      return sent;
    } catch (err) {
      throw deliveryError(err);
    }
  }

  return {
    platform: 'telegram',
    post,
    async send(chatId, reply, _lang, opts) {
      await post(chatId, reply, { progress: opts?.progress });
    },
    async directChat(person) {
      return person.telegramId ?? null;
    },
  };
}
