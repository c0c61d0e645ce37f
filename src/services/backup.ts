import type { Clock } from '../domain/ports.ts';
import { backupRepo, type SequenceValue, schemaTables, type TableSpec } from '../store/backup-repo.ts';
import type { Database, Db } from '../store/db.ts';
import { type VerifyResult, verifyHistory } from '../store/history.ts';

/**
 * A backup is JSON lines: a header (format, version, the schema migrations, the rows per table,
 * the sequences), then one line per row, `{"t":"<table>","r":{…}}`, table after table. The rows
 * are PostgreSQL's own `row_to_json`, put back with `json_populate_recordset`, so timestamps keep
 * their microseconds and jsonb comes back as it was (the history chain's hashes still check).
 */
export const BACKUP_FORMAT = 'steerbot-backup';
export const BACKUP_VERSION = 1;

/**
 * Tables of src/store/schema.ts deliberately left out of a backup, each with its reason. None
 * today: every table holds something a restored bot needs (the inbox and the sent-ledger keep a
 * replayed delivery from being carried out or sent twice; the outbox holds notices not yet out).
 */
export const LEFT_OUT: Readonly<Record<string, string>> = {};

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  writtenAt: string;
  source: Database['kind'];
  /** Applied schema migrations: a backup is restored by a steerbot at the same schema. */
  migrations: { count: number; last: number };
  /** Rows per table, in the order of the file. */
  tables: Record<string, number>;
  sequences: SequenceValue[];
  leftOut: Record<string, string>;
}

/** A backup that cannot be written or read back; `message` is the one line to print. */
export class BackupError extends Error {
  override readonly name: string = 'BackupError';
}

/** The target database holds records: a restore goes into an empty database only (`message` follows its name). */
export class RestoreRefused extends BackupError {
  override readonly name = 'RestoreRefused';
  constructor(readonly records: Record<string, number>) {
    const list = Object.entries(records).map(([t, n]) => `${n} ${t}`);
    super(`already holds records (${list.join(', ')}); restore loads into an empty database only`);
  }
}

export interface RestoreResult {
  header: BackupHeader;
  restored: Record<string, number>;
  history: VerifyResult;
}

/** Rows inserted per statement on restore. */
const INSERT_BATCH = 500;

/** npm run backup / npm run restore: every table, as one snapshot, into an empty database. */
export class BackupService {
  constructor(private readonly deps: { database: Database; clock: Clock }) {}

  /** The tables a backup holds: every table of the schema but those {@link LEFT_OUT}. */
  tables(): TableSpec[] {
    return schemaTables().filter((t) => !(t.name in LEFT_OUT));
  }

  /** Writes the backup as chunks of whole lines (each ending in a newline) to `emit`. */
  async write(emit: (chunk: string) => Promise<void>): Promise<BackupHeader> {
    const tables = this.tables();
    return backupRepo.snapshot(this.deps.database.db, async (tx) => {
      const header = await this.header(tx, tables);
      await emit(`${JSON.stringify(header)}\n`);
      for (const t of tables) {
        const prefix = `{"t":${JSON.stringify(t.name)},"r":`;
        for await (const batch of backupRepo.rowsOf(tx, t))
          await emit(batch.map((j) => `${prefix}${j}}\n`).join(''));
      }
      return header;
    });
  }

