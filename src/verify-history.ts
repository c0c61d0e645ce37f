import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './store/db.ts';
import { verifyHistory } from './store/history.ts';

/** `npm run verify-history`: walks the hash chain; exit 0 when intact, 2 at the first broken link. */
async function run(): Promise<number> {
  const config = loadConfig(process.env);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const result = await verifyHistory(database.db);
    const n = result.rows;
    if (result.ok) {
      process.stdout.write(`History intact: ${n} ${n === 1 ? 'row' : 'rows'}, every link checks.\n`);
      return 0;
    }
    const b = result.brokenAt;
    const before =
      n === 0
        ? 'it is the first row'
        : n === 1
          ? 'row 1 before it is intact'
          : `rows 1–${n} before it are intact`;
    process.stdout.write(`History BROKEN at row ${b?.seq}: ${b?.reason} (${before}).\n`);
    return 2;
  } finally {
    await database.close();
  }
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `verify-history: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  },
);
