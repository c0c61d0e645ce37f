/**
 * The resident memory of the product itself — compiled (`npm run build`, then `node
 * dist/src/main.js` as `npm run serve` and the image run it) and under tsx (`npm start`) — on
 * the bench's seeded records: a child process whose VmRSS is read from /proc, idle and at its
 * peak while 10 clients read the public page, the CSV and the calendar (every request computed:
 * each asks for another unit, past the read cache). Redis is left out on purpose (an unreachable
 * REDIS_URL: the product warns and sends directly) so that it schedules nothing in the bench's
 * Redis; the queue's modules are loaded all the same.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from './stats.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function vmRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** How the product runs: compiled with plain node (`npm run serve`), or TypeScript under tsx (`npm start`). */
export type Runtime = 'compiled' | 'tsx';

/**
 * Where the bench's compiled build goes: under node_modules, so that the build finds the
 * project's packages by walking up, and nobody's dist/ is overwritten. Built once per process.
 */
const BUILD_DIR = join(root, 'node_modules/.cache/steerbot-bench-dist');
let built = false;

function command(runtime: Runtime): string[] {
  if (runtime === 'tsx') return ['--import', 'tsx', 'src/main.ts'];
  if (!built || !existsSync(join(BUILD_DIR, 'src/main.js'))) {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), BUILD_DIR], { stdio: 'ignore' });
    built = true;
  }
  return [join(BUILD_DIR, 'src/main.js')];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/**
 * Starts the product on the database (`DATABASE_URL`, or the PGlite folder `dataDir`), waits
 * until it listens, and measures it. `units`: unit codes to spread the readers over.
 */
export async function productMemory(
  db: { databaseUrl: string } | { dataDir: string },
  units: string[],
  opts: { readsPerClient?: number; target?: string; runtime?: Runtime } = {},
): Promise<Figure[]> {
  const runtime = opts.runtime ?? 'compiled';
  const port = await freePort();
  const child = spawn(process.execPath, command(runtime), {
    cwd: root,
    stdio: ['pipe', 'ignore', 'pipe'],
    env: {
      ...process.env,
      ...('databaseUrl' in db ? { DATABASE_URL: db.databaseUrl } : { DATA_DIR: db.dataDir }),
      REDIS_URL: 'redis://127.0.0.1:1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: '',
      TELEGRAM_BOT_TOKEN: '',
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr?.on('data', (d: Buffer) => {
        err += d.toString('utf8');
        if (err.includes('HTTP server listening')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the product exited (${code}): ${err.slice(-400)}`)));
    });
    child.stderr?.removeAllListeners('data');
    child.stderr?.resume();
    await new Promise((r) => setTimeout(r, 2000)); // let start-up garbage go
    const pid = child.pid as number;
    const idle = vmRssMb(pid);
    let peak = idle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, vmRssMb(pid));
    }, 50);
    const base = `http://127.0.0.1:${port}`;
    const reads = opts.readsPerClient ?? 6;
    const paths = ['/', '/export/blockers.csv', '/calendar.ics'];
    await Promise.all(
      Array.from({ length: 10 }, async (_, c) => {
        for (let i = 0; i < reads; i++) {
          const unit = units[(c * reads + i) % units.length] ?? '';
          const path = paths[i % paths.length] as string;
          const r = await fetch(`${base}${path}?unit=${encodeURIComponent(unit)}`);
          await r.arrayBuffer();
        }
      }),
    );
    // The whole CSV and page too, once each: the largest answers.
    for (const path of paths) await (await fetch(`${base}${path}`)).arrayBuffer();
    clearInterval(sampler);
    peak = Math.max(peak, vmRssMb(pid));
    return [
      {
        section: 'memory',
        name: `product RSS idle (${runtime === 'tsx' ? 'npm start, tsx' : 'npm run serve, compiled'}, PORT set)`,
        unit: 'MB',
        value: idle,
        ...(opts.target ? { target: opts.target } : {}),
      },
      { section: 'memory', name: `product RSS peak (${runtime}), 10 readers`, unit: 'MB', value: peak },
    ];
  } finally {
    child.stdin?.end();
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
  }
}
