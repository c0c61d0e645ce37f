import { is, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { type Db, sqlRows } from './db.ts';
import * as schema from './schema.ts';
import { readSnapshot } from './snapshot.ts';

/** A table of src/store/schema.ts as a backup sees it: its name, its columns, the order of its rows. */
export interface TableSpec {
  name: string;
  columns: string[];
  /** The primary key's columns: rows are read in this order. */
  key: string[];
}

/** Every table declared in src/store/schema.ts, in declaration order (a table added there is included). */
export function schemaTables(): TableSpec[] {
  return (Object.values(schema) as unknown[])
    .filter((v): v is PgTable => is(v, PgTable))
    .map((t) => {
      const c = getTableConfig(t);
      const key = c.columns.filter((col) => col.primary).map((col) => col.name);
      const composite = c.primaryKeys[0]?.columns.map((col) => col.name) ?? [];
      return { name: c.name, columns: c.columns.map((col) => col.name), key: key.length ? key : composite };
    });
}

/**
 * Rows that the opening of a database writes by itself (src/store/db.ts's bootstrap): zeroed id
 * counters and the history chain's genesis head. A database holding only these is empty.
 */
const BOOTSTRAP: Record<string, SQL> = {
  counters: sql`value <> 0`,
  history_head: sql`seq <> 0`,
};

/** A serial column's sequence, as `setval` takes it back. */
export interface SequenceValue {
  table: string;
  column: string;
  lastValue: number;
  isCalled: boolean;
}

const id = (name: string) => sql.identifier(name);

/** Reading and writing whole tables for npm run backup / npm run restore. */
export const backupRepo = {
  /** Runs `work` in one REPEATABLE READ, read-only transaction: every table as of one instant. */
  snapshot: readSnapshot,

  /** Runs `work` in one transaction that holds every table exclusively (nobody writes meanwhile). */
  exclusive<T>(db: Db, tables: TableSpec[], work: (tx: Db) => Promise<T>): Promise<T> {
    return db.transaction(async (tx) => {
      const names = sql.join(
        tables.map((t) => id(t.name)),
        sql`, `,
      );
      await tx.execute(sql`lock table ${names} in access exclusive mode`);
      return work(tx as unknown as Db);
    });
  },

  async count(tx: Db, table: string): Promise<number> {
    const [r] = await sqlRows<{ n: number }>(tx, sql`select count(*)::int as n from ${id(table)}`);
    return Number(r?.n ?? 0);
  },

  /** Rows other than the bootstrap ones, by table (tables with none left out). */
  async records(tx: Db, tables: TableSpec[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of tables) {
      const where = BOOTSTRAP[t.name];
      const query = sql`select count(*)::int as n from ${id(t.name)}${where ? sql` where ${where}` : sql``}`;
      const [r] = await sqlRows<{ n: number }>(tx, query);
      if (Number(r?.n ?? 0) > 0) out[t.name] = Number(r?.n);
    }
    return out;
  },

  /** Deletes the bootstrap rows, so that the backup's own take their place. */
  async clearBootstrap(tx: Db): Promise<void> {
    for (const table of Object.keys(BOOTSTRAP)) await tx.execute(sql`delete from ${id(table)}`);
  },

  /**
   * The table's rows as PostgreSQL's own JSON (`row_to_json`: timestamps with their microseconds
   * and offset, jsonb as it is), `batch` at a time through a cursor, in primary-key order.
   */
  async *rowsOf(tx: Db, table: TableSpec, batch = 500): AsyncGenerator<string[]> {
    const order = sql.join(
      table.key.map((k) => id(k)),
      sql`, `,
    );
    const cursor = id(`backup_${table.name}`);
    await tx.execute(
      sql`declare ${cursor} no scroll cursor for select row_to_json(t)::text as j from ${id(table.name)} t order by ${order}`,
    );
    for (;;) {
      const got = await sqlRows<{ j: string }>(
        tx,
        sql`fetch forward ${sql.raw(String(batch))} from ${cursor}`,
      );
      if (got.length === 0) break;
      yield got.map((r) => r.j);
    }
    await tx.execute(sql`close ${cursor}`);
  },

  /** Inserts rows given as `row_to_json` objects, column by column as they were. */
  async insert(tx: Db, table: string, batch: unknown[]): Promise<void> {
    if (batch.length === 0) return;
    await tx.execute(
      sql`insert into ${id(table)} select * from json_populate_recordset(null::${id(table)}, ${JSON.stringify(batch)}::json)`,
    );
  },

  /** The current value of every serial column's sequence. */
  async sequences(tx: Db, tables: TableSpec[]): Promise<SequenceValue[]> {
    const out: SequenceValue[] = [];
    for (const t of tables) {
      for (const column of t.columns) {
        const seq = await sequenceOf(tx, t.name, column);
        if (!seq) continue;
        const [v] = await sqlRows<{ last_value: string | number; is_called: boolean }>(
          tx,
          sql`select last_value, is_called from ${sql.raw(seq)}`,
        );
        out.push({
          table: t.name,
          column,
          lastValue: Number(v?.last_value ?? 1),
          isCalled: v?.is_called === true,
        });
      }
    }
    return out;
  },

  async setSequence(tx: Db, s: SequenceValue): Promise<void> {
    const seq = await sequenceOf(tx, s.table, s.column);
    if (!seq) throw new Error(`${s.table}.${s.column} has no sequence here`);
    await tx.execute(sql`select setval(${seq}::regclass, ${s.lastValue}, ${s.isCalled})`);
  },

  /** How many schema migrations were applied, and when the last one was written (its journal time). */
  async migrations(tx: Db): Promise<{ count: number; last: number }> {
    const [r] = await sqlRows<{ n: number; last: string | number | null }>(
      tx,
      sql`select count(*)::int as n, max(created_at) as last from drizzle.__drizzle_migrations`,
    );
    return { count: Number(r?.n ?? 0), last: Number(r?.last ?? 0) };
  },

  /** The tables that exist in the database's public schema (to check schema.ts names them all). */
  async databaseTables(tx: Db): Promise<string[]> {
    const got = await sqlRows<{ name: string }>(
      tx,
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    );
    return got.map((r) => r.name);
  },
};

async function sequenceOf(tx: Db, table: string, column: string): Promise<string | null> {
  const [r] = await sqlRows<{ seq: string | null }>(
    tx,
    sql`select pg_get_serial_sequence(${`public.${table}`}, ${column}) as seq`,
  );
  return r?.seq ?? null;
}
