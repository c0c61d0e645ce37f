import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { CSV_COLUMNS, neutralise } from '../../src/http/export-csv.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { renderText } from '../../src/render/text.ts';
import { ImportRejected } from '../../src/services/import.ts';
import { unneutralise } from '../../src/services/import-rows.ts';
import { historyOf } from '../../src/store/history.ts';
import { TestClock, testApp } from '../support/app.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const admin = { platform: 'console' as const, id: 'root', name: 'root' };
const chat = { platform: 'console' as const, id: 'console' };
const UNITS = [
  '/unit add MOF "Ministry of Finance" vi:"Bộ Tài chính" block:government kind:ministry',
  '/unit add HUE "Hue City" block:government kind:locality',
  '/unit add VNPT "VNPT Group" block:government kind:enterprise',
];

interface Side {
  app: App;
  http: HttpServer;
  base: string;
  say(text: string): Promise<string>;
}

async function side(clock: TestClock): Promise<Side> {
  const app = await testApp({ clock });
  const http = createHttpServer(app);
  const port = await http.listen(0, '127.0.0.1');
  const say = async (text: string) =>
    renderText((await app.dispatcher.handle({ text, who: admin, chat, asAdmin: true })).reply);
  for (const line of UNITS) await say(line);
  return { app, http, base: `http://127.0.0.1:${port}`, say };
}

const exportCsv = async (s: Side) =>
  new Uint8Array(await (await fetch(`${s.base}/export/blockers.csv`)).arrayBuffer());
const rootActor = (s: Side) => s.app.services.identity.resolve(admin, { asAdmin: true });
const count = async (app: App, table: string) => {
  const res = (await app.database.db.execute(
    sql.raw(`select count(*)::int as n from ${table}`),
  )) as unknown as {
    rows: { n: number }[];
  };
  return res.rows[0]?.n ?? 0;
};

