/**
 * Viet Nam's public holidays as the working calendar builds them in (DESIGN.md "Reminders"), from
 * `date-holidays` (`VN`: its lunar dates come from a Vietnamese lunar calendar computed for UTC+7,
 * so Tết and the Hùng Kings' day fall on Viet Nam's dates, not China's). The rule chosen, and why:
 *
 * - the days the library marks `public`: 1/1; Tết, the day before the lunar new year and the four
 *   after it (5 days, Labour Code 2019 art. 112); the Hùng Kings' day (10/3 lunar); 30/4; 1/5; 2/9;
 * - the second National Day holiday (from 2021; the library has only 2/9): 1/9, or 3/9 when 1/9 is
 *   a Saturday or a Sunday (as announced in 2022–2026);
 * - a day in lieu for each of those that falls on a Saturday or a Sunday: the next working day
 *   after it (Labour Code art. 111(3): "nghỉ bù vào ngày làm việc kế tiếp").
 *
 * What the government announces each year beyond the law (the extended Tết and National Day
 * breaks, the 5 Tết days set elsewhere than the library's window, the make-up Saturdays) is not
 * built in: admins add it with `/wg holiday add|workday`. E.g. Tết 2025: the library's days are
 * 28/1–1/2 (so 3/2 in lieu of Saturday 1/2); the announced break was 27/1–31/1 with the weekends
 * around it (25/1–2/2), so admins add 27/1 and make 3/2 a working day.
 *
 * Pure: the library does no I/O. Its import costs about 0.4 s and 9 MB of heap once per process
 * (it carries every country's rules); each year is computed once (~40 ms) and kept.
 */
import Holidays from 'date-holidays';
import type { Lang } from './types.ts';

/** A built-in day off: a public holiday, or a day in lieu of one that fell on a weekend. */
export interface BuiltInDay {
  day: string;
  kind: 'public' | 'in_lieu';
  /** The holiday's name (for a day in lieu: the name of the holiday it stands in for). */
  name: Record<Lang, string>;
}

let vn: Holidays | null = null;
const years = new Map<number, BuiltInDay[]>();

const DAY_MS = 86_400_000;

/** `ymd` moved by `n` days (UTC arithmetic on a date, no time zone). */
function plusDays(ymd: string, n: number): string {
  return new Date(Date.parse(`${ymd}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of `ymd`: 0 Sunday … 6 Saturday. */
export function weekday(ymd: string): number {
  return new Date(`${ymd}T00:00:00Z`).getUTCDay();
}

const isWeekend = (ymd: string) => weekday(ymd) === 0 || weekday(ymd) === 6;

/**
 * The library's public holidays of `year`, one entry per day, names in `lang`. Tết is a span
 * (the eve and four days) holding its own new year's day: the eve keeps the span's name ("Giao
 * thừa"), the new year's day and the days after it the new year's name.
 */
function publicDays(year: number, lang: Lang): Map<string, string> {
  vn ??= new Holidays('VN', { timezone: 'Asia/Ho_Chi_Minh', types: ['public'] });
  const all = vn.getHolidays(year, lang).filter((h) => h.type === 'public');
  const length = (h: (typeof all)[number]) =>
    Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS));
  const out = new Map<string, string>();
  for (const h of all) if (length(h) === 1) out.set(h.date.slice(0, 10), h.name);
  for (const h of all.filter((x) => length(x) > 1)) {
    let name = h.name;
    for (let i = 0; i < length(h); i++) {
      const day = plusDays(h.date.slice(0, 10), i);
      name = out.get(day) ?? name;
      out.set(day, name);
    }
  }
  return out;
}

/** The built-in days off of `year`, in date order. */
export function vnHolidays(year: number): readonly BuiltInDay[] {
  const known = years.get(year);
  if (known) return known;
  const en = publicDays(year, 'en');
  const vi = publicDays(year, 'vi');
  const days = new Map<string, BuiltInDay>();
  for (const [day, name] of en)
    days.set(day, { day, kind: 'public', name: { en: name, vi: vi.get(day) ?? name } });
  const national = days.get(`${year}-09-02`);
  if (year >= 2021 && national) {
    const adjacent = isWeekend(`${year}-09-01`) ? `${year}-09-03` : `${year}-09-01`;
    days.set(adjacent, { ...national, day: adjacent });
  }
  const ordered = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  for (const h of ordered.filter((d) => isWeekend(d.day))) {
    let d = plusDays(h.day, 1);
    while (isWeekend(d) || days.has(d)) d = plusDays(d, 1);
    days.set(d, { day: d, kind: 'in_lieu', name: h.name });
  }
  const out = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  years.set(year, out);
  return out;
}
