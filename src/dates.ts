/**
 * Date parsing and formatting (DESIGN.md "Dates"). A date without a time means 17:00 local in
 * the person's time zone; results are instants (`Date`). `now` is always passed in.
 */
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { UserError } from './domain/errors.ts';
import { localParts } from './domain/local-time.ts';
import { foldText } from './domain/similarity.ts';
import type { Lang } from './domain/types.ts';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

/** The default time zone of the working group. */
export const DEFAULT_TZ = 'Asia/Ho_Chi_Minh';

/** Hour of the local deadline when a date has no time. */
const DEFAULT_HOUR = 17;
const DAY_MS = 86_400_000;

/** A calendar date (month 1–12). */
interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Options for {@link parseDate}. */
export interface ParseDateOptions {
  now: Date;
  tz: string;
  /** Accepted for symmetry with replies; both languages' words are always understood. */
  lang?: Lang;
  /** A date that may lie in the past (a roadmap item's `start:`); otherwise it is refused. */
  allowPast?: boolean;
}

/** Weekday words (accents stripped, lower case) -> day number (0 = Sunday … 6 = Saturday). */
const WEEKDAYS: ReadonlyMap<string, number> = new Map(
  (
    [
      [0, ['sun', 'sunday', 'chu nhat', 'cn']],
      [1, ['mon', 'monday', 'thu hai', 'thu 2', 't2']],
      [2, ['tue', 'tues', 'tuesday', 'thu ba', 'thu 3', 't3']],
      [3, ['wed', 'wednesday', 'thu tu', 'thu 4', 't4']],
      [4, ['thu', 'thur', 'thurs', 'thursday', 'thu nam', 'thu 5', 't5']],
      [5, ['fri', 'friday', 'thu sau', 'thu 6', 't6']],
      [6, ['sat', 'saturday', 'thu bay', 'thu 7', 't7']],
    ] as const
  ).flatMap(([day, names]) => names.map((n) => [n, day] as const)),
);

const TODAY = new Set(['today', 'hom nay']);
const TOMORROW = new Set(['tomorrow', 'ngay mai']);

/** True when `tz` is an IANA time zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** UTC offset of `tz` at instant `ts`, in minutes. */
function offsetAt(ts: number, tz: string): number {
  return dayjs(ts).tz(tz).utcOffset();
}

/** The instant of local wall-clock time `ymd hh:mm` in `tz` (deterministic, no clock read). */
function zonedInstant(ymd: Ymd, hh: number, mm: number, tz: string): Date {
  const wall = Date.UTC(ymd.y, ymd.m - 1, ymd.d, hh, mm);
  const first = offsetAt(wall, tz);
  let ts = wall - first * 60_000;
  const second = offsetAt(ts, tz);
  if (second !== first) ts = wall - second * 60_000;
  return new Date(ts);
}

/** The local calendar date of an instant in `tz`. */
function localYmd(d: Date, tz: string): Ymd {
  const l = localParts(d, tz);
  return { y: l.year, m: l.month, d: l.day };
}