describe('npm run import: the export, imported into an empty database, exports the same file', () => {
  const clock = new TestClock(new Date('2026-03-04T03:00:00Z'));
  let a: Side;
  let b: Side;
  beforeAll(async () => {
    a = await side(clock);
    b = await side(clock);
  });
  afterAll(async () => {
    for (const s of [a, b]) {
      await s.http.close();
      await s.app.close();
    }
  });

  it('round trip byte for byte: past deadlines kept (overdue), resolution dates, ids and counters', async () => {
    for (const line of [
      '/blocker add Payment gateway, "phase 2" unsigned owner:MOF due:+1d prio:critical cat:finance_disbursement from:VNPT',
      '/blocker add =SUM(A1) Đề án “06” chưa triển khai owner:HUE due:+10d',
      '/blocker add Fibre backbone delayed owner:HUE to:@root due:"2026-03-20 09:30"',
      '/hotline HUE: cổng thanh toán học phí không hoạt động phone:0234 3822 123',
      '/blocker resolve B-1 signed',
      '/blocker add Old licence backlog owner:MOF due:+2d',
      '/blocker due B-5 +5d',
    ])
      expect(await a.say(line), line).not.toMatch(/^Error/);
    clock.set('2026-03-12T03:00:00Z'); // B-5 (due 09/03 after a slip) is overdue now
    const first = await exportCsv(a);
    const text = new TextDecoder().decode(first);
    expect(text).toContain('B-5');
    expect(text).toMatch(/B-5,Old licence backlog,open,yes,/);

    // The export is public: the untriaged hotline call (B-4) is counted on the page, never listed.
    expect(text).not.toMatch(/^B-4,/m);
    const done = await b.app.services.importer.blockers(await rootActor(b), text);
    expect(done.imported).toBe(4);
    const second = await exportCsv(b);
    expect(new TextDecoder().decode(second)).toBe(text);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);

    expect(await b.say('/blocker show B-5')).toMatch(/Deadline: overdue since 09\/03\/2026/);
    expect(await b.say('/blocker list resolved')).toContain('B-1');
    // The counter moved past the imported ids.
    expect(await b.say('/blocker add A new one owner:MOF')).toMatch(/^Logged B-6: A new one/);
    const [h] = await historyOf(b.app.database.db, 'blocker', 'B-2');
    expect(h).toMatchObject({ action: 'import', platform: 'import', actorName: 'root' });
    // The export's formula guard (a leading ') is undone: the title is what was typed.
    const typed = (await a.app.services.queries.get(await rootActor(a), 2)).title;
    expect(typed).toMatch(/^=SUM\(A1\) Đề án/);
    expect(h?.changes).toMatchObject({ title: typed, owner: 'HUE' });
  });

  it('the import reads the export’s columns and undoes exactly its formula guard', () => {
    for (const title of ['=SUM(A1)', "'=x", "''+1", "'quoted'", '-5 days', '@lan', 'plain', "l'eau"])
      expect(unneutralise(neutralise(title)), title).toBe(title);
    expect(neutralise("'=x")).toBe("''=x");
  });

  it('bad rows are reported by line and nothing is imported', async () => {
    const c = await side(clock);
    try {
      const header = CSV_COLUMNS.join(',');
      const ok =
        'B-1,Good row,open,no,normal,other,agency,MOF,,,2026-12-31T17:00:00+07:00,2026-12-31T17:00:00+07:00,0,0,2026-01-05T09:00:00+07:00,';
      const csv = [
        header,
        ok,
        'B-2,Unknown owner,open,no,normal,other,agency,XYZ,,,,,0,0,2026-01-05T09:00:00+07:00,',
        'B-3,"A title\non two lines",closed,no,normal,other,agency,MOF,,,,,0,0,2026-01-05T09:00:00+07:00,',
        'B-1,Again,open,no,normal,other,agency,MOF,,,31/12/2026,,0,0,2026-01-05T09:00:00+07:00,',
      ].join('\r\n');
      const before = await count(c.app, 'history');
      const err = await c.app.services.importer.blockers(await rootActor(c), csv).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportRejected);
      const t = (await import('../../src/i18n/index.ts')).translator('en');
      expect((err as ImportRejected).problems.map((p) => `line ${p.line}: ${t(p.code, p.params)}`)).toEqual([
        'line 3: unknown unit XYZ',
        'line 4: "closed" is not a valid status; choose one of: new, open, in_progress, resolved, dropped.',
        'line 6: B-1 appears twice in the file.',
        'line 6: deadline "31/12/2026" is not a date like 2026-12-31T17:00:00+07:00.',
      ]);
      expect(await count(c.app, 'blockers')).toBe(0);
      expect(await count(c.app, 'history')).toBe(before);
      expect(await c.say('/blocker add Fresh owner:MOF')).toMatch(/^Logged B-1:/);
    } finally {
      await c.http.close();
      await c.app.close();
    }
  });

  it('npm run import: one line per bad row, exit 1; a good file imports with the given name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'steerbot-import-'));
    try {
      const header = CSV_COLUMNS.join(',');
      const bad = join(dir, 'bad.csv');
      await writeFile(
        bad,
        `${header}\nB-1,Row,open,no,normal,other,agency,XYZ,,,,,0,0,2026-01-05T09:00:00+07:00,\n`,
      );
      const env = {
        ...process.env,
        DATA_DIR: join(dir, 'data'),
        DATABASE_URL: '',
        USER: 'lan',
        BOT_LOCALE: 'en',
      };
      const failed = await run('npx', ['tsx', 'src/import.ts', bad], { cwd: root, env }).catch(
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      expect('code' in failed ? failed.code : 0).toBe(1);
      expect(failed.stderr).toBe(
        `${bad}: line 2: unknown unit XYZ\nNothing was imported: 1 problem(s) in ${bad}.\n`,
      );
      const good = join(dir, 'good.csv');
      await writeFile(
        good,
        `\uFEFF${header}\r\nB-40,Backlog item,open,no,high,other,agency,,,,,,0,0,2025-11-05T09:00:00+07:00,\r\n`,
      );
      const ok = await run('npx', ['tsx', 'src/import.ts', good, '--as', 'Secretariat'], { cwd: root, env });
      expect(ok.stdout).toMatch(/^Imported 1 blockers from /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
