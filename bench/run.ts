/**
 * `npm run bench`: speed and memory figures, printed (never asserted in tests).
 * Runs the same workload through the dispatcher on embedded PGlite and on the real PostgreSQL
 * (when reachable at TEST_PG_URL or postgres://postgres@127.0.0.1:5432/test) and prints ratios.
 */
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { type App, createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { renderText } from '../src/render/text.ts';
import { loadSeedUnits } from '../src/seed-data.ts';
import { verifyHistory } from '../src/store/history.ts';
import { freshPgDatabase } from '../test/support/app.ts';

const N = Number(process.env.BENCH_N ?? 200);
const who = { platform: 'console' as const, id: 'bench', name: 'Bench' };
const chat = { platform: 'console' as const, id: 'console' };

async function open(env: Record<string, string>): Promise<App> {
  const config = loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', USER: 'bench', ...env });
  const app = await createApp({ config, log: pino({ level: 'silent' }) });
  const actor = await app.services.identity.resolve(who, { asAdmin: true });
  await app.services.units.seed(actor, await loadSeedUnits());
  return app;
}

async function workload(app: App) {
  const run = (text: string) => app.dispatcher.handle({ text, who, chat, asAdmin: true });
  const figures: Record<string, number> = {};
  let t = performance.now();
  for (let i = 0; i < N; i++) await run(`/blocker add Bench blocker ${i} owner:MOF due:+${(i % 60) + 1}d`);
  figures['sequential adds / s'] = N / ((performance.now() - t) / 1000);
  t = performance.now();
  await Promise.all(
    Array.from({ length: 50 }, (_, i) => run(`/blocker add Concurrent ${i} owner:MIC due:+3d`)),
  );
  figures['50 concurrent adds, ms'] = performance.now() - t;
  t = performance.now();
  for (let i = 1; i <= N; i++) await run(`/blocker note B-${i} progress ${i}`);
  figures['notes / s'] = N / ((performance.now() - t) / 1000);
  t = performance.now();
  const list = await run('/blocker list all');
  renderText(list.reply);
  figures[`list all (${N + 50} items), ms`] = performance.now() - t;
  t = performance.now();
  await run('/summary month');
  figures['monthly summary, ms'] = performance.now() - t;
  t = performance.now();
  const v = await verifyHistory(app.database.db);
  figures['verify-history rows / s'] = v.rows / ((performance.now() - t) / 1000);
  return figures;
}

async function main() {
  const results: Record<string, Record<string, number>> = {};
  const rss0 = process.memoryUsage().rss;
  let t = performance.now();
  const lite = await open({ DATABASE_URL: '' });
  const liteOpen = performance.now() - t;
  results.pglite = { 'open + migrate + seed, ms': liteOpen, ...(await workload(lite)) };
  results.pglite['process RSS growth, MB'] = (process.memoryUsage().rss - rss0) / 2 ** 20;
  await lite.close();
  try {
    const db = await freshPgDatabase('steerbot_bench');
    t = performance.now();
    const pg = await open({ DATABASE_URL: db.url });
    results.postgres = { 'open + migrate + seed, ms': performance.now() - t, ...(await workload(pg)) };
    await pg.close();
    await db.drop();
  } catch (err) {
    console.log(`(PostgreSQL server not reachable: ${(err as Error).message}; PGlite only)`);
  }
  const keys = Object.keys(results.pglite);
  console.log(`steerbot bench, N=${N}`);
  console.log(
    ['figure'.padEnd(36), 'pglite'.padStart(12), 'postgres'.padStart(12), 'pg/pglite'.padStart(10)].join(' '),
  );
  for (const k of keys) {
    const a = results.pglite[k] ?? Number.NaN;
    const b = results.postgres?.[k];
    console.log(
      [
        k.padEnd(36),
        a.toFixed(1).padStart(12),
        (b === undefined ? '—' : b.toFixed(1)).padStart(12),
        (b === undefined ? '—' : (b / a).toFixed(2)).padStart(10),
      ].join(' '),
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
