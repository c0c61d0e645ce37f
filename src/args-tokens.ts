/**
 * The words of command text (see `args.ts`): quoted phrases, tokens with their positions, the first
 * word. One pass over the text, whatever it holds.
 */

/** Opening quote -> closing quote. Typographic quotes close with their partner. */
export const QUOTES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d', // “ … ”
  '\u201d': '\u201d', // ” … ” (some keyboards send the closing form twice)
  '\u201e': '\u201d', // „ … ”
  '\u2018': '\u2019', // ‘ … ’
  '\u00ab': '\u00bb', // « … »
};

export const SPACE_RE = /\s/;
export const KEY_RE = /^([A-Za-z_]{2,}):/;

export interface Token {
  start: number;
  end: number;
  /** Starts with a quoted phrase: never an option. */
  quoted: boolean;
}

/**
 * Finds closing quotes in one pass overall: once a closing mark is known to be absent after a
 * position, later searches for it answer at once (many unclosed quotes stay linear).
 */
function closer(text: string) {
  const last = new Map<string, number>();
  return (close: string, from: number): number => {
    let l = last.get(close);
    if (l === undefined) {
      l = text.lastIndexOf(close);
      last.set(close, l);
    }
    return l < from ? -1 : text.indexOf(close, from);
  };
}

/**
 * Whitespace-separated tokens. A quote opens a phrase only at the start of a token or right after
 * a leading `key:`; an unclosed quote is an ordinary character.
 */
export function tokenize(text: string): Token[] {
  const find = closer(text);
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && SPACE_RE.test(text.charAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let quoted = false;
    const open = (at: number): boolean => {
      const close = QUOTES[text.charAt(at)];
      if (close === undefined) return false;
      const end = find(close, at + 1);
      if (end < 0) return false;
      i = end + 1;
      return true;
    };
    if (open(i)) quoted = true;
    else {
      // `key:"value with spaces"`
      const m = KEY_RE.exec(text.slice(i, i + 40));
      if (m) open(i + m[0].length);
    }
    while (i < n && !SPACE_RE.test(text.charAt(i))) i++;
    tokens.push({ start, end: i, quoted });
  }
  return tokens;
}

/** A quoted phrase's content, or the text itself when it is not wholly in one pair of quotes. */
export function unquote(text: string): string {
  const close = QUOTES[text.charAt(0)];
  if (
    close !== undefined &&
    text.length >= 2 &&
    text.endsWith(close) &&
    text.indexOf(close, 1) === text.length - 1
  )
    return text.slice(1, -1);
  return text;
}

/**
 * The first word of `text` (a quoted phrase counts as one, unquoted) and the text after it as
 * typed: `MOF Cổng dữ liệu` -> `['MOF', 'Cổng dữ liệu']`, `"Bộ Tài chính" Cổng` -> `['Bộ Tài chính', 'Cổng']`.
 */
export function firstWord(text: string): [string, string] {
  const t = text.trimStart();
  const close = QUOTES[t.charAt(0)];
  if (close !== undefined) {
    const end = t.indexOf(close, 1);
    if (end > 0 && (end === t.length - 1 || SPACE_RE.test(t.charAt(end + 1))))
      return [t.slice(1, end), t.slice(end + 1).trim()];
  }
  const m = /^(\S*)\s*/.exec(t);
  const word = m?.[1] ?? '';
  return [word, t.slice(m?.[0].length ?? 0).trimEnd()];
}
