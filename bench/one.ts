/**
 * One database's half of `npm run bench`, in its own process so its memory is its own:
 * `node --import tsx --expose-gc bench/one.ts postgres|pglite`. Prints its figures as one JSON line
 * (`BENCH_JSON …`) for bench/run.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { type App, createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/store/db.ts';
import { startFakeSlack } from '../test/fakes/slack-api.ts';
import { freshPgDatabase } from '../test/support/app.ts';
import { productMemory } from './product-memory.ts';
import { queueSide } from './queue-side.ts';
import { benchUsers, CHANNEL, readTimes, SLACK_SECRET, SLACK_TOKEN, slashLatency } from './read-side.ts';
import { scaleOf, seedBulk } from './seed.ts';
import { cleanupOnAbort, type Figure, idleRss } from './stats.ts';

const kind = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LEVELS = [1, 10, 50] as const;
/** `BENCH_SECTIONS=read,slack,queue,product` (default all). */
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'read,slack,queue,product').split(','));

const log = (msg: string) => process.stderr.write(`[${kind}] ${msg}\n`);

async function redisInfo(): Promise<string | null> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  r.on('error', () => {});
  try {
    await r.connect();
    const info = await r.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } catch {
    return null;
  } finally {
    r.disconnect();
  }
}

async function main() {
  const figures: Figure[] = [];
  const meta: Record<string, string | number> = { scale: SCALE, runs: RUNS, samples: SAMPLES };
  const scale = scaleOf(SCALE);
  const fake = await startFakeSlack({
    token: SLACK_TOKEN,
    users: benchUsers(Math.max(...LEVELS)),
    channels: [CHANNEL],
  });
  const pg = kind === 'postgres' ? await freshPgDatabase('steerbot_bench') : null;
  if (pg) cleanupOnAbort(() => pg.drop());
  let app: App | null = null;
  try {
    const config = loadConfig({
      DATA_DIR: 'memory://',
      LOG_LEVEL: 'silent',
      USER: 'bench',
      ...(pg ? { DATABASE_URL: pg.url } : {}),
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: fake.url,
    });
    app = await createApp({
      config,
      log: pino({ level: process.env.BENCH_LOG ?? 'silent' }, pino.destination(2)),
    });
    const v = await app.database.db.execute(sql`select version() as v`);
    meta.database =
      String((((v as { rows?: unknown[] }).rows ?? v) as { v: string }[])[0]?.v ?? '').split(' on ')[0] ?? '';
    let t = performance.now();
    await seedBulk(app.database.db, scale, new Date());
    meta.seedSeconds = (performance.now() - t) / 1000;
    meta.records = `${scale.units} units, ${scale.blockers} blockers, ${scale.roadmap} roadmap items`;
    log(`seeded ${meta.records} in ${Number(meta.seedSeconds).toFixed(1)} s`);
    await new Promise((r) => setTimeout(r, 500));
    // The bench process's own memory (load generators and fakes included); the ≤ 150 MB target is
    // the product's, measured in its own process in the 'product' section.
    figures.push({
      section: 'memory',
      name: 'bench process RSS idle (seeded, after GC)',
      unit: 'MB',
      value: idleRss(),
    });

    t = performance.now();
    const section = async (name: string, f: () => Promise<void>) => {
      try {
        await f();
      } catch (err) {
        log(`${name} failed: ${(err as Error).message.split('\n')[0]}`);
        figures.push({ section: name, name: `${name}: FAILED (see stderr)`, unit: '', value: Number.NaN });
      }
    };
    if (SECTIONS.has('read'))
      await section('read', async () => void figures.push(...(await readTimes(app as App, RUNS))));
    log(`read times in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    t = performance.now();
    if (SECTIONS.has('slack'))
      await section('slack', async () => {
        const a = app as App;
        const slash = await slashLatency(a, fake, {
          blockers: scale.blockers,
          samples: SAMPLES,
          cache: true,
          levels: LEVELS,
        });
        figures.push(...slash.figures);
        const off = await slashLatency(a, fake, {
          blockers: scale.blockers,
          samples: Math.max(10, Math.round(SAMPLES / 5)),
          cache: false,
          levels: [10],
        });
        figures.push(...off.figures);
        log(`slash latency in ${((performance.now() - t) / 1000).toFixed(0)} s`);
        figures.push({
          section: 'memory',
          name: 'RSS peak, Slack users + 10 page readers',
          unit: 'MB',
          value: Math.max(slash.peakRssMb, off.peakRssMb),
        });
      });

    meta.redis = (await redisInfo()) ?? 'unreachable';
    if (meta.redis !== 'unreachable' && SECTIONS.has('queue'))
      await section('queue', async () => {
        t = performance.now();
        const q = await queueSide(app as App, {
          url: REDIS_URL,
          reminders: Math.max(100, Math.round(10_000 * SCALE)),
          rateSeconds: Math.max(5, Math.round(20 * SCALE)),
        });
        figures.push(...q.figures);
        figures.push({
          section: 'memory',
          name: 'RSS peak, reminder fan-out and delivery',
          unit: 'MB',
          value: q.peakRssMb,
        });
        log(`queue side in ${((performance.now() - t) / 1000).toFixed(0)} s`);
      });
    figures.push({ section: 'memory', name: 'RSS at the end (after GC)', unit: 'MB', value: idleRss() });
    if (SECTIONS.has('product'))
      await section('product', async () => {
        t = performance.now();
        const codes = Array.from({ length: scale.units }, (_, i) => `U${String(i + 1).padStart(4, '0')}`);
        if (pg) {
          figures.push(...(await productMemory({ databaseUrl: pg.url }, codes, { target: '≤ 150' })));
          figures.push(...(await productMemory({ databaseUrl: pg.url }, codes, { runtime: 'tsx' })));
        } else {
          // The product cannot share this process's in-memory PGlite: the same records in a folder.
          const dir = await mkdtemp(join(tmpdir(), 'steerbot-bench-'));
          try {
            const disk = await openDatabase({ dataDir: dir });
            await seedBulk(disk.db, scale, new Date());
            await disk.close();
            figures.push(...(await productMemory({ dataDir: dir }, codes)));
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        }
        log(`product memory in ${((performance.now() - t) / 1000).toFixed(0)} s`);
      });
  } finally {
    await app?.close();
    await fake.close();
    await pg?.drop();
  }
  process.stdout.write(`BENCH_JSON ${JSON.stringify({ kind, meta, figures })}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
