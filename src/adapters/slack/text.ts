/**
 * Slack's text conventions at the edge: what Slack sends is turned into plain text before the
 * core sees it (the renderer escapes it again on the way out).
 */

/** A Slack user id as it appears in payloads and mentions. */
export const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * Slack-formatted input (slash command text, message text) as plain text. Slack writes `&`, `<`,
 * `>` typed by the user as entities and wraps what it recognised in `<…>`: special mentions
 * (`<!channel>`) become `@channel`, channels `#name`, links their URL (or `label (url)`).
 * User mentions `<@U…|name>` are kept: the core resolves them (`to:@person`, `/unit lead`).
 */
export function fromSlackText(text: string): string {
  return text
    .replace(/<!(channel|here|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_, label?: string) => label || '@group')
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<#[CG][A-Z0-9]+\|([^>]+)>/g, '#$1')
    .replace(/<#([CG][A-Z0-9]+)\|?>/g, '#$1')
    .replace(/<((?:https?|mailto|tel):[^|>]+)\|([^>]*)>/g, (_, url: string, label: string) =>
      label === '' || url.replace(/^(mailto|tel):/, '') === label
        ? url.replace(/^(mailto|tel):/, '')
        : `${label} (${url})`,
    )
    .replace(/<((?:https?|mailto|tel):[^>]+)>/g, (_, url: string) => url.replace(/^(mailto|tel):/, ''))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The Slack user ids mentioned in `text` (`<@U…>` / `<@U…|name>`), each once, with the label Slack gave. */
export function mentionedUsers(text: string): Array<{ id: string; label: string | undefined }> {
  const seen = new Map<string, string | undefined>();
  for (const m of text.matchAll(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g)) {
    if (m[1] && !seen.has(m[1])) seen.set(m[1], m[2] || undefined);
  }
  return [...seen].map(([id, label]) => ({ id, label }));
}

/** Quote pairs the command parser understands (src/args.ts), in order of preference. */
const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ['“', '”'],
  ['«', '»'],
  ['‘', '’'],
  ["'", "'"],
];

/**
 * `text` as one quoted word of a command line, so that anything in it (`owner:X`, `due:…`) stays
 * text. Null when every closing quote the parser knows appears in it.
 */
export function quoteWord(text: string): string | null {
  const pair = QUOTE_PAIRS.find(([, close]) => !text.includes(close));
  return pair ? `${pair[0]}${text}${pair[1]}` : null;
}

/** Cuts `text` to `max` characters (Block Kit limits), ending in `…` when cut. */
export function clipText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
