/**
 * The shared argument rules of every chat command (DESIGN.md "Commands"): free text plus
 * `key:value` options anywhere in the text.
 *
 * - Free text is kept exactly as typed: quotes of any kind, apostrophes and punctuation stay.
 *   A phrase in matching quotes is only protected: an `owner:X` inside it is text.
 * - An option is `key:value` or `key: value` where `key` is one of the command's options
 *   (case-insensitive). Its value is one word, or a quoted phrase (quotes removed), or, for a
 *   "run" option (dates, phones), the words up to the next option or the end; a run option may
 *   give back its trailing words (`due:fri Data platform`: the date is `fri`, the rest is text).
 * - A word shaped like an option that this command does not take is an error only when it is
 *   clearly meant as one: `ownr:MOF` / `ownr: MOF` (a close misspelling of one of this command's
 *   options, typed with 3 letters or more and not a common prose word like `form` or `note`), or
 *   `unit:MOF` (a value glued to an option some other command takes). Everything else stays text:
 *   `https://…`, `09:30`, `B-1:`, `Note: call back`, `Hà Nội:`.
 * - Parsing is one pass over the text (linear time), whatever it holds.
 */
import { UserError } from './domain/errors.ts';
import { nearest } from './domain/similarity.ts';

export { cleanText, cleanTitle, limitText, stripInvisible, TEXT_MAX } from './text-clean.ts';

/** How an option's value ends: one word (or a quoted phrase), or a run of words. */
export type OptionSpec =
  | 'word'
  | {
      run: true;
      /** How many of the run's words the value takes (the rest is free text); all when absent. */
      take?: (words: string[]) => number;
    };

/** The options a command takes, by lower-case key. */
export type Options = Readonly<Record<string, OptionSpec>>;

/** The result of {@link parseArgs}. */
export interface ParsedArgs {
  /** The free text as typed (options cut out, a single space where one was), trimmed. */
  text: string;
  /** The free text's words, as typed (quotes kept). */
  words: string[];
  /** Option values by lower-case key, unquoted. */
  options: Record<string, string>;
}

/** Opening quote -> closing quote. Typographic quotes close with their partner. */
const QUOTES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d', // “ … ”
  '\u201d': '\u201d', // ” … ” (some keyboards send the closing form twice)
  '\u201e': '\u201d', // „ … ”
  '\u2018': '\u2019', // ‘ … ’
  '\u00ab': '\u00bb', // « … »
};

/** Every option some command takes: a value glued to one of these is never a title's word. */
export const KNOWN_OPTIONS = new Set([
  'owner',
  'to',
  'due',
  'cat',
  'from',
  'prio',
  'detail',
  'unit',
  'block',
  'phone',
  'force',
  'vi',
  'kind',
  'start',
  'title',
]);

/** Words people write before a colon in prose, never taken for a misspelt option. */
const PROSE = new Set([
  'form',
  'note',
  'notes',
  'done',
  'info',
  'item',
  'more',
  'also',
  'date',
  'time',
  'data',
]);

const SPACE_RE = /\s/;
const KEY_RE = /^([A-Za-z_]{2,}):/;

interface Token {
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
function tokenize(text: string): Token[] {
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
 * Parses command text by the rules above, for a command that takes `spec` options. With no
 * options at all (a note, a reason) the whole text is free text.
 * @throws UserError `args.unknown_option` {option, suggestion}, `args.unknown_option_list` {option,
 *   allowed}, `args.duplicate_option` {option}, `args.unterminated_quote`,
 *   `args.missing_value` {option}
 */
export function parseArgs(text: string, spec: Options = {}): ParsedArgs {
  const keys = Object.keys(spec);
  const options = new Map<string, string>();
  const free: Token[] = [];
  const freeIdx: number[] = [];
  if (keys.length === 0) {
    const trimmed = text.trim();
    return { text: trimmed, words: trimmed ? trimmed.split(/\s+/) : [], options: {} };
  }
  const tokens = tokenize(text);
  const raw = (t: Token) => text.slice(t.start, t.end);
  const keyOf = (t: Token): { key: string; inline: string } | undefined => {
    if (t.quoted) return undefined;
    const m = KEY_RE.exec(text.slice(t.start, Math.min(t.end, t.start + 40)));
    if (!m?.[1]) return undefined;
    return { key: m[1].toLowerCase(), inline: text.slice(t.start + m[0].length, t.end) };
  };
  /** Option-shaped (`word:` …, not a URL): ends a run, and is an option or text or an error. */
  const shaped = (t: Token | undefined) => {
    const k = t && keyOf(t);
    return k !== undefined && !k.inline.startsWith('//') ? k : undefined;
  };
  const addFree = (i: number) => {
    free.push(tokens[i] as Token);
    freeIdx.push(i);
  };

  for (let i = 0; i < tokens.length; i++) {
    const k = shaped(tokens[i]);
    if (!k) {
      addFree(i);
      continue;
    }
    const { key, inline } = k;
    const s = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (s === undefined) {
      const typed = raw(tokens[i] as Token).slice(0, key.length);
      // Looked for only where it may matter (a typo budget search per colon word is not free).
      const mayBeTypo = key.length >= 3 && !PROSE.has(key) && typed !== typed.toUpperCase();
      const glued = inline !== '' && KNOWN_OPTIONS.has(key);
      const suggestion = mayBeTypo || glued ? nearest(key, keys) : undefined;
      const misspelt = mayBeTypo && suggestion !== undefined;
      if (misspelt || glued)
        throw suggestion
          ? new UserError('args.unknown_option', { option: key, suggestion })
          : new UserError('args.unknown_option_list', {
              option: key,
              allowed: keys.map((x) => `${x}:`).join(' '),
            });
      addFree(i);
      continue;
    }
    if (options.has(key)) throw new UserError('args.duplicate_option', { option: key });
    // The value's words: the rest of this token, else the next token (`key: value`).
    let first = inline;
    if (inline === '') {
      const next = tokens[i + 1];
      if (!next || shaped(next)) throw new UserError('args.missing_value', { option: key });
      first = raw(next);
      i++;
    }
    if (QUOTES[first.charAt(0)] !== undefined) {
      const value = unquote(first);
      if (value === first) throw new UserError('args.unterminated_quote');
      options.set(key, value);
      continue;
    }
    if (s === 'word') {
      options.set(key, first);
      continue;
    }
    const parts = [first];
    let j = i + 1;
    while (j < tokens.length && !shaped(tokens[j])) parts.push(raw(tokens[j++] as Token));
    const took = Math.max(1, Math.min(parts.length, s.take ? s.take(parts) : parts.length));
    options.set(key, parts.slice(0, took).join(' '));
    for (let x = i + took; x < j; x++) addFree(x);
    i = j - 1;
  }

  // Consecutive free tokens keep the text between them as typed; a cut option leaves one space.
  const segments: string[] = [];
  let segStart = -1;
  let segEnd = -1;
  let lastIdx = -2;
  free.forEach((t, n) => {
    const idx = freeIdx[n] as number;
    if (idx === lastIdx + 1 && segStart >= 0) segEnd = t.end;
    else {
      if (segStart >= 0) segments.push(text.slice(segStart, segEnd));
      segStart = t.start;
      segEnd = t.end;
    }
    lastIdx = idx;
  });
  if (segStart >= 0) segments.push(text.slice(segStart, segEnd));
  // fromEntries defines own properties, so even a `__proto__:` key is an ordinary option.
  return { text: segments.join(' '), words: free.map(raw), options: Object.fromEntries(options) };
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
