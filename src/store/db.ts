import { randomInt } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import * as schema from './schema.ts';

/** One type for both drivers: repositories never know which PostgreSQL they run on. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

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

/**
 * Opens the system of record and brings its schema up to date: the real server when
 * `databaseUrl` is set, else embedded PGlite in `dataDir` (`memory://` keeps it in memory).
 */
export async function openDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): Promise<Database> {
  const id = randomInt(1, 2 ** 31 - 1);
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle client whose connection the server closed (restart, DROP DATABASE … FORCE) emits
    // 'error' on the pool; pg has already discarded it and the next query opens a new one.
    // Without a listener that event would crash the process.
    pool.on('error', () => {});
    const db = drizzleNodePg(pool, { schema });
    await migrateNodePg(db, { migrationsFolder });
    await bootstrapRows(db as unknown as Db);
    // Liveness: a session lock held for as long as this process lives. The server drops it when
    // the connection goes, so a killed process's lock is free and another can take its work. A
    // connection lost while the process lives is made again.
    let closing = false;
    let waiting = false;
    let holder: pg.Client | undefined;
    const again = () => {
      if (closing || waiting) return;
      waiting = true;
      setTimeout(() => {
        waiting = false;
        void hold().catch(again);
      }, 1000).unref();
    };
    const hold = async (): Promise<void> => {
      const client = new pg.Client({ connectionString: opts.databaseUrl, keepAlive: true });
      client.on('error', () => {});
      client.on('end', again);
      await client.connect();
      await client.query('select pg_advisory_lock($1, $2)', [OWNER_LOCK_SPACE, id]);
      holder = client;
    };
    await hold();
    const isAlive = async (other: number) => {
      if (other === id) return true;
      const { rows } = await pool.query<{ free: boolean }>(
        'select pg_try_advisory_xact_lock($1, $2) as free',
        [OWNER_LOCK_SPACE, other],
      );
      return rows[0]?.free !== true;
    };
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      owner: { id, isAlive },
      close: async () => {
        closing = true;
        await holder?.end().catch(() => {});
        await pool.end();
      },
    };
  }
  const inMemory = opts.dataDir === 'memory://';
  let release = () => {};
  if (!inMemory) {
    await mkdir(opts.dataDir, { recursive: true });
    release = lockDataDir(opts.dataDir);
  }
  try {
    const client = inMemory ? new PGlite() : new PGlite(join(opts.dataDir, 'pglite'));
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
