import { type Button, PAGE_SIZE, pageLabel, type Reply } from '../domain/reply.ts';
import { replyPage } from './buttons.ts';
import { monoTable } from './table.ts';

/** Characters per line of a `<pre>` table: what a phone shows without wrapping. */
export const TELEGRAM_TABLE_WIDTH = 36;

/** Longest text sent in one message; Telegram's limit is 4096, chunks stay below it. */
export const TELEGRAM_MAX_TEXT = 4095;
/** Telegram's limit on `callback_data`, in UTF-8 bytes. */
export const TELEGRAM_MAX_CALLBACK_BYTES = 64;
/** Items per page unless `opts.pageSize` says otherwise. */
export const TELEGRAM_PAGE_SIZE = PAGE_SIZE;
const KEYS_PER_ROW = 8;

/** One inline-keyboard button; `callback_data` is `<action>|<value>` (or `page|<n>`). */
export interface InlineKey {
  text: string;
  callback_data: string;
}

/** One `sendMessage` call. */
export interface TelegramMessage {
  text: string;
  parse_mode: 'HTML';
  reply_markup?: { inline_keyboard: InlineKey[][] };
}

/** A piece of one line of output: plain text, optionally wrapped in one formatting tag. */
interface Run {
  text: string;
  tag?: 'b' | 'i' | 'code' | 'pre';
}

/** Escapes text for Telegram's HTML parse mode, including `"` for use inside attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const wrap = (run: Run, body: string): string => (run.tag ? `<${run.tag}>${body}</${run.tag}>` : body);
const lineHtml = (runs: readonly Run[]): string => runs.map((r) => wrap(r, escapeHtml(r.text))).join('');

/**
 * Cuts one overlong line into pieces of at most `limit` characters. Cuts fall between raw
 * characters, so no entity is split, and a tag open at a cut is closed and reopened.
 */
function hardSplit(runs: readonly Run[], limit: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const run of runs) {
    const overhead = run.tag ? run.tag.length * 2 + 5 : 0;
    let body = '';
    for (const ch of run.text) {
      const piece = escapeHtml(ch);
      if (current.length + overhead + body.length + piece.length > limit && (current || body)) {
        if (body) current += wrap(run, body);
        pieces.push(current);
        current = '';
        body = '';
      }
      body += piece;
    }
    if (body) current += wrap(run, body);
  }
  if (current) pieces.push(current);
  return pieces;
}

/** Packs lines into chunks of at most `limit` characters, breaking only between lines if it can. */
function chunk(lines: readonly Run[][], limit: number): string[] {
  const chunks: string[] = [];
  let current: string | undefined;
  const add = (html: string): void => {
    if (current !== undefined && current.length + 1 + html.length <= limit) {
      current += `\n${html}`;
    } else {
      if (current !== undefined) chunks.push(current);
      current = html;
    }
  };
  for (const line of lines) {
    const html = lineHtml(line);
    if (html.length <= limit) add(html);
    else for (const piece of hardSplit(line, limit)) add(piece);
  }
  if (current !== undefined) chunks.push(current);
  return chunks.filter((c) => c.trim() !== '');
}

/** A keyboard button; throws when `action|value` exceeds 64 bytes, which is a programming error. */
function key(button: Button, text = button.label): InlineKey {
  const data = `${button.action}|${button.value}`;
  const bytes = new TextEncoder().encode(data).length;
  if (bytes > TELEGRAM_MAX_CALLBACK_BYTES) {
    throw new Error(`Telegram callback_data "${data}" is ${bytes} bytes; the limit is 64`);
  }
  return { text, callback_data: data };
}

function rows(keys: readonly InlineKey[]): InlineKey[][] {
  const out: InlineKey[][] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_ROW) out.push(keys.slice(i, i + KEYS_PER_ROW));
  return out;
}

/**
 * Renders a reply as Telegram HTML messages. All reply text is escaped; the title and item ids are
 * bold, details italic. Text is split into messages below 4096 characters on line boundaries (an
 * overlong line is hard-split with its tags kept balanced). Items past `opts.pageSize` (default
 * 10) are paginated: page `opts.page` (1-based, clamped) is shown with a "Page n/m" line and
 * `« Prev` / `Next »` keys (`page|<n>`). The inline keyboard (one row per item with buttons, each
 * key labelled with the item id, then the reply's buttons, then paging) rides on the last message.
 * A reply whose items are already one page (`reply.paging`) is shown as it is, with the page line
 * and keys from `paging`. Images are left to the adapter.
 */
export function renderTelegram(
  reply: Reply,
  opts: { page?: number; pageSize?: number } = {},
): { messages: TelegramMessage[] } {
  const lines: Run[][] = [];
  if (reply.title) lines.push([{ text: reply.title, tag: 'b' }]);
  if (reply.usage)
    lines.push([{ text: `${reply.labels?.usage ?? 'Usage'}: ` }, { text: reply.usage, tag: 'code' }]);
  if (reply.table) {
    lines.push([{ text: monoTable(reply.table, TELEGRAM_TABLE_WIDTH).join('\n'), tag: 'pre' }]);
    if (reply.table.legend) lines.push([{ text: reply.table.legend, tag: 'i' }]);
  }
  for (const line of reply.lines ?? []) for (const part of line.split('\n')) lines.push([{ text: part }]);
  for (const field of reply.fields ?? []) {
    lines.push([{ text: `${field.label}:`, tag: 'b' }, { text: ` ${field.value}` }]);
  }

  const keyboard: InlineKey[][] = [];
  const list = replyPage(reply, opts.page, opts.pageSize ?? TELEGRAM_PAGE_SIZE);
  for (const item of list.items) {
    lines.push([
      { text: '• ' },
      ...(item.id ? [{ text: item.id, tag: 'b' as const }, { text: '  ' }] : []),
      { text: item.text },
    ]);
    if (item.detail) lines.push([{ text: '  ' }, { text: item.detail, tag: 'i' }]);
    const keys = (item.buttons ?? []).map((b) => key(b, item.id ? `${b.label} ${item.id}` : b.label));
    keyboard.push(...rows(keys));
  }
  keyboard.push(...rows((reply.buttons ?? []).map((b) => key(b))));
  if (list.pages > 1) {
    lines.push([{ text: pageLabel(reply, list.page, list.pages), tag: 'i' }]);
    const pager: InlineKey[] = [];
    if (list.prev) pager.push({ text: '« Prev', callback_data: `page|${list.prev}` });
    if (list.next) pager.push({ text: 'Next »', callback_data: `page|${list.next}` });
    keyboard.push(pager);
  }

  const texts = chunk(lines, TELEGRAM_MAX_TEXT);
  if (texts.length === 0 && keyboard.length > 0) texts.push('…');
  const messages: TelegramMessage[] = texts.map((text) => ({ text, parse_mode: 'HTML' }));
  const last = messages.at(-1);
  if (last && keyboard.length > 0) last.reply_markup = { inline_keyboard: keyboard };
  return { messages };
}
