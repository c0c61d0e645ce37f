import pg from 'pg';
import { pino } from 'pino';
import { type App, createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Clock, Sender } from '../../src/domain/ports.ts';
import { createHttpServer } from '../../src/http/server.ts';
import type { QueueOptions } from '../../src/queue/runtime.ts';

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A new, empty database on the real PostgreSQL server; its URL. Dropped by `drop()`. */
export async function freshPgDatabase(
  prefix = 'steerbot_test',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * What a test that runs on both databases starts from: for `postgres` a fresh database (its URL in
 * `env`, dropped by `drop`), for `pglite` the embedded one in memory (nothing to drop).
 */
export async function databaseFor(
  kind: 'pglite' | 'postgres',
  prefix?: string,
  env: Record<string, string> = {},
): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (kind === 'pglite') return { env: { ...env }, drop: async () => {} };
  const pg = await freshPgDatabase(prefix);
  return { env: { ...env, DATABASE_URL: pg.url }, drop: pg.drop };
}

/** A settable clock for tests. */
export class TestClock implements Clock {
  constructor(private t: Date) {}
  now(): Date {
    return new Date(this.t);
  }
  set(t: Date | string): void {
    this.t = new Date(t);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

/**
 * A clock that runs in real time from a point a test can move: `set()` or `advance()` jump it,
 * then it runs on. For tests where BullMQ's own delays fire some jobs and the test jumps to others.
 */
export class RunningClock implements Clock {
  private offset = 0;
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  set(t: Date | string | number): void {
    this.offset = new Date(t).getTime() - Date.now();
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

/**
 * The whole core (database, services, dispatcher) for a test: in-memory PGlite unless
 * `env.DATABASE_URL` is given, with a queue when `queue` is given (else notices go out directly,
 * to `senders` if any). Observe what the services notify with `app.notices.add(…)`. Logs are
 * silent unless LOG_LEVEL is set.
 */
export async function testApp(
  opts: { env?: Record<string, string>; clock?: Clock; queue?: QueueOptions; senders?: Sender[] } = {},
): Promise<App> {
  const config = loadConfig({
    DATA_DIR: 'memory://',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    USER: 'tester',
    ...opts.env,
  });
  return createApp({
    config,
    log: pino({ level: config.LOG_LEVEL }),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.queue ? { queue: opts.queue } : {}),
    ...(opts.senders ? { senders: opts.senders } : {}),
  });
}

/** The app's HTTP server listening on a free local port; `close()` stops the server, then the app. */
export async function serveApp(app: App): Promise<{ base: string; close(): Promise<void> }> {
  const http = createHttpServer(app);
  const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  return {
    base,
    async close() {
      await http.close();
      await app.close();
    },
  };
}
