import { z } from 'zod';
import { cleanText } from '../src/args.ts';
import { formatDate } from '../src/dates.ts';
import { UserError } from '../src/domain/errors.ts';
import { reply } from '../src/domain/reply.ts';
import type { CalendarDay } from '../src/domain/working-calendar.ts';
import { atLocalTime, localDate, weekday } from '../src/domain/working-days.ts';
import { dateTake, readStart, splitFirst } from './support.ts';
import { findSub, sub } from './table.ts';
import type { CommandContext, Subcommand } from './types.ts';

/** The longest name a day of the calendar takes. */
const NAME_MAX = 100;

const OPS = ['list', 'add', 'remove', 'workday'] as const;
type Op = (typeof OPS)[number];

interface Input {
  op: Op;
  year?: number | undefined;
  day?: string | undefined;
  name?: string | null | undefined;
}

/** The words of each operation, Vietnamese ones too (accents optional). */
const WORDS: Record<Op, Subcommand<unknown>> = {
  list: { usage: '', summary: '', aliases: ['danh-sach', 'danh_sach', 'xem'] },
  add: { usage: '', summary: '', aliases: ['them', 'nghi'] },
  remove: { usage: '', summary: '', aliases: ['xoa', 'bo'] },
  workday: { usage: '', summary: '', aliases: ['lam-bu', 'lam_bu', 'lambu'] },
};

/** The year of today, in the reader's time zone. */
const thisYear = (ctx: CommandContext) => Number(localDate(ctx.now, ctx.tz).slice(0, 4));

/** The local date (`YYYY-MM-DD`) a typed DATE names (past dates too: a calendar records them). */
function takeDay(ctx: CommandContext, text: string): { day: string; rest: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) throw new UserError('wg.holiday_no_date');
  const n = dateTake(ctx, { allowPast: true })(words.slice(0, 4));
  const day = localDate(readStart(ctx, words.slice(0, n).join(' ')), ctx.tz);
  return { day, rest: words.slice(n).join(' ') };
}

function parse(ctx: CommandContext, text: string): Input {
  const [word, rest] = splitFirst(text);
  const found = word ? findSub(WORDS, word) : WORDS.list;
  const op = OPS.find((o) => WORDS[o] === found);
  if (!op) throw new UserError('args.unknown_sub', { sub: word, choices: OPS.join(', ') });
  if (op === 'list') {
    const y = rest.trim();
    if (y === '') return { op, year: thisYear(ctx) };
    if (!/^\d{4}$/.test(y)) throw new UserError('wg.holiday_year', { input: y.slice(0, 40) });
    return { op, year: Number(y) };
  }
  const { day, rest: after } = takeDay(ctx, rest);
  if (op === 'remove') {
    if (after !== '') throw new UserError('args.too_many');
    return { op, day };
  }
  const name = cleanText(after);
  return { op, day, name: name === '' ? null : name };
}

/** What a day of the calendar is, in the reader's words. */
function what(ctx: CommandContext, d: CalendarDay | undefined, day: string): string {
  if (!d) {
    const dow = weekday(day);
    return ctx.t(dow === 0 || dow === 6 ? 'wg.holiday_weekend' : 'wg.holiday_working');
  }
  const name = typeof d.name === 'string' || d.name === null ? d.name : d.name[ctx.lang];
  if (d.source === 'public') return name ?? ctx.t('wg.holiday_off');
  if (d.source === 'in_lieu') return ctx.t('wg.holiday_in_lieu', { name: name ?? '' });
  const base = d.off
    ? name
      ? ctx.t('wg.holiday_off_named', { name })
      : ctx.t('wg.holiday_off')
    : name
      ? ctx.t('wg.holiday_workday_named', { name })
      : ctx.t('wg.holiday_workday');
  return d.source === 'env'
    ? ctx.t('wg.holiday_from_env', { what: base, var: d.off ? 'HOLIDAYS' : 'WORKDAYS' })
    : base;
}

/** `DD/MM/YYYY (Fri)` of a local date, the weekday in the reader's language. */
function dateLabel(ctx: CommandContext, day: string): string {
  const noon = atLocalTime(day, '12:00', 'UTC');
  const weekday = new Intl.DateTimeFormat(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB', {
    weekday: 'short',
    timeZone: 'UTC',
  }).format(noon);
  return `${formatDate(noon, 'UTC')} (${weekday})`;
}

async function list(ctx: CommandContext, year: number) {
  const days = (await ctx.services.calendar.get()).year(year);
  const off = days.filter((d) => d.off).length;
  return reply.info(ctx.t('wg.holiday_title', { year, off, work: days.length - off }), {
    lines: days.map((d) =>
      ctx.t('wg.holiday_line', { date: dateLabel(ctx, d.day), what: what(ctx, d, d.day) }),
    ),
  });
}

async function exec(ctx: CommandContext, input: Input) {
  const { op, day, name } = input;
  if (op === 'list' || !day) return list(ctx, input.year ?? thisYear(ctx));
  const cal = ctx.services.calendar;
  const date = dateLabel(ctx, day);
  if (op === 'remove') {
    if ((await cal.remove(ctx.actor, day)) === 'absent') {
      const had = (await cal.get()).dayOf(day);
      throw new UserError(had ? 'wg.holiday_not_added' : 'wg.holiday_nothing', {
        date,
        what: what(ctx, had, day),
      });
    }
    return reply.ok(
      ctx.t('wg.holiday_removed', { date, what: what(ctx, (await cal.get()).dayOf(day), day) }),
    );
  }
  const done =
    op === 'add'
      ? await cal.dayOff(ctx.actor, day, name ?? null)
      : await cal.workday(ctx.actor, day, name ?? null);
  const now = what(ctx, (await cal.get()).dayOf(day), day);
  if (done === 'same') return reply.info(ctx.t('wg.holiday_same', { date, what: now }));
  return reply.ok(ctx.t(op === 'add' ? 'wg.holiday_off_set' : 'wg.holiday_workday_set', { date, what: now }));
}

/**
 * `/wg holiday [list [YEAR]]`, `/wg holiday add DATE [name]`, `/wg holiday remove DATE`,
 * `/wg holiday workday DATE [name]`: the working calendar, listed for anyone, changed by admins.
 */
export const holiday = sub<Input>({
  usage: '/wg holiday [list [YEAR]] | add DATE [name] | remove DATE | workday DATE [name]',
  summary: 'help.wg.holiday',
  aliases: ['holidays', 'ngay-nghi', 'ngay_nghi', 'lich'],
  input: z.object({
    op: z.enum(OPS),
    year: z.number().int().min(1970).max(2200).optional(),
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    name: z.string().max(NAME_MAX).nullable().optional(),
  }),
  bare: (ctx) => list(ctx, thisYear(ctx)),
  parse,
  exec,
});
