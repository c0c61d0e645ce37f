/**
 * npm run backup / npm run restore as an operator runs them: a pilot's embedded database on a
 * laptop (DATA_DIR) moved to a PostgreSQL server (DATABASE_URL).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { schemaTables } from '../../src/store/backup-repo.ts';
import { freshPgDatabase, TestClock, testApp } from '../support/app.ts';
import { dump, exportCsv } from './compare.ts';
import { buildDataset } from './dataset.ts';
import { cleanEnv, ROOT, scriptWords, start } from './support.ts';

/** `npm run <script> -- ...args` (through tsx, as package.json runs it) to its end. */
async function npmRun(script: string, args: string[], env: Record<string, string>) {
  const [tsx, entry] = scriptWords(script);
  expect(tsx).toBe('tsx');
  const p = start(process.execPath, ['--import', 'tsx', entry as string, ...args], {
    cwd: ROOT,
    env: cleanEnv(env),
  });
  p.child.stdin?.end();
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('npm run backup on DATA_DIR, npm run restore on DATABASE_URL (a pilot moving to a server)', () => {
  const clock = new TestClock(new Date('2026-11-10T01:00:00Z'));
  let dir: string;
  let dataDir: string;
  let file: string;
  let server: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'steerbot-backup-cli-'));
    dataDir = join(dir, 'data');
    file = join(dir, 'steerbot-2026-11-18.jsonl.gz');
    server = await freshPgDatabase('steerbot_restore');
    const laptop = await testApp({ clock, env: { DATA_DIR: dataDir } });
    try {
      await buildDataset(laptop, clock);
    } finally {
      await laptop.close();
    }
  }, 120_000);
  afterAll(async () => {
    await server?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a running bot holds DATA_DIR: npm run backup says so in one line, exit 1', async () => {
    const running = await testApp({ clock, env: { DATA_DIR: dataDir } });
    try {
      const r = await npmRun('backup', [file], { DATA_DIR: dataDir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^backup: the embedded database in ${literal(dataDir)} is in use by process ${process.pid}; stop it, or set DATABASE_URL to a PostgreSQL server to run several processes\\n$`,
        ),
      );
    } finally {
      await running.close();
    }
  }, 60_000);

  it('backs up, restores into the empty server, and npm run verify-history passes there', async () => {
    const tables = schemaTables().length;
    const backup = await npmRun('backup', [file], { DATA_DIR: dataDir });
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(
      new RegExp(
        `^Backed up the embedded database in ${literal(dataDir)} to ${literal(file)}: \\d+ rows in ${tables} tables \\(`,
      ),
    );
    const restore = await npmRun('restore', [file], { DATABASE_URL: server.url });
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(restore.stdout).toMatch(
      new RegExp(
        `^Restored .* into the PostgreSQL database in DATABASE_URL \\(postgres://.*\\): \\d+ rows in ${tables} tables \\(`,
      ),
    );
    expect(restore.stdout).toMatch(/\nHistory intact: \d+ rows, every link checks\.\n$/);
    const verify = await npmRun('verify-history', [], { DATABASE_URL: server.url });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^History intact: \d+ rows, every link checks\.\n$/);
  }, 120_000);

  it('the server holds what the laptop held: every row, and the same CSV export byte for byte', async () => {
    let laptop: App | undefined;
    let moved: App | undefined;
    try {
      laptop = await testApp({ clock, env: { DATA_DIR: dataDir } });
      moved = await testApp({ clock, env: { DATABASE_URL: server.url } });
      expect(await dump(moved)).toEqual(await dump(laptop));
      expect((await exportCsv(moved)).equals(await exportCsv(laptop))).toBe(true);
    } finally {
      await laptop?.close();
      await moved?.close();
    }
  }, 60_000);

  it('npm run restore again: the server holds records, one line, exit 1', async () => {
    const again = await npmRun('restore', [file], { DATABASE_URL: server.url });
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(
      /^restore: the PostgreSQL database in DATABASE_URL \(postgres:\/\/[^)]*\) already holds records \([^)]*\); restore loads into an empty database only\n$/,
    );
  }, 60_000);

  it('npm run restore of something that is not a backup: one line, exit 1', async () => {
    const empty = await freshPgDatabase('steerbot_restore');
    try {
      const r = await npmRun('restore', [join(ROOT, 'package.json')], { DATABASE_URL: empty.url });
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toBe(
        `restore: ${join(ROOT, 'package.json')}: not a whole gzip'd steerbot backup (incorrect header check)\n`,
      );
    } finally {
      await empty.drop();
    }
  }, 60_000);
});
