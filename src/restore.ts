/**
 * `npm run restore -- FILE`: loads a backup written by `npm run backup` into the embedded database
 * (DATA_DIR) or DATABASE_URL, which must be empty (a fresh one: its schema is made on opening).
 * One that holds records is refused with one line, exit 1. Then walks the history chain (exit 2
 * when it does not check). Reminders are derived from the records when the bot starts.
 */
import { databaseName, rowList, runCli } from './cli.ts';
import { loadConfig } from './config.ts';
import { systemClock } from './domain/ports.ts';
import { BackupError, BackupService, RestoreRefused } from './services/backup.ts';
import { restoreBackupFile } from './services/backup-file.ts';
import { openDatabase } from './store/db.ts';

async function restore(argv: string[]): Promise<number> {
  const [file, ...more] = argv;
  if (!file || more.length > 0) {
    process.stderr.write('usage: npm run restore -- FILE   (a file written by npm run backup)\n');
    return 2;
  }
  const config = loadConfig(process.env);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const r = await restoreBackupFile(new BackupService({ database, clock: systemClock }), file);
    const rows = Object.values(r.restored).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `Restored ${file} into ${databaseName(config)}: ${rows} rows (${rowList(r.restored)}).\n`,
    );
    const h = r.history;
    if (!h.ok) {
      process.stdout.write(`History BROKEN at row ${h.brokenAt?.seq}: ${h.brokenAt?.reason}.\n`);
      return 2;
    }
    process.stdout.write(`History intact: ${h.rows} ${h.rows === 1 ? 'row' : 'rows'}, every link checks.\n`);
    return 0;
  } catch (err) {
    if (err instanceof RestoreRefused) throw new Error(`${databaseName(config)} ${err.message}`);
    if (err instanceof BackupError) throw new Error(`${file}: ${err.message}`);
    throw err;
  } finally {
    await database.close();
  }
}

runCli('restore', restore);
