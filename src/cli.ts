import type { Config } from './config.ts';
import { maskUrl } from './store/db.ts';

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

/** Which database the config names, in words: for the lines a command prints. */
export function databaseName(config: Config): string {
  return config.DATABASE_URL
    ? `the PostgreSQL database in DATABASE_URL (${maskUrl(config.DATABASE_URL)})`
    : `the embedded database in ${config.DATA_DIR}`;
}

/** `{ units: 5, blockers: 0, history: 12 }` → `5 units, 12 history` (tables with rows only). */
export function rowList(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
}
