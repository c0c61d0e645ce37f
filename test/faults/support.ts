import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import { freePort, stopChild } from '../queue/children.ts';

/** A private `redis-server` that can be stopped and started again on the same port; never the shared one. */
export interface RestartableRedis {
  url: string;
  port: number;
  /** Starts a server on the port (empty, or with the data saved by `stop({ save: true })` when `dir` was given). */
  start(): Promise<void>;
  /** Stops the server (`SIGTERM`; with `save`, it writes its data to `dir` first). */
  stop(opts?: { save?: boolean }): Promise<void>;
}

export async function restartableRedis(opts: { dir?: string } = {}): Promise<RestartableRedis> {
  const port = await freePort();
  let proc: ReturnType<typeof spawn> | null = null;
  let save = false;
  const r: RestartableRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      const args = ['--port', String(port), '--appendonly', 'no', '--save', save ? '3600 1' : ''];
      if (opts.dir) args.push('--dir', opts.dir, '--dbfilename', 'dump.rdb');
      const p = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'inherit'] });
      proc = p;
      let out = '';
      await new Promise<void>((resolve, reject) => {
        p.stdout?.on('data', (b: Buffer) => {
          out += b.toString();
          if (/Ready to accept connections/i.test(out)) resolve();
        });
        p.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
      });
    },
    async stop(o = {}) {
      if (!proc) return;
      if (o.save) {
        // A save point makes redis-server write its data on SIGTERM; the next start reads it back.
        const { Redis } = await import('ioredis');
        const c = new Redis(r.url);
        await c.config('SET', 'save', '3600 1');
        await c.save();
        c.disconnect();
      }
      save = Boolean(o.save);
      await stopChild(proc);
      proc = null;
    },
  };
  await r.start();
  return r;
}

/**
 * Counts deliveries per logical message against what was expected, prints the line the fault
 * tests end with (`N expected, N delivered, 0 lost, 0 duplicated`) and asserts it.
 */
export function tally(expected: readonly string[], delivered: readonly string[]): string {
  const want = new Set(expected);
  const counts = new Map<string, number>();
  for (const d of delivered) counts.set(d, (counts.get(d) ?? 0) + 1);
  const got = [...want].filter((k) => counts.has(k)).length;
  const lost = want.size - got;
  const duplicated = [...counts.values()].reduce((n, c) => n + (c - 1), 0);
  const unexpected = [...counts.keys()].filter((k) => !want.has(k));
  const line = `${want.size} expected, ${got} delivered, ${lost} lost, ${duplicated} duplicated`;
  console.log(line);
  expect(unexpected).toEqual([]);
  expect(line).toBe(`${want.size} expected, ${want.size} delivered, 0 lost, 0 duplicated`);
  return line;
}

export { until } from '../queue/support.ts';
