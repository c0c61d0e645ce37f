import { UserError } from '../src/domain/errors.ts';
import type { Reply } from '../src/domain/reply.ts';
import { foldText, nearest } from '../src/domain/similarity.ts';
import { hasKey } from '../src/i18n/index.ts';
import { splitFirst, usageOf } from './support.ts';
import type { Command, CommandContext, Subcommand } from './types.ts';

/** Checks typed input against a subcommand's schema; a mismatch is a one-line error naming the field. */
export function checked<I>(sub: Subcommand<I>, input: unknown): I {
  if (!sub.input) return input as I;
  const r = sub.input.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.join('.') || '?';
  // A form's text over the limit reads as typed text over it does.
  const value = issue?.path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    input,
  );
  // A limit with its own refusal names it as its message (a title: `blocker.title_too_long`).
  if (issue?.code === 'too_big' && hasKey(issue.message))
    throw new UserError(issue.message, { max: Number(issue.maximum) });
  if (issue?.code === 'too_big' && typeof value === 'string')
    throw new UserError('args.too_long', { field, max: Number(issue.maximum), length: value.length });
  throw new UserError('args.invalid', { field });
}

/** Parses text with a subcommand's parser, checks the result and runs its executor. */
export async function runSub<I>(sub: Subcommand<I>, ctx: CommandContext, text: string): Promise<Reply> {
  if (sub.bare && text.trim() === '') return sub.bare(ctx);
  if (!sub.parse || !sub.exec) throw new Error('subcommand without parser or executor');
  const input = checked(sub, await sub.parse(ctx, text));
  return sub.exec(ctx, input);
}

/** Runs a subcommand's executor on typed input (from a form), checked as parsed input is. */
export function execSub<I>(sub: Subcommand<I>, ctx: CommandContext, input: unknown): Promise<Reply> {
  if (!sub.exec) throw new Error('subcommand without executor');
  return sub.exec(ctx, checked(sub, input));
}

/** A subcommand with its input type inferred from the parser. */
export const sub = <I>(s: Subcommand<I>): Subcommand<I> => s;

/** The subcommand a typed word names: its key, an alias (accents optional), or undefined. */
export function findSub(
  subcommands: Record<string, Subcommand<unknown>>,
  word: string,
): Subcommand<unknown> | undefined {
  const w = word.toLowerCase();
  if (Object.hasOwn(subcommands, w)) return subcommands[w];
  const folded = foldText(word);
  return Object.values(subcommands).find((s) => s.aliases?.some((a) => foldText(a) === folded));
}

/**
 * A command made of a table of subcommands: the first word picks the subcommand (an unknown one
 * gets the nearest known one as "did you mean"), the rest goes to its parser, then its executor.
 * `otherwise` handles a first word that is no subcommand (`/blocker B-12`), or nothing typed.
 */
export function tableCommand(def: {
  name: string;
  summary: string;
  aliases?: string[];
  // biome-ignore lint/suspicious/noExplicitAny: each subcommand has its own input type
  subcommands: Record<string, Subcommand<any>>;
  otherwise?: (ctx: CommandContext, input: string) => Promise<Reply> | undefined;
}): Command {
  const choices = Object.keys(def.subcommands).join(', ');
  return {
    name: def.name,
    summary: def.summary,
    ...(def.aliases ? { aliases: def.aliases } : {}),
    usage: usageOf(def.subcommands),
    subcommands: def.subcommands,
    async run(ctx, input) {
      const [word, rest] = splitFirst(input);
      const found = word ? findSub(def.subcommands, word) : undefined;
      if (found) return runSub(found, ctx, rest);
      const other = def.otherwise?.(ctx, input);
      if (other) return other;
      if (!word) throw new UserError('args.missing_sub', { choices });
      const near = nearest(word, Object.keys(def.subcommands));
      if (near)
        throw new UserError('args.unknown_sub_near', { sub: word, suggestion: near, command: def.name });
      throw new UserError('args.unknown_sub', { sub: word, choices });
    },
  };
}

/** A command without subcommands: one parser and one executor. */
export function singleCommand<I>(
  def: { name: string; summary: string; aliases?: string[] } & Subcommand<I>,
): Command {
  const main = def;
  return {
    name: def.name,
    summary: def.summary,
    ...(def.aliases ? { aliases: def.aliases } : {}),
    usage: def.usage,
    main,
    run: (ctx, input) => runSub(main, ctx, input),
  };
}
