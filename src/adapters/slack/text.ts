/**
 * Slack's text conventions at the edge: what Slack sends is turned into plain text before the
 * core sees it (the renderer escapes it again on the way out).
 */

/** A Slack user id as it appears in payloads and mentions. */
export const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** One `<…>` of Slack's markup as plain text (`inner` is what is between the brackets). */
function decodeMarkup(inner: string): string {
  const bar = inner.indexOf('|');
  const head = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? '' : inner.slice(bar + 1);
  // A user mention stays for the core, without the label (a name, possibly with spaces).
  if (/^@[UW][A-Z0-9]+$/.test(head)) return `<${head}>`;
  const special = /^!(channel|here|everyone)$/.exec(head);
  if (special) return `@${special[1]}`;
  if (head.startsWith('!subteam^')) return label || '@group';
  if (head.startsWith('!date^')) return label;
  if (/^#[CG][A-Z0-9]+$/.test(head)) return label ? `#${label}` : head;
  const link = /^(https?|mailto|tel):/.exec(head);
  if (link) {
    const url = head.replace(/^(mailto|tel):/, '');
    return label === '' || url === label ? url : `${label} (${head})`;
  }
  return `<${inner}>`;
}

const ENTITIES: Readonly<Record<string, string>> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/**
 * Slack-formatted input (slash command text, message text) as plain text, in one pass (linear
 * in the text's length, whatever it holds). Slack writes `&`, `<`, `>` typed by the user as
 * entities and wraps what it recognised in `<…>`: special mentions (`<!channel>`) become
 * `@channel`, channels `#name`, links their URL (or `label (url)`). User mentions become
 * `<@U…>`: the core resolves them (`to:@person`, `/unit lead`).
 */
export function fromSlackText(text: string): string {
  let out = '';
  let i = 0;
  let close = -1; // the next `>` (searched again only once passed: each part of the text is read once)
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open < 0) break;
    if (close <= open) close = text.indexOf('>', open + 1);
    if (close < 0) break; // no markup after this point
    const nextOpen = text.indexOf('<', open + 1);
    if (nextOpen >= 0 && nextOpen < close) {
      out += text.slice(i, nextOpen);
      i = nextOpen;
      continue;
    }
    out += text.slice(i, open) + decodeMarkup(text.slice(open + 1, close));
    i = close + 1;
  }
  out += text.slice(i);
  return out.replace(/&(?:lt|gt|amp);/g, (e) => ENTITIES[e] ?? e);
}

/** The Slack user ids mentioned in `text` (`<@U…>` / `<@U…|name>`), each once, with the label Slack gave. */
export function mentionedUsers(text: string): Array<{ id: string; label: string | undefined }> {
  const seen = new Map<string, string | undefined>();
  for (const m of text.matchAll(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g)) {
    if (m[1] && !seen.has(m[1])) seen.set(m[1], m[2] || undefined);
  }
  return [...seen].map(([id, label]) => ({ id, label }));
}

/** Cuts `text` to `max` characters (Block Kit limits), ending in `…` when cut. */
export function clipText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
