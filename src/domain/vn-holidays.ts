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
 * The library's days for 2000–2100 come from `vn-holidays-table.ts`, generated from it (and checked
 * against it by test/domain/working-calendar.test.ts): the library carries every country's rules
 * and its astronomy, ~46 MB of memory and 0.4 s once loaded, and a year costs ~40 ms. A year
 * outside the table loads the library on first use (module loading, no other I/O) and is kept.
 */
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import type { Lang } from './types.ts';
import { NAMES, YEARS } from './vn-holidays-table.ts';
import { addCalendarDays, weekday } from './working-days.ts';

/** A built-in day off: a public holiday, or a day in lieu of one that fell on a weekend. */
export interface BuiltInDay {
  day: string;
  kind: 'public' | 'in_lieu';
  /** The holiday's name (for a day in lieu: the name of the holiday it stands in for). */
  name: Record<Lang, string>;
}

let library: Holidays | null = null;
const years = new Map<number, BuiltInDay[]>();

const DAY_MS = 86_400_000;

const isWeekend = (ymd: string) => weekday(ymd) === 0 || weekday(ymd) === 6;

/**
 * The library's public holidays of `year`, one entry per day, names in `lang`. Tết is a span
 * (the eve and four days) holding its own new year's day: the eve keeps the span's name ("Giao
 * thừa"), the new year's day and the days after it the new year's name.
 */
function publicDays(year: number, lang: Lang): Map<string, string> {
  if (!library) {
    // Loaded only when a year is not in the table (see the file's comment).
    const Library = createRequire(import.meta.url)('date-holidays') as typeof Holidays;
    library = new Library('VN', { timezone: 'Asia/Ho_Chi_Minh', types: ['public'] });
  }
  const all = library.getHolidays(year, lang).filter((h) => h.type === 'public');
  const length = (h: (typeof all)[number]) =>
    Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS));
  const out = new Map<string, string>();
  for (const h of all) if (length(h) === 1) out.set(h.date.slice(0, 10), h.name);
  for (const h of all.filter((x) => length(x) > 1)) {
    let name = h.name;
    for (let i = 0; i < length(h); i++) {
      const day = addCalendarDays(h.date.slice(0, 10), i);
      name = out.get(day) ?? name;
      out.set(day, name);
    }
  }
  return out;
}

/** The library's public days of `year`, by date, named in each language: computed by date-holidays. */
export function libraryYear(year: number): Map<string, Record<Lang, string>> {
  const en = publicDays(year, 'en');
  const vi = publicDays(year, 'vi');
  return new Map([...en].map(([day, name]) => [day, { en: name, vi: vi.get(day) ?? name }]));
}

/** The library's public days of `year` from the generated table; null outside it. */
export function tableYear(year: number): Map<string, Record<Lang, string>> | null {
  const row = YEARS[year];
  if (row === undefined) return null;
  const out = new Map<string, Record<Lang, string>>();
  for (const token of row.split(' ').filter(Boolean)) {
    const [en, vi] = NAMES[Number(token.slice(5))] ?? ['', ''];
    out.set(`${year}-${token.slice(0, 2)}-${token.slice(2, 4)}`, { en, vi });
  }
  return out;
}

/** The built-in days off of `year`, in date order. */
export function vnHolidays(year: number): readonly BuiltInDay[] {
  const known = years.get(year);
  if (known) return known;
  const days = new Map<string, BuiltInDay>();
  for (const [day, name] of tableYear(year) ?? libraryYear(year))
    days.set(day, { day, kind: 'public', name });
  const national = days.get(`${year}-09-02`);
  if (year >= 2021 && national) {
    const adjacent = isWeekend(`${year}-09-01`) ? `${year}-09-03` : `${year}-09-01`;
    days.set(adjacent, { ...national, day: adjacent });
  }
  const ordered = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  for (const h of ordered.filter((d) => isWeekend(d.day))) {
    let d = addCalendarDays(h.day, 1);
    while (isWeekend(d) || days.has(d)) d = addCalendarDays(d, 1);
    days.set(d, { day: d, kind: 'in_lieu', name: h.name });
  }
  const out = [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  years.set(year, out);
  return out;
}
