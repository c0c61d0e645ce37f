/**
 * The CSV export and the calendar are read in one snapshot (REPEATABLE READ, read only): a change
 * committed while a long export is half read does not move or change a row of it. The export is
 * paused by not taking its next piece; the change is a chat command (on PostgreSQL another
 * connection of the pool). On PGlite, whose one connection a transaction would hold for
 * everybody, the command must go through while the export is paused: nothing waits on a slow
 * reader.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { UnitRecord } from '../../src/domain/records.ts';
import { deadlinesCalendar } from '../../src/http/calendar.ts';
import { blockersCsv } from '../../src/http/export-csv.ts';
import { readQuery } from '../../src/http/web-query.ts';
import { renderText } from '../../src/render/text.ts';
import type { Db } from '../../src/store/db.ts';
import { OPEN_SNAPSHOTS } from '../../src/store/snapshot.ts';
import { databaseFor } from '../support/app.ts';
import { generatedApp, NOW, TZ } from './generated.ts';

async function rest(it: AsyncIterator<string>, first: string): Promise<string> {
  let out = first;
  for (let r = await it.next(); !r.done; r = await it.next()) out += r.value;
  return out;
}

/** The CSV's data lines, keyed by ref (`B-12`). */
const csvRows = (csv: string) => new Map(csv.split('\r\n').map((l) => [l.split(',')[0] ?? '', l]));

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`exports in one snapshot on ${kind}`, () => {
    let app: App;
    let units: UnitRecord[];
    let drop = async () => {};
    const who = { platform: 'console' as const, id: 'ana', name: 'Ana' };
    const chat = { platform: 'console' as const, id: 'console' };
    const run = async (text: string) => {
      const out = renderText((await app.dispatcher.handle({ text, who, chat, asAdmin: true })).reply);
      if (/^Error/.test(out)) throw new Error(`${text} -> ${out}`);
      return out;
    };
    const query = (params: Record<string, string> = {}) =>
      readQuery(params, { allowed: ['lang'], strict: false, units, defaultLang: 'en' });
    const csv = () => blockersCsv(app.services.publicView, query(), TZ, null, 7);

    beforeAll(async () => {
      const { env, drop: dropDb } = await databaseFor(kind, 'steerbot_snapshot');
      drop = dropDb;
      let db: Db;
      ({ app, db, units } = await generatedApp(env, 60));
      // The generated rows were inserted with their ids: new blockers are numbered after them.
      await db.execute(sql`update counters set value = 60 where name = 'blocker'`);
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await drop();
    });

    it('a change committed while the CSV is half read does not reach it', async () => {
      let before = '';
      for await (const piece of csv()) before += piece;
      const lines = before.split('\r\n').filter((l) => /^B-\d+,/.test(l));
      expect(lines.length).toBeGreaterThan(7 * 3);
      // The last open blocker of the export: read in a late batch, long after the first.
      const open = lines.filter((l) => ['new', 'open', 'in_progress'].includes(l.split(',')[2] ?? ''));
      const ref = (open[open.length - 1] ?? '').split(',')[0] ?? '';
      expect(lines.indexOf(open[open.length - 1] ?? '')).toBeGreaterThan(7);

      const paused = csv()[Symbol.asyncIterator]();
      const first = await paused.next();
      expect(first.done).toBe(false);
      await run(`/blocker edit ${ref} title:"Renamed during the export"`);
      await run(`/blocker resolve ${ref} done meanwhile`);
      const during = await rest(paused, first.value as string);

      expect(during).toBe(before);
      let after = '';
      for await (const piece of csv()) after += piece;
      const row = csvRows(after).get(ref) ?? '';
      expect(row).toContain('Renamed during the export');
      expect(row).toContain(',resolved,');
      expect(csvRows(during).get(ref)).not.toContain('Renamed during the export');
    });

    it('a blocker added while the calendar is half read is not in it; the next one has it', async () => {
      const cal = () =>
        deadlinesCalendar({ services: app.services, view: app.services.publicView }, query(), NOW, 7);
      let before = '';
      for await (const piece of cal()) before += piece;
      const paused = cal()[Symbol.asyncIterator]();
      const first = await paused.next();
      const added = await run('/blocker add Added during the calendar owner:MOF due:2026-03-20');
      const ref = /B-\d+/.exec(added)?.[0] ?? added;
      expect(ref).toBe('B-61');
      const during = await rest(paused, first.value as string);
      expect(during).toBe(before);
      let after = '';
      for await (const piece of cal()) after += piece;
      expect(after).toContain(`UID:${ref}@steerbot`);
    });

    it(`at most ${OPEN_SNAPSHOTS} exports hold a snapshot at once; chat is not held up by more`, async () => {
      const held = Array.from({ length: OPEN_SNAPSHOTS }, () => csv()[Symbol.asyncIterator]());
      const firsts = await Promise.all(held.map((it) => it.next()));
      const waiting = csv()[Symbol.asyncIterator]();
      let begun = false;
      const next = waiting.next().then((r) => {
        begun = true;
        return r;
      });
      expect(await run('/blocker show B-2')).toContain('B-2');
      expect(begun).toBe(false);
      const whole = await rest(held[0] as AsyncIterator<string>, firsts[0]?.value as string);
      const first = await next;
      expect(await rest(waiting, first.value as string)).toBe(whole);
      for (const it of held.slice(1)) await it.return?.(undefined);
    });

    it('an export left half way ends its snapshot: the next command is not held up', async () => {
      const paused = csv()[Symbol.asyncIterator]();
      await paused.next();
      await paused.return?.(undefined);
      expect(await run('/blocker show B-1')).toContain('B-1');
    });
  });
}
