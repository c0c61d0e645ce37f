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
import * as schema from './schema.ts';

/** One type for both drivers: repositories never know which PostgreSQL they run on. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * Opens the system of record and brings its schema up to date: the real server when
 * `databaseUrl` is set, else embedded PGlite in `dataDir` (`memory://` keeps it in memory).
 */
export async function openDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle client whose connection the server closed (restart, DROP DATABASE … FORCE) emits
    // 'error' on the pool; pg has already discarded it and the next query opens a new one.
    // Without a listener that event would crash the process.
    pool.on('error', () => {});
    const db = drizzleNodePg(pool, { schema });
    await migrateNodePg(db, { migrationsFolder });
    await bootstrapRows(db as unknown as Db);
    return { db: db as unknown as Db, kind: 'postgres', close: () => pool.end() };
  }
  const inMemory = opts.dataDir === 'memory://';
  if (!inMemory) await mkdir(opts.dataDir, { recursive: true });
  const client = inMemory ? new PGlite() : new PGlite(join(opts.dataDir, 'pglite'));
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  await bootstrapRows(db as unknown as Db);
  return { db: db as unknown as Db, kind: 'pglite', close: () => client.close() };
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
