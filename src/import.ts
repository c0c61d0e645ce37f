/**
 * `npm run import -- FILE.csv [--as NAME]`: loads a backlog in the columns of
 * `/export/blockers.csv` through the import service. All or nothing: a bad row is reported by
 * its line ("line 7: unknown unit XYZ") and nothing is imported (exit 1). The history names the
 * local user (`$USER`, an admin as in the console) or NAME, on platform `import`.
 */
import { readFile } from 'node:fs/promises';
import { createApp } from './app.ts';
import { loadConfigOrExit } from './config.ts';
import { isUserError } from './domain/errors.ts';
import { translator } from './i18n/index.ts';
import { ImportRejected } from './services/import.ts';

async function run(argv: string[]): Promise<number> {
  const config = loadConfigOrExit('import', { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const t = translator(config.BOT_LOCALE);
  const asAt = argv.indexOf('--as');
  const name = asAt >= 0 ? argv[asAt + 1]?.trim() : undefined;
  const files = argv.filter((_, i) => asAt < 0 || (i !== asAt && i !== asAt + 1));
  const file = files[0];
  if (!file || files.length > 1 || (asAt >= 0 && !name)) {
    process.stderr.write(`${t('import.usage')}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    process.stderr.write(`import: ${t('import.no_file', { file, reason: (err as Error).message })}\n`);
    return 1;
  }
  const app = await createApp({ config });
  try {
    const user = config.USER;
    const local = await app.services.identity.resolve(
      { platform: 'console', id: user, name: user },
      { asAdmin: true },
    );
    const actor = name ? { ...local, person: { ...local.person, name } } : local;
    const done = await app.services.importer.blockers(actor, text);
    process.stdout.write(`${t('import.done', { count: done.imported, file })}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ImportRejected) {
      for (const p of err.problems)
        process.stderr.write(
          `${file}: ${t('import.line', { line: p.line, message: t(p.code, p.params) })}\n`,
        );
      process.stderr.write(`${t('import.rejected', { count: err.problems.length, file })}\n`);
      return 1;
    }
    if (isUserError(err)) {
      process.stderr.write(`import: ${t(err.code, err.params)}\n`);
      return 1;
    }
    throw err;
  } finally {
    await app.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`import: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
