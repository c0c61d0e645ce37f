import type { BotCommand, Message, MessageEntity } from 'grammy/types';
import type { UploadedFile } from './http-util.ts';
import { parseTelegramHtml } from './telegram-html.ts';
import {
  badRequest,
  chatFor,
  messageKey,
  nextMessageId,
  now,
  TgError,
  type TgState,
} from './telegram-state.ts';

type Body = Record<string, unknown>;

/** A result with the `description` Telegram adds to some answers (e.g. "Webhook was set"). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

type Handler = (state: TgState, body: Body, files: UploadedFile[]) => unknown;

const JSON_FIELDS = [
  'reply_markup',
  'entities',
  'caption_entities',
  'commands',
  'scope',
  'allowed_updates',
  'reply_parameters',
  'link_preview_options',
];

/** Form and multipart bodies carry objects as JSON strings and numbers as text; decode them like the Bot API. */
export function normalizeBody(fields: Body): Body {
  const out: Body = { ...fields };
  for (const key of JSON_FIELDS) {
    const v = out[key];
    if (typeof v !== 'string') continue;
    try {
      out[key] = JSON.parse(v);
    } catch {
      throw badRequest(`can't parse ${key} JSON object`);
    }
  }
  for (const key of ['chat_id', 'message_id', 'offset', 'limit', 'timeout', 'cache_time']) {
    const v = out[key];
    if (typeof v === 'string' && /^-?\d+$/.test(v)) out[key] = Number(v);
  }
  return out;
}

/** Applies `parse_mode` and the length limit; returns the text as shown plus its entities. */
function formatted(raw: unknown, parseMode: unknown, max: number, what: 'message' | 'caption') {
  const input = typeof raw === 'string' ? raw : '';
  let text = input;
  let entities: MessageEntity[] = [];
  if (parseMode === 'HTML') {
    const parsed = parseTelegramHtml(input);
    if ('error' in parsed) throw badRequest(`can't parse entities: ${parsed.error}`);
    ({ text, entities } = parsed);
  } else if (parseMode !== undefined && parseMode !== 'MarkdownV2' && parseMode !== 'Markdown') {
    throw badRequest('unsupported parse_mode');
  }
  if (what === 'message' && text.trim() === '') throw badRequest('message text is empty');
  if (text.length > max)
    throw badRequest(what === 'message' ? 'message is too long' : 'message caption is too long');
  return { text, entities };
}

/** Inline keyboards: callback_data must be 1–64 bytes, URLs must be http(s)/tg links. */
function checkMarkup(markup: unknown): void {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (rows === undefined) return;
  if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" must be an Array');
  for (const row of rows) {
    for (const button of Array.isArray(row) ? (row as Body[]) : []) {
      const data = button.callback_data;
      if (data !== undefined && (typeof data !== 'string' || data === '' || Buffer.byteLength(data) > 64)) {
        throw badRequest('BUTTON_DATA_INVALID');
      }
      if (typeof button.url === 'string' && !/^(https?|tg):\/\//.test(button.url)) {
        throw badRequest('BUTTON_URL_INVALID');
      }
    }
  }
}

function store(state: TgState, message: Message): Message {
  state.messages.set(messageKey(message.chat.id, message.message_id), message);
  return message;
}

function outgoing(state: TgState, body: Body, content: Body): Message {
  const chat = chatFor(state, body.chat_id);
  checkMarkup(body.reply_markup);
  return store(state, {
    message_id: nextMessageId(state, chat.id),
    from: state.bot,
    chat,
    date: now(),
    ...content,
    ...(body.reply_markup !== undefined && { reply_markup: body.reply_markup }),
  } as Message);
}

function uploaded(body: Body, files: UploadedFile[], field: string): UploadedFile | string {
  const value = body[field];
  if (typeof value === 'string' && value.startsWith('attach://')) {
    const file = files.find((f) => f.field === value.slice('attach://'.length));
    if (file === undefined) throw badRequest(`wrong ${field} attachment`);
    return file;
  }
  if (typeof value === 'string' && value !== '') return value;
  const direct = files.find((f) => f.field === field);
  if (direct === undefined) throw badRequest(`there is no ${field} in the request`);
  return direct;
}

function fileIds(state: TgState): { file_id: string; file_unique_id: string } {
  state.seq += 1;
  return { file_id: `AgACAgFAKE${state.seq}`, file_unique_id: `AQAD${state.seq}` };
}

