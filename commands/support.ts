import { parseDate } from '../src/dates.ts';
import { UserError } from '../src/domain/errors.ts';
import type { Person } from '../src/domain/types.ts';
import { parseRecordId } from '../src/domain/types.ts';
import type { Look } from '../src/present/format.ts';
import type { CommandContext } from './types.ts';

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

/** One of a fixed list of values (a category, a block), or an error listing the choices. */
export function oneOf<T extends string>(list: readonly T[], value: string, what: string): T {
  const v = value.trim().toLowerCase();
  const hit = list.find((x) => x === v);
  if (!hit) throw new UserError('args.bad_choice', { what, value, choices: list.join(', ') });
  return hit;
}

/** A person named in a command (`@name`, a Slack mention, a Telegram username). */
export function findPerson(ctx: CommandContext, ref: string): Promise<Person> {
  return ctx.services.identity.findPerson(ref);
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
