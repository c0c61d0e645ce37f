import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import {
  BackupError,
  type BackupHeader,
  BackupService,
  LEFT_OUT,
  RestoreRefused,
} from '../../src/services/backup.ts';
import { backupFileLines, restoreBackupFile, writeBackupFile } from '../../src/services/backup-file.ts';
import { backupRepo, schemaTables } from '../../src/store/backup-repo.ts';
import { TestClock } from '../support/app.ts';
import { dump, exportCsv, type Kind, openApp, reconciledReminders } from './compare.ts';
import { afterwards, buildDataset } from './dataset.ts';

const service = (app: App, clock: TestClock) => new BackupService({ database: app.database, clock });

/** A copy of a backup with its last line left off (a file cut short by a full disk, say). */
async function cutShort(file: string, to: string): Promise<void> {
  const lines: string[] = [];
  for await (const l of backupFileLines(file)) lines.push(l);
  await pipeline(
    async function* () {
      yield `${lines.slice(0, -1).join('\n')}\n`;
    },
    createGzip(),
    createWriteStream(to),
  );
}

/** The dump with the outbox rows' relay times (next_at, claimed_until, done_at) left out. */
function relayTimeless(d: Record<string, string[]>): Record<string, string[]> {
  const strip = (j: string) => {
    const { next_at: _n, claimed_until: _c, done_at: _d, ...rest } = JSON.parse(j) as Record<string, unknown>;
    return JSON.stringify(rest);
  };
  return { ...d, outbox: (d.outbox ?? []).map(strip) };
}

const SCENARIOS: Array<[Kind, Kind]> = [
  ['pglite', 'pglite'],
  ['postgres', 'postgres'],
  ['pglite', 'postgres'],
];

describe.each(SCENARIOS)('a backup of %s restored into an empty %s', (from, to) => {
  const clock = new TestClock(new Date('2026-11-10T01:00:00Z'));
  let source: Awaited<ReturnType<typeof openApp>>;
  let target: Awaited<ReturnType<typeof openApp>>;
  let dir: string;
  let file: string;
  let header: BackupHeader;

  beforeAll(async () => {
    [source, target] = await Promise.all([openApp(from, clock), openApp(to, clock)]);
    await buildDataset(source.app, clock);
    // steerbot's own times come from its clock (milliseconds): one with microseconds, to see them kept.
    if (from === 'postgres')
      await source.app.database.db.execute(
        sql`update outbox set next_at = next_at + interval '123456 microseconds' where id = 1`,
      );
    dir = await mkdtemp(join(tmpdir(), 'steerbot-backup-'));
    file = join(dir, 'steerbot.jsonl.gz');
    header = await writeBackupFile(service(source.app, clock), file);
  }, 120_000);
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('holds every table of the schema, with the counts of the source, each table with rows', async () => {
    const before = await dump(source.app);
    expect(Object.keys(header.tables).sort()).toEqual(
      schemaTables()
        .map((t) => t.name)
        .sort(),
    );
    for (const [t, rows] of Object.entries(before)) {
      expect(header.tables[t], t).toBe(rows.length);
      expect(rows.length, `the data set has no row in ${t}`).toBeGreaterThan(0);
    }
    expect(header).toMatchObject({ format: 'steerbot-backup', version: 1, source: from });
  });

  it('refuses a file cut short, changing nothing, then restores the whole one: every row as it was', async () => {
    const cut = join(dir, 'cut.jsonl.gz');
    await cutShort(file, cut);
    const err = await restoreBackupFile(service(target.app, clock), cut).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as Error).message).toMatch(/^the backup is incomplete: \d+ of the \d+ rows of \w+$/);
    expect(await backupRepo.records(target.app.database.db, schemaTables())).toEqual({});

    const r = await restoreBackupFile(service(target.app, clock), file);
    expect(r.restored).toEqual(Object.fromEntries(Object.entries(header.tables).filter(([, n]) => n > 0)));
    expect(r.history).toMatchObject({ ok: true, rows: header.tables.history });
    const [a, b] = [await dump(source.app), await dump(target.app)];
    expect(b).toEqual(a);
    // Timestamps kept to the microsecond (the outbox row given microseconds above; PGlite's has milliseconds).
    if (from === 'postgres') expect((a.outbox ?? []).join('\n')).toMatch(/T\d\d:\d\d:\d\d\.\d{6}/);
  });

  it('exports the same CSV, byte for byte, and the queue derives the same reminders from it', async () => {
    expect((await exportCsv(target.app)).equals(await exportCsv(source.app))).toBe(true);
    const [a, b] = [await reconciledReminders(source.app), await reconciledReminders(target.app)];
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it('refuses a database that holds records with one line, and changes nothing', async () => {
    const before = await dump(target.app);
    const err = await restoreBackupFile(service(target.app, clock), file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestoreRefused);
    expect((err as Error).message).toMatch(
      /^already holds records \((\d+ \w+, )*\d+ \w+\); restore loads into an empty database only$/,
    );
    expect((err as Error).message).toContain(`${header.tables.blockers} blockers`);
    expect(await dump(target.app)).toEqual(before);
  });

  it('goes on where the source would: ids, counters and sequences continue alike', async () => {
    const [a, b] = [await afterwards(source.app, clock), await afterwards(target.app, clock)];
    expect(a.filter((r) => r.startsWith('Error'))).toEqual([]);
    expect(b).toEqual(a);
    // The same rows, but for when the outbox relayed them (the relay's own time, not the test clock).
    expect(relayTimeless(await dump(target.app))).toEqual(relayTimeless(await dump(source.app)));
  });
});

describe('what a backup holds', () => {
  it('every table in the database is declared in the schema, and each is backed up or left out with a reason', async () => {
    const clock = new TestClock(new Date('2026-11-10T01:00:00Z'));
    const { app, drop } = await openApp('pglite', clock);
    try {
      const inDatabase = await backupRepo.databaseTables(app.database.db);
      const declared = schemaTables().map((t) => t.name);
      expect(declared.sort()).toEqual(inDatabase);
      const backedUp = service(app, clock)
        .tables()
        .map((t) => t.name);
      expect([...backedUp, ...Object.keys(LEFT_OUT)].sort()).toEqual(inDatabase);
      for (const [t, why] of Object.entries(LEFT_OUT)) expect(why.length, t).toBeGreaterThan(10);
    } finally {
      await drop();
    }
  });
});
