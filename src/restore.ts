/**
 * `npm run restore -- FILE`: loads a backup written by `npm run backup` into the embedded database
 * (DATA_DIR) or DATABASE_URL, which must be empty (a fresh one: its schema is made on opening).
 * One that holds records is refused with one line, exit 1. Then walks the history chain (exit 2
 * when it does not check). Reminders are derived from the records when the bot starts.
 */
import { databaseName, rowSummary, runWithFile } from './cli.ts';
import { systemClock } from './domain/ports.ts';
import { BackupError, BackupService, RestoreRefused } from './services/backup.ts';
import { restoreBackupFile } from './services/backup-file.ts';

runWithFile(
  'restore',
  'usage: npm run restore -- FILE   (a file written by npm run backup)',
  async (file, database, config) => {
    const r = await restoreBackupFile(new BackupService({ database, clock: systemClock }), file).catch(
      (err: unknown) => {
        if (err instanceof RestoreRefused) throw new Error(`${databaseName(config)} ${err.message}`);
        if (err instanceof BackupError) throw new Error(`${file}: ${err.message}`);
        throw err;
      },
    );
    process.stdout.write(`Restored ${file} into ${databaseName(config)}: ${rowSummary(r.header.tables)}.\n`);
    const h = r.history;
    if (!h.ok) {
      process.stdout.write(`History BROKEN at row ${h.brokenAt?.seq}: ${h.brokenAt?.reason}.\n`);
      return 2;
    }
    process.stdout.write(`History intact: ${h.rows} ${h.rows === 1 ? 'row' : 'rows'}, every link checks.\n`);
    return 0;
  },
);
