import { z } from 'zod';
import { cleanTitle, firstWord, unquote } from '../src/args.ts';
import { parseDate } from '../src/dates.ts';
import { UserError } from '../src/domain/errors.ts';
import { TITLE_MAX } from '../src/domain/limits.ts';
import type { BlockerRecord } from '../src/domain/records.ts';
import { type Reply, reply } from '../src/domain/reply.ts';
import { foldText, nearest } from '../src/domain/similarity.ts';
import { fmtId, parseRecordId } from '../src/domain/types.ts';
import { blockerButtons, blockerFields, type Look } from '../src/present/format.ts';
import type { CommandContext } from './types.ts';

/**
 * A blocker's title, typed or from a form: cleaned as stored (`cleanTitle`), then within
 * {@link TITLE_MAX}; one over is the one refusal `blocker.title_too_long` (see `checked`).
 */
export const Title = z
  .string()
  .transform(cleanTitle)
  .pipe(z.string().max(TITLE_MAX, 'blocker.title_too_long'));

/** Units and the named people, loaded once to present records. */
export async function makeLook(ctx: CommandContext, personIds: (number | null)[] = []): Promise<Look> {
  const units = await ctx.services.units.list();
  const ids = [...new Set(personIds.filter((id): id is number => id !== null))];
  return {
    t: ctx.t,
    tz: ctx.tz,
    now: ctx.now,
    units: new Map(units.map((u) => [u.id, u])),
    persons: await ctx.services.identity.byIds(ids),
  };
}

const ID_NAMES = { B: 'blocker', R: 'roadmap', X: 'extension' } as const;

/** A record id the user typed (`B-12`, `b12`, `#B-12`), or a clear error. */
export function requireId(prefix: 'B' | 'R' | 'X', text: string | undefined): number {
  const id = parseRecordId(prefix, text);
  if (id === null)
    throw text
      ? new UserError('args.bad_id', { id: text, example: `${prefix}-12`, kind: ID_NAMES[prefix] })
      : new UserError('args.missing_id', { example: `${prefix}-12`, kind: ID_NAMES[prefix] });
  return id;
}

/** A DATE in the actor's zone and language; past dates and impossible days are refused. */
export function readDate(ctx: CommandContext, text: string): Date {
  return parseDate(text, { now: ctx.now, tz: ctx.tz, lang: ctx.lang });
}

/** A start date (`start:`): like {@link readDate}, but it may be in the past. */
export function readStart(ctx: CommandContext, text: string): Date {
  return parseDate(text, { now: ctx.now, tz: ctx.tz, lang: ctx.lang, allowPast: true });
}

/**
 * Vietnamese (and a few other) words for the keywords of the commands, accents optional. A word
 * counts only where its keyword is one of the choices (`mở` is `open` in a list filter).
 */
const KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  on: ['bật', 'bat'],
  off: ['tắt'],
  week: ['tuần', 'tuần này'],
  month: ['tháng', 'tháng này'],
  open: ['mở', 'đang mở'],
  overdue: ['quá hạn', 'trễ hạn'],
  mine: ['của tôi', 'của mình'],
  new: ['mới'],
  resolved: ['đã giải quyết', 'đã xong', 'giải quyết'],
  all: ['tất cả'],
  weekly: ['hàng tuần', 'tuần'],
  monthly: ['hàng tháng', 'tháng'],
  alerts: ['cảnh báo'],
  low: ['thấp'],
  normal: ['bình thường', 'vừa'],
  high: ['cao'],
  critical: ['khẩn cấp', 'khẩn'],
  vi: ['tiếng việt', 'việt'],
  en: ['tiếng anh', 'anh', 'english'],
  admin: ['quản trị'],
  member: ['thành viên'],
  hotline: ['đường dây nóng', 'tổng đài'],
  external: ['bên ngoài'],
};

/**
 * One of a fixed list of values (a category, a block, a list filter): its English keyword or a
 * Vietnamese word for it, case and accents optional; otherwise an error listing the choices and
 * naming the nearest one.
 */
