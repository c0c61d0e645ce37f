import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgDatabase } from '../support/app.ts';
import { cleanEnv, filesUnder, listeningPort, ROOT, run, scriptWords, start } from './support.ts';

/** A Redis nobody listens on: the bot warns and runs without the queue. */
const NO_REDIS = 'redis://127.0.0.1:1';

/** `npm run <name>` as it would run in a directory where `dist/` is `out`: [command, ...args]. */
function builtCommand(name: string, out: string): [string, string[]] {
  const [command, script, ...rest] = scriptWords(name);
  expect(command).toBe('node');
  expect(script).toMatch(/^dist\//);
  return [process.execPath, [join(out, (script as string).slice('dist/'.length)), ...rest]];
}

describe('npm run build: the compiled bot runs on plain node', () => {
  let work: string;
  let out: string;
  let buildSeconds = 0;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'steerbot-build-'));
    out = join(work, 'dist');
    const t = Date.now();
    await run(process.execPath, ['scripts/build.mjs', out], { cwd: ROOT });
    buildSeconds = (Date.now() - t) / 1000;
    console.log(`build: ${buildSeconds.toFixed(1)} s`);
    // As in the project (or the image), the packages are found above dist/.
    await symlink(join(ROOT, 'node_modules'), join(work, 'node_modules'));
  }, 300_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('emits src/, commands/ and jobs/ (no tests, no bench), every relative import rewritten to an existing .js', () => {
    const files = filesUnder(out);
    const top = new Set(files.map((f) => f.split('/')[0]));
    expect([...top].sort()).toEqual(['commands', 'drizzle', 'jobs', 'package.json', 'seed', 'src']);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(files).toContain('src/main.js');
    expect(files).toContain('src/worker.js');
    const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
    const broken: string[] = [];
    for (const f of files.filter((x) => x.endsWith('.js'))) {
      for (const m of readFileSync(join(out, f), 'utf8').matchAll(specifier)) {
        const target = resolve(dirname(join(out, f)), m[1] as string);
        if (!target.endsWith('.js') || !existsSync(target)) broken.push(`${f}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
    // The dynamic imports (the monthly report, the queue dashboard) are among those rewritten.
    expect(readFileSync(join(out, 'src/main.js'), 'utf8')).toContain("import('./queue/dashboard.js')");
  });

  it('copies the migrations and the unit directory to where the compiled code reads them', () => {
    for (const f of filesUnder(join(ROOT, 'drizzle')))
      expect(existsSync(join(out, 'drizzle', f)), f).toBe(true);
    expect(readFileSync(join(out, 'seed/units.json'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'seed/units.json'), 'utf8'),
    );
  });

  it('npm run serve answers piped commands on the embedded database: one warning for Redis, exit 0', async () => {
    const [node, args] = builtCommand('serve', out);
    const p = start(node, args, {
      cwd: work,
      env: cleanEnv({ DATA_DIR: join(work, 'data'), REDIS_URL: NO_REDIS, USER: 'lan' }),
    });
    p.child.stdin?.end(
      '/blocker add Payment gateway contract unsigned owner:MOF due:20/12/2099\n/blocker list\n',
    );
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toMatch(/^Logged B-1: Payment gateway contract unsigned\n/);
    expect(p.stdout()).toMatch(/Blockers: open \(1\)\n• B-1 {2}Payment gateway contract unsigned\n/);
    const warnings = p
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('steerbot: '));
    expect(warnings).toEqual([
      `steerbot: warning: Redis at ${NO_REDIS} is not reachable; reminders and scheduled summaries are off.`,
    ]);
  }, 120_000);

  it('the compiled backup and restore (as a container runs them) move that database to a new DATA_DIR', async () => {
    const file = join(work, 'backup.jsonl.gz');
    const runBuilt = async (script: string, dataDir: string) => {
      const p = start(process.execPath, [join(out, 'src', script), file], {
        cwd: work,
        env: cleanEnv({ DATA_DIR: join(work, dataDir) }),
      });
      p.child.stdin?.end();
      return { code: await p.exited, stdout: p.stdout(), stderr: p.stderr() };
    };
    const backup = await runBuilt('backup.js', 'data');
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(
      /^Backed up the embedded database in .*: \d+ rows in \d+ tables \(.*\b1 blockers\b/,
    );
    const restore = await runBuilt('restore.js', 'moved');
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(restore.stdout).toMatch(/\nHistory intact: \d+ rows, every link checks\.\n$/);
  }, 120_000);

  it('npm run serve with PORT on DATABASE_URL answers GET /healthz 200; SIGTERM stops it with exit 0', async () => {
    const db = await freshPgDatabase();
    try {
      const [node, args] = builtCommand('serve', out);
      // stdin stays open: with no platform token the console runs beside the HTTP server until SIGTERM.
      const p = start(node, args, {
        cwd: work,
        env: cleanEnv({ DATABASE_URL: db.url, PORT: '0', REDIS_URL: NO_REDIS }),
      });
      const port = await listeningPort(p);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, database: 'postgres' });
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    } finally {
      await db.drop();
    }
  }, 120_000);

  it('npm run serve:worker runs the compiled worker (here it refuses the embedded database with its one line)', async () => {
    const [node, args] = builtCommand('serve:worker', out);
    const p = start(node, args, {
      cwd: work,
      env: cleanEnv({ DATA_DIR: join(work, 'data'), REDIS_URL: NO_REDIS }),
    });
    p.child.stdin?.end();
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toMatch(
      /^steerbot worker: the embedded database in .* set DATABASE_URL to a PostgreSQL server/,
    );
    expect(p.stderr().trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
