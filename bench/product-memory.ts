/**
 * The resident memory of the product itself (`src/main.ts`, as `npm start` runs it, under tsx) on
 * the bench's seeded records: a child process whose VmRSS is read from /proc, idle and at its
 * peak while 10 clients read the public page, the CSV and the calendar (every request computed:
 * each asks for another unit, past the read cache). Redis is left out on purpose (an unreachable
 * REDIS_URL: the product warns and sends directly) so that it schedules nothing in the bench's
 * Redis; the queue's modules are loaded all the same.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Figure } from './stats.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function vmRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
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
  opts: { readsPerClient?: number; target?: string } = {},
): Promise<Figure[]> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
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
        name: 'product RSS idle (npm start, PORT set)',
        unit: 'MB',
        value: idle,
        ...(opts.target ? { target: opts.target } : {}),
      },
      { section: 'memory', name: 'product RSS peak, 10 readers', unit: 'MB', value: peak },
    ];
  } finally {
    child.stdin?.end();
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
  }
}
