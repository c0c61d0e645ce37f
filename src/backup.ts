/**
 * `npm run backup -- FILE`: every table of the embedded database (DATA_DIR) or of DATABASE_URL,
 * read in one snapshot, to FILE (gzip'd JSON lines; see src/services/backup.ts). A running bot
 * on the same DATA_DIR holds the database: the one line that says so, exit 1.
 */
import { databaseName, rowList, runCli } from './cli.ts';
import { loadConfig } from './config.ts';
import { systemClock } from './domain/ports.ts';
import { BackupService } from './services/backup.ts';
import { writeBackupFile } from './services/backup-file.ts';
import { openDatabase } from './store/db.ts';

async function backup(argv: string[]): Promise<number> {
  const [file, ...more] = argv;
  if (!file || more.length > 0) {
    process.stderr.write(
      "usage: npm run backup -- FILE   (gzip'd JSON lines, e.g. steerbot-2026-12-03.jsonl.gz)\n",
    );
    return 2;
  }
  const config = loadConfig(process.env);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const header = await writeBackupFile(new BackupService({ database, clock: systemClock }), file);
    const rows = Object.values(header.tables).reduce((a, b) => a + b, 0);
    const tables = Object.keys(header.tables).length;
    process.stdout.write(
      `Backed up ${databaseName(config)} to ${file}: ${rows} rows in ${tables} tables (${rowList(header.tables)}).\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

runCli('backup', backup);
