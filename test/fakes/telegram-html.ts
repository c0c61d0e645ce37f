import type { MessageEntity } from 'grammy/types';

/** The outcome of parsing `parse_mode: HTML` text: plain text plus entities, or Telegram's error. */
export type ParsedHtml = { text: string; entities: MessageEntity[] } | { error: string };

const ENTITY_TYPES: Record<string, MessageEntity['type']> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/**
 * Parses text the way the Bot API does for `parse_mode: HTML`: only the documented tags, only
 * `&lt; &gt; &amp; &quot;` and numeric entities; a stray `<` or an unbalanced tag is an error with
 * Telegram's wording ("Unsupported start tag", "Unmatched end tag", "Can't find end tag …").
 * Offsets are UTF-16 code units, as in real messages.
 */
export function parseTelegramHtml(html: string): ParsedHtml {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: Array<{ name: string; offset: number; href?: string }> = [];
  const byteOffset = (i: number): number => Buffer.byteLength(html.slice(0, i));
  let i = 0;
  while (i < html.length) {
    const ch = html[i] ?? '';
    if (ch === '&') {
      const m = /^&(lt|gt|amp|quot|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/.exec(html.slice(i, i + 12));
      if (m) {
        const code =
          m[2] !== undefined ? Number(m[2]) : m[3] !== undefined ? Number.parseInt(m[3], 16) : undefined;
        text +=
          code !== undefined ? String.fromCodePoint(Math.min(code, 0x10ffff)) : (NAMED[m[1] ?? ''] ?? '');
        i += m[0].length;
        continue;
      }
      text += ch;
      i += 1;
      continue;
    }
    if (ch !== '<') {
      text += ch;
      i += 1;
      continue;
    }
    const close = html.indexOf('>', i);
    if (html[i + 1] === '/') {
      if (close === -1) return { error: `Can't find end of tag at byte offset ${byteOffset(i)}` };
      const name = html
        .slice(i + 2, close)
        .trim()
        .toLowerCase();
      const open = stack.pop();
      if (open === undefined) return { error: `Unexpected end tag at byte offset ${byteOffset(i)}` };
      if (open.name !== name) {
        return {
          error: `Unmatched end tag at byte offset ${byteOffset(i)}, expected "</${open.name}>", found "</${name}>"`,
        };
      }
      const length = text.length - open.offset;
      const type = ENTITY_TYPES[open.name];
      if (type !== undefined && length > 0) {
        entities.push({
          type,
          offset: open.offset,
          length,
          ...(open.href !== undefined && { url: open.href }),
        } as MessageEntity);
      }
      i = close + 1;
      continue;
    }
    const name = (/^[^\s>/]*/.exec(html.slice(i + 1))?.[0] ?? '').toLowerCase();
    if (!(name in ENTITY_TYPES))
      return { error: `Unsupported start tag "${name}" at byte offset ${byteOffset(i)}` };
    if (close === -1) return { error: `Unclosed start tag at byte offset ${byteOffset(i)}` };
    const attrs = html.slice(i + 1 + name.length, close);
    const href = /href\s*=\s*"([^"]*)"|href\s*=\s*'([^']*)'/i.exec(attrs);
    if (name === 'span' && !/class\s*=\s*["']tg-spoiler["']/i.test(attrs)) {
      return { error: `Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(i)}` };
    }
    const url = href
      ? (href[1] ?? href[2] ?? '').replace(/&(lt|gt|amp|quot);/g, (_, n: string) => NAMED[n] ?? '')
      : undefined;
    stack.push({ name, offset: text.length, ...(url !== undefined && { href: url }) });
    i = close + 1;
  }
  const open = stack.pop();
  if (open !== undefined) return { error: `Can't find end tag corresponding to start tag "${open.name}"` };
  entities.sort((a, b) => a.offset - b.offset);
  return { text, entities };
}

/** Bot commands (`/cmd`, `/cmd@bot`) and `@username` mentions, as Telegram marks them in a message. */
export function autoEntities(text: string): MessageEntity[] {
  const out: MessageEntity[] = [];
  for (const m of text.matchAll(/(^|\s)(\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?)(?=$|\s)/g)) {
    out.push({
      type: 'bot_command',
      offset: (m.index ?? 0) + (m[1] ?? '').length,
      length: (m[2] ?? '').length,
    });
  }
  for (const m of text.matchAll(/(^|[\s(])(@[a-zA-Z0-9_]{5,32})\b/g)) {
    out.push({ type: 'mention', offset: (m.index ?? 0) + (m[1] ?? '').length, length: (m[2] ?? '').length });
  }
  return out.sort((a, b) => a.offset - b.offset);
}
