/**
 * Wall-clock fields of an instant in a time zone, fast: Intl's formatter, made once per zone and
 * kept (dayjs's `tz()` makes one per call, which at 20,000 records is most of an export's time),
 * asked once per zone and day for the offset when it does not change that day.
 */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formats.set(tz, f);
  }
  return f;
}

function exactParts(d: Date, tz: string): LocalParts {
  const out: LocalParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatOf(tz).formatToParts(d))
    if (p.type in out) out[p.type as keyof LocalParts] = Number(p.value);
  return out;
}

const DAY_MS = 86_400_000;
/** The zone's offset (wall clock − UTC, whole seconds) at `ms`. */
function exactOffset(ms: number, tz: string): number {
  const p = exactParts(new Date(ms), tz);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** Per zone, per UTC day: the offset when it is the same all day, else NaN (a change that day). */
const dayOffsets = new Map<string, Map<number, number>>();

/** The zone's offset on the UTC day of `d` when it is the same all day, else NaN. */
function dayOffset(d: Date, tz: string): number {
  const day = Math.floor(d.getTime() / DAY_MS);
  let days = dayOffsets.get(tz);
  if (!days) {
    days = new Map();
    dayOffsets.set(tz, days);
  }
  let offset = days.get(day);
  if (offset === undefined) {
    const first = exactOffset(day * DAY_MS, tz);
    offset = first === exactOffset((day + 1) * DAY_MS - 1000, tz) ? first : Number.NaN;
    if (days.size >= 20_000) days.clear();
    days.set(day, offset);
  }
  return offset;
}

/** 0000-01-01 and 10000-01-01 UTC: the wall clocks `toISOString` writes with a four-digit year. */
const YEAR_0 = -62_167_219_200_000;
const YEAR_10000 = Date.UTC(10000, 0, 1);

export function localParts(d: Date, tz: string): LocalParts {
  const offset = dayOffset(d, tz);
  if (Number.isNaN(offset)) return exactParts(d, tz);
  const w = new Date(Math.floor(d.getTime() / 1000) * 1000 + offset);
  return {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
    second: w.getUTCSeconds(),
  };
}

/** The local calendar date as a day count since 1970-01-01: differences are calendar days. */
export function localDayNumber(d: Date, tz: string): number {
  const p = localParts(d, tz);
  return Date.UTC(p.year, p.month - 1, p.day) / 86_400_000;
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** ISO 8601 to the second with the zone's offset at that instant: `2026-12-31T17:00:00+07:00`. */
export function isoWithOffset(d: Date, tz: string): string {
  const offset = dayOffset(d, tz);
  const ms = Math.floor(d.getTime() / 1000) * 1000;
  // The offset is the same all day (nearly always): the wall clock is the UTC one moved by it.
  if (!Number.isNaN(offset) && ms + offset >= YEAR_0 && ms + offset < YEAR_10000) {
    const min = Math.round(offset / 60_000);
    const sign = min < 0 ? '-' : '+';
    const wall = new Date(ms + offset).toISOString().slice(0, 19);
    return `${wall}${sign}${pad(Math.trunc(Math.abs(min) / 60))}:${pad(Math.abs(min) % 60)}`;
  }
  const p = localParts(d, tz);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offsetMin = Math.round((wall - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.trunc(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
}
