/**
 * The public read side computed in PostgreSQL, on PGlite and on the real server: generated
 * records (every source and status, with and without owners, void ones, tied and microsecond
 * deadlines) against the rules in JavaScript. The SQL form of "a private hotline call" agrees
 * with `isPrivateCall`; batches of 7 give the same list as the old in-memory filter and
 * sort; the streamed CSV and calendar equal what one `stringify` / one `toString()` of every row
 * gives.
 */
import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import ical from 'ical-generator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { isClosed } from '../../src/domain/blocker-status.ts';
import { isCounted, isPrivateCall } from '../../src/domain/counted.ts';
import type { UnitRecord } from '../../src/domain/records.ts';
import { SOURCES } from '../../src/domain/types.ts';
import { resolvedWithin } from '../../src/domain/vocabulary.ts';
import { blockerEvent, calendarOptions, deadlinesCalendar, roadmapEvent } from '../../src/http/calendar.ts';
import { blockersCsv, csvOptions, csvRecords } from '../../src/http/export-csv.ts';
import { readQuery } from '../../src/http/web-query.ts';
import type { PublicBlocker, PublicFilter } from '../../src/services/public-view.ts';
import { privateCall } from '../../src/store/blockers-repo.ts';
import type { Db } from '../../src/store/db.ts';
import { toBlocker } from '../../src/store/rows.ts';
import { blockers } from '../../src/store/schema.ts';
import { databaseFor } from '../support/app.ts';
import { DAY, expected, generatedApp, NOW, rowsOf, TZ } from './generated.ts';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`the public read side in SQL on ${kind}`, () => {
    let app: App;
    let db: Db;
    let units: UnitRecord[];
    let all: ReturnType<typeof toBlocker>[];
    let drop = async () => {};
    const view = () => app.services.publicView;
    const unit = (code: string) => units.find((u) => u.code === code) ?? null;

    beforeAll(async () => {
      const { env, drop: dropDb } = await databaseFor(kind, 'steerbot_public');
      drop = dropDb;
      ({ app, db, units } = await generatedApp(env, 140));
      // Every row, void ones too, as the application reads them.
      all = (await db.select().from(blockers).orderBy(blockers.id)).map(toBlocker);
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await drop();
    });

    it('privateCall (SQL) and isPrivateCall (JavaScript) pick the same records', async () => {
      const r = await db.execute(sql`select id from ${blockers} where ${privateCall} order by id`);
      const inSql = rowsOf<{ id: number }>(r).map((x) => Number(x.id));
      const inJs = all.filter(isPrivateCall).map((b) => b.id);
      expect(inJs.length).toBeGreaterThan(5);
      expect(inSql).toEqual(inJs);
    });

    it('batches of 7 list what the old filter and sort listed, for every filter', async () => {
      const filters: PublicFilter[] = [
        {},
        { statuses: ['new', 'open', 'in_progress'] },
        { unit: unit('HCM') },
        { block: 'party' },
        { block: 'government', statuses: ['resolved'] },
        { statuses: ['new', 'open', 'in_progress'], dated: true },
      ];
      for (const filter of filters) {
        const ids = (await collect(view().batches(filter, 7))).flat().map((b) => b.id);
        const want = expected(all, units, filter);
        expect(ids, JSON.stringify(filter)).toEqual(want);
        const page = await view().page(filter, { limit: 1000, offset: 0 });
        expect(page.rows.map((b) => b.id)).toEqual(want);
        expect(page.total).toBe(want.length);
      }
    });

    it('a page is the slice of that list, a page past the end is the last one', async () => {
      const filter: PublicFilter = { statuses: ['new', 'open', 'in_progress'] };
      const want = expected(all, units, filter);
      const second = await view().page(filter, { limit: 20, offset: 20 });
      expect(second.rows.map((b) => b.id)).toEqual(want.slice(20, 40));
      const past = await view().page(filter, { limit: 20, offset: 10_000 });
      const lastOffset = Math.floor((want.length - 1) / 20) * 20;
      expect(past.offset).toBe(lastOffset);
      expect(past.rows.map((b) => b.id)).toEqual(want.slice(lastOffset));
      expect(await view().page({ block: 'national_assembly' }, { limit: 20, offset: 40 })).toEqual({
        rows: [],
        total: 0,
        offset: 0,
      });
    });

    it('counts untriaged calls and a unit’s resolved blockers by source as the records say', async () => {
      const hcm = unit('HCM');
      const mine = (b: (typeof all)[number]) => b.ownerUnitId === hcm?.id || b.reportingUnitId === hcm?.id;
      expect(await view().untriagedCalls({ unit: hcm })).toBe(
        all.filter((b) => isCounted(b) && mine(b) && b.source === 'hotline' && b.status === 'new').length,
      );
      const span = { from: new Date(NOW.getTime() - 30 * DAY), to: NOW };
      const bySource = await view().resolvedBySource({ unit: hcm }, span);
      for (const source of SOURCES)
        expect(bySource[source], source).toBe(
          all.filter(
            (b) =>
              isCounted(b) && !isPrivateCall(b) && mine(b) && b.source === source && resolvedWithin(b, span),
          ).length,
        );
      const recent = await view().page({ resolvedIn: span }, { limit: 5, offset: 0, order: 'resolved' });
      const resolved = all.filter((b) => isCounted(b) && !isPrivateCall(b) && resolvedWithin(b, span));
      expect(recent.total).toBe(resolved.length);
      const times = recent.rows.map((b) => b.resolvedAt?.getTime() ?? 0);
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('the CSV in batches of 7 is byte for byte one stringify of every row; no private call, no void one', async () => {
      const q = readQuery({}, { allowed: ['lang'], strict: false, units, defaultLang: 'en' });
      const streamed = (await collect(blockersCsv(view(), q, TZ, null, 7))).join('');
      const every: PublicBlocker[] = (await collect(view().batches({}, 100_000))).flat();
      expect(every.length).toBeGreaterThan(7 * 3);
      const whole = stringify(csvRecords(every, TZ), { ...csvOptions(null), bom: true, header: true });
      expect(streamed).toBe(whole);
      const ids = streamed
        .split('\r\n')
        .slice(1, -1)
        .map((l) => Number(l.split(',')[0]?.slice(2)));
      expect(ids).toEqual(expected(all, units, {}));
      expect(streamed).not.toContain('0912 345 678');
      expect(streamed).not.toMatch(/Caller \d/);
      // Nothing matches: the header alone, with the byte-order mark.
      const none = readQuery(
        { block: 'national_assembly' },
        { allowed: ['block'], strict: false, units, defaultLang: 'en' },
      );
      expect((await collect(blockersCsv(view(), none, TZ, null, 7))).join('')).toBe(
        stringify([], { ...csvOptions(null), bom: true, header: true }),
      );
    });

    it('the calendar in batches of 7 is exactly toString() of one calendar with every event', async () => {
      const q = readQuery({ lang: 'vi' }, { allowed: ['lang'], strict: false, units, defaultLang: 'en' });
      const streamed = (
        await collect(deadlinesCalendar({ services: app.services, view: view() }, q, NOW, 7))
      ).join('');
      const filter: PublicFilter = { statuses: ['new', 'open', 'in_progress'], dated: true };
      const cal = ical(calendarOptions(q));
      for (const b of (await collect(view().batches(filter, 100_000))).flat())
        if (b.deadline) cal.createEvent(blockerEvent(q.t, { ...b, deadline: b.deadline }, NOW));
      for (const v of await view().roadmap())
        if (v.status !== 'done') cal.createEvent(roadmapEvent(q.t, v, NOW));
      expect(streamed).toBe(cal.toString());
      const uids = [...streamed.matchAll(/^UID:B-(\d+)@steerbot\r$/gm)].map((m) => Number(m[1]));
      expect(uids).toEqual(expected(all, units, filter));
      expect(uids.length).toBeGreaterThan(7 * 2);
      expect(all.filter((b) => uids.includes(b.id)).some((b) => isClosed(b.status) || !isCounted(b))).toBe(
        false,
      );
    });
  });
}