export function oneOf<T extends string>(list: readonly T[], value: string, what: string): T {
  const v = foldText(value).replace(/ /g, '_');
  const hit =
    list.find((x) => x === v) ??
    list.find((x) => (KEYWORDS[x] ?? []).some((w) => foldText(w).replace(/ /g, '_') === v));
  if (hit) return hit;
  const near = nearest(value, list);
  throw new UserError(near ? 'args.bad_choice_near' : 'args.bad_choice', {
    what,
    value,
    choices: list.join(', '),
    ...(near ? { suggestion: near } : {}),
  });
}

/** How many words of a run are a date (the longest start of at most 4 words that reads as one). */
export function dateTake(
  ctx: CommandContext,
  opts: { allowPast?: boolean } = {},
): (words: string[]) => number {
  const read = opts.allowPast ? readStart : readDate;
  return (words) => {
    for (let n = Math.min(4, words.length); n >= 1; n--) {
      try {
        read(ctx, words.slice(0, n).join(' '));
        return n;
      } catch {
        /* shorter */
      }
    }
    return words.length; // none: the whole run, so that the error shows what was typed
  };
}

/** A phone number's words: the leading words made of digits, `+`, `(`, `)`, `-`, `.`, `/` (and `x` for hidden digits). */
export function phoneTake(words: string[]): number {
  let n = 0;
  while (n < words.length && /^[+(]?[\d().\-/x]+$/i.test(words[n] ?? '') && /[\dx]/i.test(words[n] ?? ''))
    n++;
  return Math.max(1, n);
}

/**
 * A DATE at the start of `text` and the words after it: a quoted date is taken whole, else the
 * longest start of at most 4 words that reads as a date (`20/12/2099 09:30`, `ngày mai`, `+3d`).
 */
export function splitDate(ctx: CommandContext, text: string): { date: Date; rest: string } {
  const [first, after] = firstWord(text);
  if (/^["“'„‘«]/.test(text.trim())) return { date: readDate(ctx, first), rest: after };
  const words = text.trim().split(/\s+/);
  const n = dateTake(ctx)(words.slice(0, 4));
  const date = readDate(ctx, words.slice(0, n).join(' '));
  let rest = text.trim();
  for (let i = 0; i < n; i++) rest = rest.replace(/^\S+\s*/, '');
  return { date, rest };
}

/**
 * A word that names a person: `@name`, a Slack mention `<@U…>`, a Telegram mention `<@tg:…>`, or
 * a platform id as ADMINS writes it (`zalo:…`: Zalo has no usernames or mentions).
 */
export const isPersonRef = (word: string): boolean =>
  /^(@\S+|<@[^>\s]+>|(slack|telegram|zalo):\S+)$/.test(word);

/**
 * `UNIT [@person]` in either order of typing: the last word is the person when it is a mention or
 * an `@name`; the rest is the unit (its code or name, quotes optional).
 */
export function unitAndPerson(text: string): { unit: string; person: string | null } {
  const t = text.trim();
  let i = t.length;
  while (i > 0 && !/\s/.test(t.charAt(i - 1))) i--;
  const last = t.slice(i);
  if (isPersonRef(last)) return { unit: unquote(t.slice(0, i).trim()), person: last };
  return { unit: unquote(t), person: null };
}

/** Splits `sub rest…` (the first word lower-cased). */
export function splitFirst(input: string): [string, string] {
  const trimmed = input.trim();
  const m = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return m ? [(m[1] ?? '').toLowerCase(), m[2] ?? ''] : ['', ''];
}

/** A command's usage: one line per subcommand, in the order `/help` lists them. */
export const usageOf = (subcommands: Record<string, { usage: string }>): string =>
  Object.values(subcommands)
    .map((s) => s.usage)
    .join('\n');

/** A blocker's card after a change: `title`, its fields, its buttons. */
export async function blockerCard(ctx: CommandContext, title: string, b: BlockerRecord): Promise<Reply> {
  const look = await makeLook(ctx, [b.ownerPersonId]);
  return reply.ok(title, {
    fields: blockerFields(look, b),
    buttons: blockerButtons(ctx.t, b),
    record: { type: 'blocker', id: fmtId.blocker(b.id) },
  });
}
