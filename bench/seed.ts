/**
 * Bulk records for the bench (and the index tests): units, people, blockers, roadmap items,
 * reports and extensions made by `INSERT … SELECT generate_series` in PostgreSQL — seconds for
 * 20,000 blockers, where 20,000 chat commands would take most of an hour. Deterministic: record
 * `g` always gets the same fields. No history rows (this is a tool, not a user).
 */
import { sql } from 'drizzle-orm';
import { BLOCKS, CATEGORIES, PRIORITIES, SOURCES, UNIT_KINDS } from '../src/domain/types.ts';
import type { Db } from '../src/store/db.ts';

export interface Scale {
  units: number;
  persons: number;
  blockers: number;
  roadmap: number;
}

/** The issue's scale (500 units, 20,000 blockers, 2,000 roadmap items) times `factor`. */
export function scaleOf(factor: number): Scale {
  const n = (x: number) => Math.max(1, Math.round(x * factor));
  return { units: n(500), persons: n(1000), blockers: n(20_000), roadmap: n(2000) };
}

const arr = (xs: readonly string[]) => sql.raw(`array[${xs.map((x) => `'${x}'`).join(',')}]`);
/** `xs[(expr % len) + 1]` in SQL. */
const pick = (xs: readonly string[], expr: string) =>
  sql`(${arr(xs)})[(${sql.raw(expr)}) % ${xs.length} + 1]`;

/**
 * Inserts the records (ids from 1, on an empty database) and moves the id counters past them.
 * Blockers: 40 % open, 10 % new, 20 % in progress, 20 % resolved, 10 % dropped; created over the
 * last two years, due 0–89 days after creation (1 in 17 undated), so a share is overdue.
 */
export async function seedBulk(db: Db, s: Scale, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.execute(sql`insert into units (id, code, name, name_vi, block, kind, on_alert, created_at)
    select g, 'U' || lpad(g::text, 4, '0'), 'Unit ' || g, 'Đơn vị ' || g, ${pick(BLOCKS, 'g')},
      ${pick(UNIT_KINDS, 'g / 4')}, g % 50 = 0, ${at}::timestamptz - interval '800 days'
    from generate_series(1, ${s.units}) g`);
  await db.execute(sql`insert into persons (id, name, console_user, role, unit_id, created_at)
    select g, 'Person ' || g, 'bench' || g, 'member', (g % ${s.units}) + 1, ${at}::timestamptz - interval '800 days'
    from generate_series(1, ${s.persons}) g`);
  await db.execute(sql`update units set lead_id = id where id <= ${s.persons}`);
  await db.execute(sql`insert into blockers (id, title, detail, category, source, reporting_unit_id,
      owner_unit_id, owner_person_id, deadline, original_deadline, slip_count, slip_days, priority,
      status, escalated, created_by_id, created_at, updated_at, resolved_at)
    select g, 'Bench blocker ' || g || ': data exchange with the provincial portal', null,
      ${pick(CATEGORIES, 'g')}, ${pick(SOURCES, 'g / 3')}, ((g * 7) % ${s.units}) + 1, (g % ${s.units}) + 1,
      case when g % 5 = 0 then null else (g % ${s.persons}) + 1 end,
      case when g % 17 = 0 then null else c + ((g * 13) % 90) * interval '1 day' end,
      case when g % 17 = 0 then null else c + ((g * 13) % 90) * interval '1 day' end,
      (g % 7 = 0)::int, case when g % 7 = 0 then 7 else 0 end,
      ${pick(PRIORITIES, 'g / 2')}, st, g % 23 = 0, (g % ${s.persons}) + 1, c, c,
      case when st in ('resolved', 'dropped') then least(c + (g % 30) * interval '1 day', ${at}::timestamptz) end
    from (select g, ${at}::timestamptz - ((g * 37) % 730) * interval '1 day' - (g % 24) * interval '1 hour' as c,
            (array['open','open','open','open','new','in_progress','in_progress','resolved','resolved','dropped'])[g % 10 + 1] as st
          from generate_series(1, ${s.blockers}) g) x`);
  await db.execute(sql`insert into roadmap_items (id, unit_id, title, start_at, due, original_due,
      owner_person_id, created_by_id, created_at)
    select g, (g % ${s.units}) + 1, 'Roadmap item ' || g, st, st + (30 + g % 120) * interval '1 day',
      st + (30 + g % 120) * interval '1 day', (g % ${s.persons}) + 1, 1, st
    from (select g, ${at}::timestamptz - (g % 90) * interval '1 day' as st
          from generate_series(1, ${s.roadmap}) g) x`);
  await db.execute(sql`insert into roadmap_reports (item_id, percent, note, reporter_id, at)
    select g, least(100, (g * 11) % 110), 'progress', 1, ${at}::timestamptz - (g % 14) * interval '1 day'
    from generate_series(1, ${s.roadmap}) g where g % 2 = 0`);
  const xs = Math.max(1, Math.round(s.blockers / 40));
  await db.execute(sql`insert into extensions (id, target_type, target_id, old_date, new_date, reason,
      requester_id, status, decider_id, decided_at, created_at)
    select g, 'blocker', g * 40, null, ${at}::timestamptz + interval '30 days', 'more time', 1,
      (array['pending','approved','rejected'])[g % 3 + 1], case when g % 3 = 0 then null else 1 end,
      case when g % 3 = 0 then null else ${at}::timestamptz - (g % 20) * interval '1 day' end,
      ${at}::timestamptz - (g % 40) * interval '1 day'
    from generate_series(1, ${xs}) g`);
  for (const [name, value] of [
    ['blocker', s.blockers],
    ['roadmap', s.roadmap],
    ['extension', xs],
  ] as const)
    await db.execute(sql`update counters set value = ${value} where name = ${name}`);
  for (const t of ['units', 'persons']) {
    await db.execute(
      sql.raw(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`),
    );
  }
  await db.execute(sql`analyze`);
}
