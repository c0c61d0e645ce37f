import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { runConsole } from './adapters/console/index.ts';
import { adapters } from './adapters/index.ts';
import { type App, adapterDeps, consoleDeps, createApp } from './app.ts';
import { loadConfigOrExit } from './config.ts';
import { registerConfiguredSenders } from './delivery/configured.ts';
import { directNotifier } from './delivery/direct.ts';
import { createHttpServer } from './http/server.ts';
import { createLogger } from './logger.ts';
import { redisReachable } from './queue/probe.ts';
import { startQueue } from './queue/process.ts';
import { loadSeedUnits } from './seed-data.ts';
import { DatabaseInUseError } from './store/data-dir-lock.ts';

/** `npm start`: the bot on every configured platform, the console when there is none. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('steerbot');
  const interactive = Boolean(process.stdin.isTTY);
  const platforms = adapters.some((a) => a.enabled(config));
  // The interactive console's screen is the conversation: logs go to a file in DATA_DIR.
  const logFile = interactive && (!platforms || config.CONSOLE) ? consoleLogFile(config.DATA_DIR) : undefined;
  const app = await createApp({
    config,
    log: logFile === null ? createLogger('silent') : createLogger(config.LOG_LEVEL, logFile),
  });
  const { log } = app;
  if (logFile) process.stdout.write(`steerbot: logs go to ${logFile}\n`);

  if (app.database.kind === 'pglite') await offerSeed(app, interactive);

  const redisUp = await redisReachable(config.REDIS_URL);
  if (!redisUp) {
    // Once on the screen: the line for people; the JSON log has it only when it is a file.
    process.stderr.write(
      `steerbot: warning: Redis at ${config.REDIS_URL} is not reachable; reminders and scheduled summaries are off.\n`,
    );
    if (logFile)
      log.warn(
        { redis: config.REDIS_URL },
        'Redis is not reachable: scheduling is off (no reminders, no scheduled summaries)',
      );
  }

  const http = createHttpServer(app);
  /** What to stop on SIGTERM, last started first. */
  const stops: Array<() => Promise<void>> = [];

  // Platforms (src/adapters/index.ts): each registers its sender and mounts its routes on http.
  for (const adapter of adapters) {
    if (adapter.enabled(config)) stops.push(await adapter.start(adapterDeps(app, http)));
  }

  if (redisUp) {
    // The queue takes over: reminders and schedulers derived from the database, every notice
    // through the delivery queues; the workers run here too unless WORKERS=0 (then `npm run worker`).
    registerConfiguredSenders(app);
    const queue = await startQueue(app, { workers: config.WORKERS });
    // bull-board is loaded only when it is mounted (~12 MB of a server's memory otherwise).
    if (config.DASHBOARD_TOKEN) {
      const { mountDashboard } = await import('./queue/dashboard.ts');
      mountDashboard(http.express, queue, config.DASHBOARD_TOKEN);
    } else log.info('queue dashboard off (set DASHBOARD_TOKEN to mount it at /admin/queues)');
    stops.push(() => queue.close());
    log.info({ workers: config.WORKERS }, 'queue started');
  } else {
    // No Redis: the outbox relay hands notices straight to the platforms (no retries, no ledger).
    app.notices.add(directNotifier(app.services, app.senders, log));
    app.relay.start();
    await app.relay.kick();
  }

  if (platforms || process.env.PORT) {
    const port = await http.listen(config.PORT);
    log.info({ port }, 'HTTP server listening');
    stops.push(() => http.close());
  }

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const s of stops.reverse()) {
      await s().catch((err: unknown) => log.error({ err }, 'error while stopping'));
    }
    await app.close();
    process.exit(code);
  };
  // `npm start < session.txt | head`: the reader went away; stop quietly instead of a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') void stop(0);
    else log.error({ err }, 'standard output failed');
  });
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));

  if (!platforms || config.CONSOLE) {
    await runConsole(consoleDeps(app), { interactive });
    if (!platforms) await stop(0);
  }
}

/** Where the interactive console logs: `DATA_DIR/steerbot.log`; null (silent) for an in-memory database. */
function consoleLogFile(dataDir: string): string | null {
  return dataDir === 'memory://' ? null : join(dataDir, 'steerbot.log');
}

/** On the first start of an empty embedded database, load the unit directory (asked in a terminal). */
async function offerSeed(app: App, interactive: boolean): Promise<void> {
  if ((await app.services.units.count()) > 0) return;
  const units = await loadSeedUnits();
  if (interactive) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(
      `The unit directory is empty. Load the ${units.length} units named in the working group's reports? [Y/n] `,
    );
    rl.close();
    if (/^n/i.test(answer.trim())) return;
  }
  const actor = await app.services.identity.resolve(
    { platform: 'console', id: app.config.USER, name: app.config.USER },
    { asAdmin: true },
  );
  const added = await app.services.units.seed(actor, units);
  app.log.info({ added }, 'first start: unit directory loaded from seed/units.json');
  if (interactive) process.stdout.write(`Loaded ${added} units (see /unit list).\n`);
}

main().catch((err: unknown) => {
  // Another process owns the embedded database, or the server in DATABASE_URL cannot be reached:
  // the one line that says so, nothing else.
  const oneLine =
    err instanceof DatabaseInUseError || (err instanceof Error && err.name === 'DatabaseConnectError');
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`steerbot: ${oneLine ? message : `failed to start: ${message}`}\n`);
  process.exit(1);
});
