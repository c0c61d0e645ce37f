/**
 * The shared argument parser for every chat command (DESIGN.md "Commands"): free text plus
 * `key:value` options anywhere in the text, values optionally quoted.
 */
import { UserError } from './domain/errors.ts';

/** C0 controls but tab, newline and carriage return; DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** A surrogate half without its partner (not text in any encoding PostgreSQL stores). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as it can be stored and shown: control characters (NUL, bell…) and broken surrogate
 * halves removed, tabs and line breaks kept. PostgreSQL refuses NUL in text and jsonb, so a pasted
 * message must not turn into "something went wrong".
 */
export function cleanText(text: string): string {
  return text.replace(CONTROLS, '').replace(LONE_SURROGATE, '');
}

/** The result of {@link parseArgs}. */
export interface ParsedArgs {
  /** Free-text tokens in order, quotes removed (a quoted phrase is one word), original case. */
  words: string[];
  /** Options by lower-case key; values unquoted, original case. */
  options: Record<string, string>;
  /** The free text with options removed and whitespace collapsed; quotes kept as typed. */
  rest: string;
}

/** Opening quote -> closing quote. Typographic quotes close with their partner. */
const QUOTES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d', // “ … ”
  '\u201d': '\u201d', // ” … ” (some keyboards send the closing form twice)
  '\u2018': '\u2019', // ‘ … ’
  '\u00ab': '\u00bb', // « … »
};

/** Keys that look like options but are URL schemes: `http://x` stays a word. */
const NOT_KEYS = new Set(['http', 'https', 'ftp', 'mailto', 'tel', 'file']);

const KEY_RE = /^([A-Za-z_]+):/;
const SPACE_RE = /\s/;

interface Token {
  /** The text as typed (quotes included). */
  raw: string;
  /** The text with quotes removed. */
  value: string;
}

/** Reads one quoted segment starting at `i` (the opening quote); returns its content and the index after it. */
function readQuoted(text: string, i: number, open: string): { content: string; end: number } {
  const close = QUOTES[open] ?? open;
  const end = text.indexOf(close, i + 1);
  if (end < 0) throw new UserError('args.unterminated_quote');
  return { content: text.slice(i + 1, end), end: end + 1 };
}

/**
 * Splits into whitespace-separated tokens. A quote opens only at the start of a token or right
 * after `key:`, so apostrophes inside words (`MOF's`) are plain characters.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && SPACE_RE.test(text.charAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    let value = '';
    let quoteAllowed = true;
    while (i < text.length && !SPACE_RE.test(text.charAt(i))) {
      const ch = text.charAt(i);
      if (quoteAllowed && QUOTES[ch] !== undefined) {
        const q = readQuoted(text, i, ch);
        value += q.content;
        i = q.end;
        quoteAllowed = false;
        continue;
      }
      value += ch;
      i++;
      // `key:"value"` — a quote may open right after the colon of a leading key.
      quoteAllowed = ch === ':' && KEY_RE.test(value) && value.indexOf(':') === value.length - 1;
    }
    tokens.push({ raw: text.slice(start, i), value });
  }
  return tokens;
}

/** If `token` is an option, returns its lower-case key and value; otherwise undefined. */
function asOption(token: Token): { key: string; value: string } | undefined {
  const m = KEY_RE.exec(token.raw);
  if (!m?.[1]) return undefined;
  const key = m[1].toLowerCase();
  if (NOT_KEYS.has(key)) return undefined;
  const rawValue = token.raw.slice(m[0].length);
  if (rawValue === '') return undefined; // `Note:` at the end of a sentence is a word
  if (rawValue.startsWith('//')) return undefined; // some other URL scheme
  return { key, value: token.value.slice(m[0].length) };
}

/**
 * Parses command text into free-text words, `key:value` options and the remaining free text.
 * Keys are `[a-z_]+` (case-insensitive, returned lower-case) and need a non-empty value, so
 * `http://x`, `10:30`, `B-1:` and a trailing `Note:` are words. Values may be quoted with
 * `"…"`, `'…'`, `“…”`, `‘…’` or `«…»`; a quoted empty value (`owner:""`) is an option with `''`.
 * @throws UserError `args.unterminated_quote`, `args.duplicate_option` {option}
 */
export function parseArgs(text: string): ParsedArgs {
  const words: string[] = [];
  const options = new Map<string, string>();
  const restParts: string[] = [];
  for (const token of tokenize(text)) {
    const opt = asOption(token);
    if (opt) {
      if (options.has(opt.key)) throw new UserError('args.duplicate_option', { option: opt.key });
      options.set(opt.key, opt.value);
    } else {
      words.push(token.value);
      restParts.push(token.raw.replace(/\s+/g, ' '));
    }
  }
  // fromEntries defines own properties, so even a `__proto__:` key is an ordinary option.
  return { words, options: Object.fromEntries(options), rest: restParts.join(' ') };
}

/**
 * Checks that every option key is allowed.
 * @throws UserError `args.unknown_option` {option, allowed} for the first unknown key
 */
export function checkOptions(options: Record<string, string>, allowed: readonly string[]): void {
  for (const option of Object.keys(options)) {
    if (!allowed.includes(option)) {
      throw new UserError('args.unknown_option', { option, allowed: allowed.join(', ') });
    }
  }
}