  private async header(tx: Db, tables: TableSpec[]): Promise<BackupHeader> {
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t.name] = await backupRepo.count(tx, t.name);
    return {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      writtenAt: this.deps.clock.now().toISOString(),
      source: this.deps.database.kind,
      migrations: await backupRepo.migrations(tx),
      tables: counts,
      sequences: await backupRepo.sequences(tx, tables),
      leftOut: { ...LEFT_OUT },
    };
  }

  /**
   * Loads a backup's lines into this database, which must be empty (its schema up to date, no
   * records): all in one transaction that holds every table, so a refused or broken backup
   * changes nothing. Then walks the history chain.
   */
  async restore(lines: AsyncIterable<string>): Promise<RestoreResult> {
    const it = lines[Symbol.asyncIterator]();
    try {
      return await this.restoreFrom(it);
    } finally {
      await it.return?.();
    }
  }

  private async restoreFrom(it: AsyncIterator<string>): Promise<RestoreResult> {
    const header = parseHeader((await it.next()).value);
    const known = new Set(this.tables().map((t) => t.name));
    const unknown = Object.keys(header.tables).filter((t) => !known.has(t));
    if (unknown.length)
      throw new BackupError(`the backup has tables this steerbot does not know: ${unknown.join(', ')}`);
    const db = this.deps.database.db;
    const restored = await backupRepo.exclusive(db, schemaTables(), async (tx) => {
      await this.checkTarget(tx, header);
      await backupRepo.clearBootstrap(tx);
      const counts = await loadRows(tx, it, known);
      checkCounts(header, counts);
      for (const s of header.sequences) await backupRepo.setSequence(tx, s);
      return counts;
    });
    return { header, restored, history: await verifyHistory(db) };
  }

  private async checkTarget(tx: Db, header: BackupHeader): Promise<void> {
    const here = await backupRepo.migrations(tx);
    if (here.count !== header.migrations.count || here.last !== header.migrations.last)
      throw new BackupError(
        `the backup was written at schema migration ${header.migrations.count}, this steerbot is at ${here.count}; restore it with the steerbot version that wrote it`,
      );
    const records = await backupRepo.records(tx, schemaTables());
    if (Object.keys(records).length > 0) throw new RestoreRefused(records);
  }
}

function parseHeader(line: string | undefined): BackupHeader {
  let header: Partial<BackupHeader> | undefined;
  try {
    header = JSON.parse(line ?? '') as Partial<BackupHeader>;
  } catch {
    header = undefined;
  }
  if (header?.format !== BACKUP_FORMAT) throw new BackupError('not a steerbot backup');
  if (header.version !== BACKUP_VERSION)
    throw new BackupError(
      `backup format version ${header.version}; this steerbot reads version ${BACKUP_VERSION}`,
    );
  return header as BackupHeader;
}

/** Inserts the rows, a batch per statement, table by table as they come; the rows per table. */
async function loadRows(
  tx: Db,
  it: AsyncIterator<string>,
  known: Set<string>,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let table = '';
  let batch: unknown[] = [];
  const flush = async () => {
    await backupRepo.insert(tx, table, batch);
    counts[table] = (counts[table] ?? 0) + batch.length;
    batch = [];
  };
  for (let n = 2, next = await it.next(); !next.done; n++, next = await it.next()) {
    if (next.value === '') continue;
    const row = parseRow(next.value, n);
    if (!known.has(row.t)) throw new BackupError(`line ${n}: no table ${row.t} in this steerbot`);
    if (row.t !== table || batch.length >= INSERT_BATCH) {
      if (batch.length) await flush();
      table = row.t;
    }
    batch.push(row.r);
  }
  if (batch.length) await flush();
  return counts;
}

function parseRow(line: string, n: number): { t: string; r: unknown } {
  try {
    const row = JSON.parse(line) as { t?: unknown; r?: unknown };
    if (typeof row.t === 'string' && row.r && typeof row.r === 'object') return { t: row.t, r: row.r };
  } catch {
    // reported below
  }
  throw new BackupError(`line ${n} is not a row of a steerbot backup`);
}

/** Every table has as many rows as the header says: a cut or altered file is refused. */
function checkCounts(header: BackupHeader, counts: Record<string, number>): void {
  for (const [t, n] of Object.entries(header.tables)) {
    const got = counts[t] ?? 0;
    if (got !== n) throw new BackupError(`the backup is incomplete: ${got} of the ${n} rows of ${t}`);
  }
}