/** Width and height from a PNG header, for a realistic PhotoSize. */
function pngSize(data: Buffer): { width: number; height: number } {
  const isPng = data.length >= 24 && data.readUInt32BE(0) === 0x89504e47;
  return isPng
    ? { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
    : { width: 800, height: 600 };
}

function captionOf(body: Body): Body {
  if (body.caption === undefined) return {};
  const { text, entities } = formatted(body.caption, body.parse_mode, 1024, 'caption');
  return { caption: text, ...(entities.length > 0 && { caption_entities: entities }) };
}

function editable(state: TgState, body: Body): Message {
  const message = state.messages.get(messageKey(Number(body.chat_id), Number(body.message_id)));
  if (message === undefined) throw badRequest('message to edit not found');
  if (message.from?.id !== state.bot.id) throw badRequest("message can't be edited");
  return message;
}

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

function commandsKey(body: Body): string {
  return `${JSON.stringify(body.scope ?? { type: 'default' })}|${typeof body.language_code === 'string' ? body.language_code : ''}`;
}

/** The Bot API methods the fake implements (getUpdates is served by the long-poll loop). */
export const telegramMethods: Record<string, Handler> = {
  getMe: (s) => s.bot,
  sendMessage: (s, b) => {
    const { text, entities } = formatted(b.text, b.parse_mode, 4096, 'message');
    return outgoing(s, b, { text, ...(entities.length > 0 && { entities }) });
  },
  editMessageText: (s, b) => {
    if (b.inline_message_id !== undefined) return true;
    const old = editable(s, b);
    if (!('text' in old)) throw badRequest('there is no text in the message to edit');
    const { text, entities } = formatted(b.text, b.parse_mode, 4096, 'message');
    checkMarkup(b.reply_markup);
    const same = old.text === text && JSON.stringify(old.reply_markup) === JSON.stringify(b.reply_markup);
    if (same) throw badRequest(NOT_MODIFIED);
    const { reply_markup: _drop, entities: _old, ...rest } = old as Message & { entities?: unknown };
    return store(s, {
      ...rest,
      text,
      edit_date: now(),
      ...(entities.length > 0 && { entities }),
      ...(b.reply_markup !== undefined && { reply_markup: b.reply_markup }),
    } as Message);
  },
  editMessageReplyMarkup: (s, b) => {
    if (b.inline_message_id !== undefined) return true;
    const old = editable(s, b);
    checkMarkup(b.reply_markup);
    if (JSON.stringify(old.reply_markup) === JSON.stringify(b.reply_markup)) throw badRequest(NOT_MODIFIED);
    const { reply_markup: _drop, ...rest } = old;
    return store(s, {
      ...rest,
      edit_date: now(),
      ...(b.reply_markup !== undefined && { reply_markup: b.reply_markup }),
    } as Message);
  },
  deleteMessage: (s, b) => {
    if (!s.messages.delete(messageKey(Number(b.chat_id), Number(b.message_id)))) {
      throw badRequest('message to delete not found');
    }
    return true;
  },
  answerCallbackQuery: (s, b) => {
    if (typeof b.callback_query_id !== 'string' || !s.callbacks.delete(b.callback_query_id)) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    if (typeof b.text === 'string' && b.text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
    return true;
  },
  sendPhoto: (s, b, files) => {
    const photo = uploaded(b, files, 'photo');
    const size = typeof photo === 'string' ? { width: 800, height: 600 } : pngSize(photo.data);
    const fileSize = typeof photo === 'string' ? undefined : photo.data.length;
    const sizes = [320, size.width].map((w) => ({
      ...fileIds(s),
      width: Math.min(w, size.width),
      height: Math.round((Math.min(w, size.width) * size.height) / Math.max(size.width, 1)),
      ...(fileSize !== undefined && { file_size: fileSize }),
    }));
    return outgoing(s, b, { photo: sizes, ...captionOf(b) });
  },
  sendDocument: (s, b, files) => {
    const doc = uploaded(b, files, 'document');
    const document = {
      ...fileIds(s),
      ...(typeof doc !== 'string' && {
        file_name: doc.filename ?? 'document',
        mime_type: doc.contentType ?? 'application/octet-stream',
        file_size: doc.data.length,
      }),
    };
    return outgoing(s, b, { document, ...captionOf(b) });
  },
  getChat: (s, b) => {
    const chat = s.chats.get(Number(b.chat_id));
    if (chat === undefined) throw badRequest('chat not found');
    return { ...chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: {} };
  },
  setMyCommands: (s, b) => {
    const commands = b.commands;
    if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required');
    if (commands.length > 100) throw badRequest('too many commands');
    for (const c of commands as BotCommand[]) {
      if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command))
        throw badRequest('BOT_COMMAND_INVALID');
      if (typeof c.description !== 'string' || c.description.trim() === '') {
        throw badRequest('command description must be non-empty');
      }
      if (c.description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    s.commands.set(commandsKey(b), commands as BotCommand[]);
    return true;
  },
  getMyCommands: (s, b) => s.commands.get(commandsKey(b)) ?? [],
  deleteMyCommands: (s, b) => {
    s.commands.delete(commandsKey(b));
    return true;
  },
  setWebhook: (s, b) => {
    const url = typeof b.url === 'string' ? b.url : '';
    if (url === '') {
      s.webhook = undefined;
      return new Described(true, 'Webhook was deleted');
    }
    if (!/^https?:\/\//.test(url)) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    const secret = b.secret_token;
    if (secret !== undefined && (typeof secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(secret))) {
      throw badRequest('secret token contains unallowed characters');
    }
    s.webhook = {
      url,
      ...(typeof secret === 'string' && { secret_token: secret }),
      ...(Array.isArray(b.allowed_updates) && { allowed_updates: b.allowed_updates as string[] }),
    };
    return new Described(true, 'Webhook was set');
  },
  deleteWebhook: (s) => {
    const had = s.webhook !== undefined;
    s.webhook = undefined;
    return new Described(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
  },
};

/** Raised for a well-formed call to a method the fake does not know. */
export const notFound = (): TgError => new TgError(404, 'Not Found');
