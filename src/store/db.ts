import { randomInt } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import * as schema from './schema.ts';

/** One type for both drivers: repositories never know which PostgreSQL they run on. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The rows a raw SQL statement returns: both drivers (node-postgres, PGlite) answer `execute` with `{ rows }`. */
export async function sqlRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * This process among those sharing the database: `id` marks the inbox rows it is working on,
   * and `isAlive` tells whether the process behind another id still runs (so that what a killed
   * process left half done is picked up, and what a live one is doing is not).
   */
  owner: { id: number; isAlive(other: number): Promise<boolean> };
  close(): Promise<void>;
}

/** Advisory-lock namespace of the per-process liveness locks on PostgreSQL. */
const OWNER_LOCK_SPACE = 0x57ee;

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Where steerbot reports what it could not do on its own (a lost connection it makes again). */
type DebugLog = { debug(obj: object, msg: string): void };
const quiet: DebugLog = { debug: () => {} };

/**
 * Opens the system of record and brings its schema up to date: the real server when
 * `databaseUrl` is set, else embedded PGlite in `dataDir` (`memory://` keeps it in memory).
 */
export async function openDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
  log?: DebugLog;
}): Promise<Database> {
  const id = randomInt(1, 2 ** 31 - 1);
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, id, opts.log ?? quiet);
  return openPglite(opts.dataDir, id);
}

async function openPostgres(url: string, id: number, log: DebugLog): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 15_000 });
  // An idle client losing its server must not crash the process; the queries that fail report it.
  pool.on('error', (err) => log.debug({ err }, 'an idle database connection failed'));
  const db = drizzleNodePg(pool, { schema });
  try {
    await migrateNodePg(db, { migrationsFolder });
  } catch (err) {
    await pool.end().catch((e: unknown) => log.debug({ err: e }, 'database pool not closed'));
    throw connectError(url, err) ?? err;
  }
  await bootstrapRows(db as unknown as Db);
  const liveness = await holdLiveness(url, id, log);
  const isAlive = async (other: number) => {
    if (other === id) return true;
    const { rows } = await pool.query<{ free: boolean }>('select pg_try_advisory_xact_lock($1, $2) as free', [
      OWNER_LOCK_SPACE,
      other,
    ]);
    return rows[0]?.free !== true;
  };
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    owner: { id, isAlive },
    close: async () => {
      await liveness.release();
      await pool.end();
    },
  };
}

/**
 * Liveness: a session lock held for as long as this process lives. The server drops it when the
 * connection goes, so a killed process's lock is free and another can take its work. A connection
 * lost while the process lives is made again (every second until it holds).
 */
async function holdLiveness(url: string, id: number, log: DebugLog): Promise<{ release(): Promise<void> }> {
  let closing = false;
  let waiting = false;
  let holder: pg.Client | undefined;
  const again = () => {
    if (closing || waiting) return;
    waiting = true;
    setTimeout(() => {
      waiting = false;
      hold().catch((err: unknown) => {
        log.debug({ err }, 'liveness lock not taken again yet; retrying');
        again();
      });
    }, 1000).unref();
  };
  const hold = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url, keepAlive: true });
    client.on('error', (err) => log.debug({ err }, 'liveness lock connection failed'));
    client.on('end', again);
    await client.connect();
    await client.query('select pg_advisory_lock($1, $2)', [OWNER_LOCK_SPACE, id]);
    holder = client;
  };
  await hold();
  return {
    release: async () => {
      closing = true;
      await holder?.end().catch((err: unknown) => log.debug({ err }, 'liveness lock connection not closed'));
    },
  };
}

async function openPglite(dataDir: string, id: number): Promise<Database> {
  const inMemory = dataDir === 'memory://';
  let release = () => {};
  if (!inMemory) {
    await mkdir(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  try {
    // Loaded only for the embedded database: PGlite's module alone is ~40 MB of a server's memory.
    const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    const client = inMemory ? new PGlite() : new PGlite(join(dataDir, 'pglite'));
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder });
    await bootstrapRows(db as unknown as Db);
    return {
      db: db as unknown as Db,
      kind: 'pglite',
      // The lock file makes this process the only one: every other id is a process that is gone.
      owner: { id, isAlive: async (other) => other === id },
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

async function bootstrapRows(db: Db): Promise<void> {
  await db
    .insert(schema.counters)
    .values([
      { name: 'blocker', value: 0 },
      { name: 'roadmap', value: 0 },
      { name: 'extension', value: 0 },
    ])
    .onConflictDoNothing();
  await db.insert(schema.historyHead).values({ id: 1, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
}

/** The hash the first history row points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The server in `DATABASE_URL` could not be reached or refused us: one line that names the
 * variable and the server (password masked) and says why, instead of the first query that failed.
 */
export class DatabaseConnectError extends Error {
  override readonly name = 'DatabaseConnectError';
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; a value that is no URL is not shown. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'not a URL';
  }
}

/** Why a connection failed, in words; null when the failure is not about connecting (a bad migration). */
function connectReason(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown[] };
    const code = typeof x.code === 'string' ? x.code : '';
    const message = typeof x.message === 'string' ? x.message : '';
    if (code === 'ECONNREFUSED') return 'connection refused';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
    if (code === 'ETIMEDOUT' || /timeout/i.test(message)) return 'timed out';
    if (code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return message || code;
    // SQLSTATE classes 08 (connection), 28 (authorization), 3D (no such database).
    if (/^(08|28|3D)/.test(code)) return message;
    if (err instanceof TypeError && /Invalid URL/i.test(message)) return 'not a valid URL';
    if (Array.isArray(x.errors) && x.errors[0]) e = x.errors[0];
    else e = x.cause;
  }
  return null;
}

function connectError(url: string, err: unknown): DatabaseConnectError | null {
  const reason = connectReason(err);
  if (reason === null) return null;
  return new DatabaseConnectError(
    `cannot connect to the PostgreSQL server in DATABASE_URL (${maskUrl(url)}): ${reason}`,
  );
}
