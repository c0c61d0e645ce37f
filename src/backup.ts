/**
 * `npm run backup -- FILE`: every table of the embedded database (DATA_DIR) or of DATABASE_URL,
 * read in one snapshot, to FILE (gzip'd JSON lines; see src/services/backup.ts). A running bot
 * on the same DATA_DIR holds the database: the one line that says so, exit 1.
 */
import { databaseName, rowSummary, runWithFile } from './cli.ts';
import { systemClock } from './domain/ports.ts';
import { BackupService } from './services/backup.ts';
import { writeBackupFile } from './services/backup-file.ts';

runWithFile(
  'backup',
  "usage: npm run backup -- FILE   (gzip'd JSON lines, e.g. steerbot-2026-12-03.jsonl.gz)",
  async (file, database, config) => {
    const header = await writeBackupFile(new BackupService({ database, clock: systemClock }), file);
    process.stdout.write(`Backed up ${databaseName(config)} to ${file}: ${rowSummary(header.tables)}.\n`);
    return 0;
  },
);
