/**
 * The container files, checked as far as a machine without a container engine can: compose.yaml
 * parsed and read against src/config.ts, the Dockerfile read, and its build steps run in a temp
 * copy of the repository, the result started and asked its HEALTHCHECK.
 */
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../src/config.ts';
import { freshPgDatabase } from '../support/app.ts';
import { dockerignore, execForm, last, parseDockerfile, type RunResult, runStages } from './dockerfile.ts';
import { cleanEnv, listeningPort, ROOT, run, scriptWords, start } from './support.ts';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  volumes?: string[];
  deploy?: { replicas?: number };
}
const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const final = stages.at(-1) as (typeof stages)[number];

/** Variables steerbot knows that compose.yaml leaves unset, and why. */
const NOT_IN_COMPOSE: Record<string, string> = {
  DATA_DIR: 'the embedded database: one process only, not this deployment',
  SLACK_API_URL: 'tests point it at a local fake',
  TELEGRAM_API_ROOT: 'tests point it at a local fake',
  ZALO_API_ROOT: 'tests point it at a local fake',
  CONSOLE: 'a server has no terminal',
  USER: "the console's admin",
};

describe('compose.yaml', () => {
  const { services } = compose;

  it('has PostgreSQL 16, Redis 7 with AOF and noeviction, the bot and two workers', () => {
    expect(Object.keys(services).sort()).toEqual(['bot', 'postgres', 'redis', 'worker']);
    expect(services.postgres?.image).toBe('postgres:16');
    expect(services.redis?.image).toBe('redis:7');
    const redis = (services.redis?.command ?? []).join(' ');
    expect(redis).toMatch(/--appendonly yes\b/);
    expect(redis).toMatch(/--maxmemory-policy noeviction\b/);
    expect(services.bot?.build).toBe('.');
    expect(services.bot?.environment).toMatchObject({ WORKERS: '0', PORT: '3000' });
    expect(services.bot?.healthcheck?.test?.join(' ')).toContain('/healthz');
    expect(services.worker?.image).toBe(services.bot?.image);
    expect(services.worker?.command).toEqual(scriptWords('serve:worker'));
    expect(services.worker?.deploy?.replicas).toBe(2);
  });

  it('keeps the data in named volumes and starts each service after what it needs is healthy', () => {
    const used = Object.values(services).flatMap((s) => (s.volumes ?? []).map((v) => v.split(':')[0]));
    expect(Object.keys(compose.volumes).sort()).toEqual(['backups', 'pgdata', 'redisdata']);
    expect(used.sort()).toEqual(['backups', 'pgdata', 'redisdata']);
    expect(services.bot?.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(services.worker?.depends_on?.bot).toEqual({ condition: 'service_healthy' });
    for (const name of ['postgres', 'redis']) expect(services[name]?.healthcheck?.test).toBeDefined();
  });

  it('sets only variables src/config.ts knows, and every one it knows unless there is a reason not to', () => {
    const set = new Set<string>();
    for (const name of ['bot', 'worker'])
      for (const key of Object.keys(services[name]?.environment ?? {})) set.add(key);
    expect([...set].filter((k) => !CONFIG_VARIABLES.includes(k))).toEqual([]);
    expect(CONFIG_VARIABLES.filter((k) => !set.has(k) && !(k in NOT_IN_COMPOSE))).toEqual([]);
    expect(Object.keys(NOT_IN_COMPOSE).filter((k) => set.has(k) || !CONFIG_VARIABLES.includes(k))).toEqual(
      [],
    );
    expect(services.bot?.environment?.DATABASE_URL).toMatch(
      /^postgres:\/\/steerbot:.*@postgres:5432\/steerbot$/,
    );
    expect(services.worker?.environment?.REDIS_URL).toBe('redis://redis:6379');
  });
});

describe('Dockerfile', () => {
  it('builds on Node 20 slim in two stages, the last with production packages only', () => {
    expect(stages.map((s) => s.base)).toEqual(['node:20-slim', 'node:20-slim']);
    expect(stages[0]?.steps.some((s) => s.op === 'RUN' && /npm run build$/.test(s.args))).toBe(true);
    expect(final.steps.some((s) => s.op === 'RUN' && /\bnpm ci --omit=dev\b/.test(s.args))).toBe(true);
    expect(
      final.steps.some((s) => s.op === 'COPY' && s.args === `--from=${stages[0]?.name} /app/dist ./dist`),
    ).toBe(true);
  });

  it('runs as a non-root user, stops on SIGTERM, checks /healthz with node and starts npm run serve', () => {
    expect(last(final, 'USER')).toBe('node');
    expect(last(final, 'STOPSIGNAL')).toBe('SIGTERM');
    expect(last(final, 'HEALTHCHECK')).toMatch(/CMD \["node", "-e", ".*fetch\(.*\/healthz/);
    expect(execForm(last(final, 'CMD') ?? '')).toEqual(scriptWords('serve'));
    expect(final.steps.some((s) => s.op === 'RUN' && /install .*fonts-dejavu-core/.test(s.args))).toBe(true);
  });

  it('.dockerignore keeps local data, secrets and packages out of the context', () => {
    const ignored = dockerignore(join(ROOT, '.dockerignore'));
    for (const f of [
      'node_modules/zod/package.json',
      'dist/src/main.js',
      'data/pglite/PG_VERSION',
      '.env',
      '.git/HEAD',
    ])
      expect(ignored(f), f).toBe(true);
    for (const f of ['package.json', 'src/main.ts', 'drizzle/0000_init.sql', 'seed/units.json'])
      expect(ignored(f), f).toBe(false);
  });
});

/** The build context: the repository's files (tracked and new, not git-ignored) less .dockerignore. */
async function contextCopy(into: string): Promise<void> {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ignored = dockerignore(join(ROOT, '.dockerignore'));
  for (const f of stdout.split('\0').filter((x) => x && !ignored(x) && existsSync(join(ROOT, x)))) {
    mkdirSync(dirname(join(into, f)), { recursive: true });
    cpSync(join(ROOT, f), join(into, f));
  }
}

describe('the Dockerfile build steps, run in a temp copy of the repository', () => {
  let work: string;
  let result: RunResult;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'steerbot-image-'));
    await contextCopy(join(work, 'context'));
    const t = Date.now();
    // As `docker build` would, with a clean environment; the npm cache (the cache mount) is the
    // machine's, and packages it holds are not asked of the registry again.
    result = await runStages(stages, {
      context: join(work, 'context'),
      into: work,
      baseEnv: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/root',
        npm_config_prefer_offline: 'true',
      },
    });
    console.log(`Dockerfile steps: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }, 600_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('skips only the operating-system steps (fonts, the volumes’ directories)', () => {
    expect(result.skipped).toEqual([
      'apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*',
      'mkdir -p /data /backups && chown node:node /data /backups',
    ]);
  });

  it('leaves production packages only in the final stage: no tsx, no test or lint tools', () => {
    const modules = join(result.workdir, 'node_modules');
    expect(existsSync(join(modules, 'zod'))).toBe(true);
    expect(existsSync(join(modules, '@electric-sql/pglite'))).toBe(true);
    for (const dev of ['tsx', 'vitest', '@biomejs/biome', 'drizzle-kit', 'playwright-core'])
      expect(existsSync(join(modules, dev)), dev).toBe(false);
    expect(existsSync(join(result.workdir, 'dist/src/main.js'))).toBe(true);
    expect(existsSync(join(result.workdir, 'src'))).toBe(false);
  });

  it('starts with its CMD and answers its HEALTHCHECK; SIGTERM stops it with exit 0', async () => {
    const db = await freshPgDatabase();
    try {
      const [command, ...args] = execForm(last(final, 'CMD') ?? '');
      const env = cleanEnv({
        ...result.env,
        DATA_DIR: join(work, 'data'),
        DATABASE_URL: db.url,
        PORT: '0',
        REDIS_URL: 'redis://127.0.0.1:1',
      });
      const bot = start(command === 'node' ? process.execPath : (command as string), args, {
        cwd: result.workdir,
        env,
      });
      const port = await listeningPort(bot);
      const check = execForm((last(final, 'HEALTHCHECK') ?? '').replace(/^.*?CMD /, 'CMD '));
      // Exits 0 when /healthz answers 200 (run rejects on any other exit).
      await run(process.execPath, check.slice(1), { env: { ...env, PORT: String(port) }, timeout: 10_000 });
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      await db.drop();
    }
  }, 120_000);
});
