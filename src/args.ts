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
import { KEY_RE, QUOTES, type Token, tokenize, unquote } from './args-tokens.ts';
import { UserError } from './domain/errors.ts';
import { nearest } from './domain/similarity.ts';

export { firstWord, unquote } from './args-tokens.ts';
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

/** Consecutive free tokens keep the text between them as typed; a cut option leaves one space. */
function freeText(text: string, free: readonly Token[], freeIdx: readonly number[]): string {
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
  return segments.join(' ');
}

/** One pass of {@link parseArgs} over the tokens of a text, for a command with options. */
class ArgParser {
  private readonly keys: string[];
  private readonly tokens: Token[];
  private readonly options = new Map<string, string>();
  private readonly free: Token[] = [];
  private readonly freeIdx: number[] = [];

  constructor(
    private readonly text: string,
    private readonly spec: Options,
  ) {
    this.keys = Object.keys(spec);
    this.tokens = tokenize(text);
  }

  parse(): ParsedArgs {
    const { tokens, spec } = this;
    for (let i = 0; i < tokens.length; i++) {
      const k = this.shaped(tokens[i]);
      const s = k && Object.hasOwn(spec, k.key) ? spec[k.key] : undefined;
      if (!k) this.addFree(i);
      else if (s === undefined) this.notAnOption(i, k);
      else i = this.option(i, k, s);
    }
    return {
      text: freeText(this.text, this.free, this.freeIdx),
      words: this.free.map((t) => this.raw(t)),
      // fromEntries defines own properties, so even a `__proto__:` key is an ordinary option.
      options: Object.fromEntries(this.options),
    };
  }

  private raw(t: Token): string {
    return this.text.slice(t.start, t.end);
  }

  private keyOf(t: Token): { key: string; inline: string } | undefined {
    if (t.quoted) return undefined;
    const m = KEY_RE.exec(this.text.slice(t.start, Math.min(t.end, t.start + 40)));
    if (!m?.[1]) return undefined;
    return { key: m[1].toLowerCase(), inline: this.text.slice(t.start + m[0].length, t.end) };
  }

  /** Option-shaped (`word:` …, not a URL): ends a run, and is an option or text or an error. */
  private shaped(t: Token | undefined) {
    const k = t && this.keyOf(t);
    return k !== undefined && !k.inline.startsWith('//') ? k : undefined;
  }

  private addFree(i: number): void {
    this.free.push(this.tokens[i] as Token);
    this.freeIdx.push(i);
  }

  /** A `key:` this command does not take: text, unless it is clearly meant as an option. */
  private notAnOption(i: number, { key, inline }: { key: string; inline: string }): void {
    const { keys } = this;
    const typed = this.raw(this.tokens[i] as Token).slice(0, key.length);
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
    this.addFree(i);
  }

  /** Reads the value of option `key` at token `i`; returns the last token it used. */
  private option(i: number, { key, inline }: { key: string; inline: string }, s: OptionSpec): number {
    const { tokens, options } = this;
    if (options.has(key)) throw new UserError('args.duplicate_option', { option: key });
    // The value's words: the rest of this token, else the next token (`key: value`).
    let first = inline;
    if (inline === '') {
      const next = tokens[i + 1];
      if (!next || this.shaped(next)) throw new UserError('args.missing_value', { option: key });
      first = this.raw(next);
      i++;
    }
    if (QUOTES[first.charAt(0)] !== undefined) {
      const value = unquote(first);
      if (value === first) throw new UserError('args.unterminated_quote');
      options.set(key, value);
      return i;
    }
    if (s === 'word') {
      options.set(key, first);
      return i;
    }
    const parts = [first];
    let j = i + 1;
    while (j < tokens.length && !this.shaped(tokens[j])) parts.push(this.raw(tokens[j++] as Token));
    const took = Math.max(1, Math.min(parts.length, s.take ? s.take(parts) : parts.length));
    options.set(key, parts.slice(0, took).join(' '));
    for (let x = i + took; x < j; x++) this.addFree(x);
    return j - 1;
  }
}

/**
 * Parses command text by the rules above, for a command that takes `spec` options. With no
 * options at all (a note, a reason) the whole text is free text.
 * @throws UserError `args.unknown_option` {option, suggestion}, `args.unknown_option_list` {option,
 *   allowed}, `args.duplicate_option` {option}, `args.unterminated_quote`,
 *   `args.missing_value` {option}
 */
export function parseArgs(text: string, spec: Options = {}): ParsedArgs {
  if (Object.keys(spec).length === 0) {
    const trimmed = text.trim();
    return { text: trimmed, words: trimmed ? trimmed.split(/\s+/) : [], options: {} };
  }
  return new ArgParser(text, spec).parse();
}