/** Calendar arithmetic on a date, independent of any zone. */
function addDays(ymd: Ymd, n: number): Ymd {
  const t = new Date(Date.UTC(ymd.y, ymd.m - 1, ymd.d) + n * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function weekday(ymd: Ymd): number {
  return new Date(Date.UTC(ymd.y, ymd.m - 1, ymd.d)).getUTCDay();
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function cmpYmd(a: Ymd, b: Ymd): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

/** Strict validity of a calendar date, through dayjs's strict parser. */
function isRealDay(ymd: Ymd): boolean {
  if (ymd.y < 1000 || ymd.y > 9999) return false;
  const s = `${ymd.y}-${String(ymd.m).padStart(2, '0')}-${String(ymd.d).padStart(2, '0')}`;
  return dayjs(s, 'YYYY-MM-DD', true).isValid();
}

/** A resolved calendar day, or the error code for why there is none. */
type Resolved = { day: Ymd; rollWeek: boolean } | 'date.invalid' | 'date.no_such_day';

/** Maps the (folded) date part of the input to a calendar day, relative to local `today`. */
function resolveDay(part: string, today: Ymd): Resolved {
  const checked = (day: Ymd, rollWeek = false): Resolved => {
    if (day.y < 1000 || day.y > 9999) return 'date.invalid';
    return isRealDay(day) ? { day, rollWeek } : 'date.no_such_day';
  };
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(part);
  if (iso) return checked({ y: Number(iso[1]), m: Number(iso[2]), d: Number(iso[3]) });
  const dmy = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(part);
  if (dmy) return checked({ y: Number(dmy[4]), m: Number(dmy[3]), d: Number(dmy[1]) });
  const dm = /^(\d{1,2})[/.](\d{1,2})$/.exec(part);
  if (dm) {
    const d = Number(dm[1]);
    const m = Number(dm[2]);
    // Refuse days that exist in no year (31/04); find the next real one (29/02 may be years off).
    if (!isRealDay({ y: 2000, m, d })) return 'date.no_such_day';
    for (let y = today.y; y <= today.y + 8; y++) {
      const c = { y, m, d };
      if (isRealDay(c) && cmpYmd(c, today) >= 0) return checked(c);
    }
    return 'date.invalid';
  }
  if (TODAY.has(part)) return checked(today);
  if (TOMORROW.has(part)) return checked(addDays(today, 1));
  const rel = /^\+(\d{1,5})([dw])$/.exec(part);
  if (rel) return checked(addDays(today, Number(rel[1]) * (rel[2] === 'w' ? 7 : 1)));
  const wd = WEEKDAYS.get(part);
  if (wd !== undefined) return checked(addDays(today, ((wd - weekday(today) + 6) % 7) + 1));
  const mondayOffset = (weekday(today) + 6) % 7; // 0 = Monday … 6 = Sunday
  if (part === 'eow') return checked(addDays(today, 4 - mondayOffset), true); // this week's Friday
  if (part === 'eom') return checked({ y: today.y, m: today.m, d: daysInMonth(today.y, today.m) });
  if (part === 'eoy') return checked({ y: today.y, m: 12, d: 31 });
  return 'date.invalid';
}

/**
 * Parses a user's date (`YYYY-MM-DD`, `DD/MM/YYYY`, `DD.MM.YYYY`, `DD/MM`, `today`, `tomorrow`,
 * `+3d`, `+2w`, `fri`/`friday`, `eow`, `eom`, `eoy`, `hôm nay`, `ngày mai`, `thứ hai`…`chủ nhật`,
 * `t2`…`t7`, `cn`), optionally followed by ` HH:mm`, into an instant. Without a time it is
 * 17:00 local in `tz`. Weekdays are strictly after today; `eow` is this week's Friday, or next
 * week's once this one has passed; `eom`/`eoy` are not rolled over and may be refused as past.
 * @throws UserError `date.invalid`, `date.no_such_day`, `date.past` (all {input}), `tz.invalid` {tz}
 */
export function parseDate(input: string, opts: ParseDateOptions): Date {
  const { now, tz } = opts;
  if (!isValidTimeZone(tz)) throw new UserError('tz.invalid', { tz: String(tz) });
  const shown = input.trim().replace(/\s+/g, ' ').slice(0, 100);
  const fail = (code: string): never => {
    throw new UserError(code, { input: shown });
  };
  const text = foldText(input);

  // Optional trailing time: ` HH:mm` / ` H:mm`, or ISO `T`.
  let datePart = text;
  let hh = DEFAULT_HOUR;
  let mm = 0;
  const timeMatch = /^(.+?)(?:\s+|(?<=\d)t)(\d{1,2}):(\d{2})$/.exec(text);
  if (timeMatch?.[1] && timeMatch[2] && timeMatch[3]) {
    datePart = timeMatch[1];
    hh = Number(timeMatch[2]);
    mm = Number(timeMatch[3]);
    if (hh > 23 || mm > 59) return fail('date.invalid');
  }

  const found = resolveDay(datePart, localYmd(now, tz));
  if (typeof found === 'string') return fail(found);
  const { day, rollWeek } = found;
  let result = zonedInstant(day, hh, mm, tz);
  if (rollWeek && result.getTime() < now.getTime()) {
    result = zonedInstant(addDays(day, 7), hh, mm, tz);
  }
  if (result.getTime() < now.getTime() && !opts.allowPast) return fail('date.past');
  return result;
}

/** `DD/MM/YYYY` in `tz`. */
export function formatDate(d: Date, tz: string): string {
  const l = localParts(d, tz);
  return `${two(l.day)}/${two(l.month)}/${String(l.year).padStart(4, '0')}`;
}

/** `DD/MM/YYYY HH:mm` in `tz`. */
export function formatDateTime(d: Date, tz: string): string {
  const l = localParts(d, tz);
  return `${formatDate(d, tz)} ${two(l.hour)}:${two(l.minute)}`;
}

/** `DD/MM/YYYY` when the local time is exactly 17:00 (the default deadline), else with `HH:mm`. */
export function formatDateSmart(d: Date, tz: string): string {
  const l = localParts(d, tz);
  const isDefault = l.hour === DEFAULT_HOUR && l.minute === 0 && l.second === 0;
  return isDefault ? formatDate(d, tz) : formatDateTime(d, tz);
}

const two = (n: number) => String(n).padStart(2, '0');

/** Whole calendar days from `a` to `b` in `tz` (b − a; negative when `b` is earlier). */
export function daysBetween(a: Date, b: Date, tz: string): number {
  const x = localYmd(a, tz);
  const y = localYmd(b, tz);
  return Math.round((Date.UTC(y.y, y.m - 1, y.d) - Date.UTC(x.y, x.m - 1, x.d)) / DAY_MS);
}

/** Monday 00:00 local (in `tz`) of the week containing `now`. */
export function startOfWeek(now: Date, tz: string): Date {
  const today = localYmd(now, tz);
  return zonedInstant(addDays(today, -((weekday(today) + 6) % 7)), 0, 0, tz);
}

/** The 1st of the month 00:00 local (in `tz`) of the month containing `now`. */
export function startOfMonth(now: Date, tz: string): Date {
  const today = localYmd(now, tz);
  return zonedInstant({ y: today.y, m: today.m, d: 1 }, 0, 0, tz);
}
