/**
 * When the reminders of a deadline go out (DESIGN.md "Reminders and scheduled jobs"):
 * `REMINDER_OFFSETS` before it (units `m`, `h`, `d`); day-sized ones at `REMINDER_TIME` local time
 * on working days. The queue is derived from this plan, so the plan must be deterministic: the
 * same record and `now` always give the same instants. Pure: `now` is a parameter.
 */
import { UserError } from './errors.ts';
import {
  addCalendarDays,
  atLocalTime,
  isWorkingDay,
  localDate,
  nextWorkingDay,
  previousWorkingDay,
  type WorkingDays,
} from './working-days.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNIT_MS = { m: MINUTE, h: HOUR, d: DAY } as const;

/** One offset before a deadline: its label (`3d`), its length, and whether it is day-sized. */
interface Offset {
  label: string;
  ms: number;
  /** Whole days for a day-sized offset (fires at REMINDER_TIME), `null` for an exact one. */
  days: number | null;
}

function parseOne(part: string): Offset {
  const m = /^(\d{1,6})\s*([mhd])$/i.exec(part);
  if (!m) throw new UserError('config.offsets', { value: part });
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase() as keyof typeof UNIT_MS;
  return { label: `${n}${unit}`, ms: n * UNIT_MS[unit], days: unit === 'd' ? n : null };
}

/** Offsets from `text`, largest first, one per distinct label. */
function parseOffsetList(text: string): Offset[] {
  if (text.trim() === '') return [];
  const parts = text.split(/[,\s]+/).filter((p) => p !== '');
  const seen = new Set<string>();
  const out: Offset[] = [];
  for (const part of parts) {
    const o = parseOne(part);
    if (seen.has(o.label)) continue;
    seen.add(o.label);
    out.push(o);
  }
  return out.sort((a, b) => b.ms - a.ms);
}

/** An offset given in milliseconds: whole days are day-sized, otherwise exact. */
function fromMs(ms: number): Offset {
  if (!Number.isInteger(ms) || ms < 0 || ms % MINUTE !== 0) {
    throw new UserError('config.offsets', { value: String(ms) });
  }
  if (ms % DAY === 0) return { label: `${ms / DAY}d`, ms, days: ms / DAY };
  if (ms % HOUR === 0) return { label: `${ms / HOUR}h`, ms, days: null };
  return { label: `${ms / MINUTE}m`, ms, days: null };
}

/**
 * The offsets in `text` (`REMINDER_OFFSETS`, e.g. `7d,3d,1d,0d`; units `m`, `h`, `d`; commas or
 * spaces between) in milliseconds, largest first, without duplicates. An empty text means no
 * reminders.
 *
 * @throws UserError `config.offsets` `{ value }` naming the first part that is not `<n><m|h|d>`.
 */
export function parseOffsets(text: string): number[] {
  return [...new Set(parseOffsetList(text).map((o) => o.ms))];
}

/** Checks `HH:mm` (REMINDER_TIME) and returns it, so a bad setting fails loudly at planning. */
function checkTime(time: string): string {
  if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(time)) throw new UserError('config.reminder_time', { value: time });
  return time;
}

/** What a plan depends on: the record's deadline, the schedule settings and the present. */
export interface ReminderPlanInput {
  deadline: Date;
  /** `REMINDER_OFFSETS` text, or offsets in milliseconds (whole days count as day-sized). */
  offsets: string | readonly number[];
  /** `REMINDER_TIME`, `HH:mm` local. */
  reminderTime: string;
  tz: string;
  /** The working calendar: which local dates are working days. */
  calendar: WorkingDays;
  now: Date;
}

/** One planned reminder: the offset label it stands for (`3d`, `2h`) and when it fires. */
export interface PlannedReminder {
  offset: string;
  at: Date;
}

/** When one offset fires, before dropping past ones. */
function fireAt(o: Offset, input: ReminderPlanInput, time: string): Date {
  const { deadline, tz, calendar } = input;
  if (o.days === null) return new Date(deadline.getTime() - o.ms);
  const day = addCalendarDays(localDate(deadline, tz), -o.days);
  let at = atLocalTime(day, time, tz);
  if (!isWorkingDay(at, tz, calendar)) at = previousWorkingDay(at, tz, calendar);
  return at.getTime() > deadline.getTime() ? new Date(deadline.getTime()) : at;
}

/**
 * The reminders still to send for a deadline, in time order.
 *
 * - `m`/`h` offsets fire at exactly `deadline − offset`.
 * - `Nd` offsets fire at `reminderTime` local on the calendar day N days before the deadline's
 *   local date; a weekend or holiday moves it to the working day before. Never after the deadline:
 *   a `0d` whose reminder time is later than the deadline's time fires at the deadline.
 * - Reminders before `now` are dropped (a reminder at exactly `now` is kept); two offsets that land
 *   on the same instant give one reminder, labelled with the larger offset.
 *
 * @throws UserError `config.offsets` / `config.reminder_time` on bad settings.
 */
export function planReminders(input: ReminderPlanInput): PlannedReminder[] {
  const time = checkTime(input.reminderTime);
  const offsets =
    typeof input.offsets === 'string'
      ? parseOffsetList(input.offsets)
      : [...input.offsets].sort((a, b) => b - a).map(fromMs);
  const seen = new Set<number>();
  const plan: PlannedReminder[] = [];
  for (const o of offsets) {
    const at = fireAt(o, input, time);
    if (at.getTime() < input.now.getTime() || seen.has(at.getTime())) continue;
    seen.add(at.getTime());
    plan.push({ offset: o.label, at });
  }
  return plan.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The next instant strictly after `now` at `reminderTime` local time on a working day — when the
 * daily overdue nag goes out next.
 *
 * @throws UserError `config.reminder_time` on a bad `reminderTime`.
 */
export function nextWorkingDayAt(now: Date, reminderTime: string, tz: string, calendar: WorkingDays): Date {
  const today = atLocalTime(localDate(now, tz), checkTime(reminderTime), tz);
  if (today.getTime() > now.getTime() && isWorkingDay(today, tz, calendar)) return today;
  return atLocalTime(localDate(nextWorkingDay(now, tz, calendar), tz), reminderTime, tz);
}
