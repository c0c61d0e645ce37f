import { type Config, loadConfig } from './config.ts';
import { type Database, maskUrl, openDatabase } from './store/db.ts';

/**
 * Runs a command-line entry point (`npm run backup`, `npm run restore`): its result is the exit
 * code; an error is one line, `<name>: <message>` (a bad environment, a locked DATA_DIR, a server
 * that cannot be reached), and exit 1.
 */
export function runCli(name: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

/**
 * {@link runCli} for a command that takes one FILE: `work` gets it with the database of the
 * environment (DATABASE_URL, else DATA_DIR), opened the way every entry point opens it and closed
 * after. Anything but one argument prints `usage`, exit 2.
 */
export function runWithFile(
  name: string,
  usage: string,
  work: (file: string, database: Database, config: Config) => Promise<number>,
): void {
  runCli(name, async (argv) => {
    const [file, ...more] = argv;
    if (!file || more.length > 0) {
      process.stderr.write(`${usage}\n`);
      return 2;
    }
    const config = loadConfig(process.env);
    const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
    try {
      return await work(file, database, config);
    } finally {
      await database.close();
    }
  });
}

/** Which database the config names, in words: for the lines a command prints. */
export function databaseName(config: Config): string {
  return config.DATABASE_URL
    ? `the PostgreSQL database in DATABASE_URL (${maskUrl(config.DATABASE_URL)})`
    : `the embedded database in ${config.DATA_DIR}`;
}

/** `{ units: 5, blockers: 0, history: 12 }` → `17 rows in 3 tables (5 units, 12 history)`. */
export function rowSummary(counts: Record<string, number>): string {
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  const list = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${t}`);
  return `${rows} rows in ${Object.keys(counts).length} tables (${list.join(', ')})`;
}
