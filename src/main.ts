import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { runConsole } from './adapters/console/index.ts';
import { adapters } from './adapters/index.ts';
import { type App, adapterDeps, consoleDeps, createApp } from './app.ts';
import { loadConfigOrExit } from './config.ts';
import { createHttpServer, type HttpServer } from './http/server.ts';
import { createLogger, type Logger } from './logger.ts';
import { redisReachable } from './queue/probe.ts';
import { startQueue } from './queue/process.ts';
import type { QueueRuntime } from './queue/runtime.ts';
import { loadSeedUnits } from './seed-data.ts';
import { DatabaseInUseError } from './store/data-dir-lock.ts';
import { registerConfiguredSenders } from './wiring/senders.ts';

/** `npm start`: the bot on every configured platform, the console when there is none. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('steerbot');
  const interactive = Boolean(process.stdin.isTTY);
  const platforms = adapters.some((a) => a.enabled(config));
  // The interactive console's screen is the conversation: logs go to a file in DATA_DIR.
  const logFile = interactive && (!platforms || config.CONSOLE) ? consoleLogFile(config.DATA_DIR) : undefined;
  const log = logFile === null ? createLogger('silent') : createLogger(config.LOG_LEVEL, logFile);
  if (logFile) process.stdout.write(`steerbot: logs go to ${logFile}\n`);
  // Decided once, at start: with Redis the relay feeds the queue; without it notices go straight to
  // the platforms (same ledger, retried by the relay). A process started without Redis keeps that
  // path when Redis comes up later; restart it to get reminders and scheduled summaries.
  const redisUp = await redisReachable(config.REDIS_URL, log);
  const app = await createApp({ config, log, queue: redisUp ? {} : undefined });
  // After the database opened: a database that cannot be reached is the one line said.
  if (!redisUp) warnNoRedis(config.REDIS_URL, log, Boolean(logFile));
  if (app.database.kind === 'pglite') await offerSeed(app, interactive);

  const http = createHttpServer(app);
  const stops = await startPlatforms(app, http);
  if (app.queue) stops.push(await runQueue(app, app.queue, http));
  else {
    app.relay.start();
    await app.relay.kick();
  }
  if (platforms || process.env.PORT) {
    const port = await http.listen(config.PORT);
    log.info({ port }, 'HTTP server listening');
    stops.push(() => http.close());
  }
  const stop = stopper(app, stops);
  if (!platforms || config.CONSOLE) {
    await runConsole(consoleDeps(app), { interactive });
    if (!platforms) await stop(0);
  }
}

/** Once on the screen: the line for people; the JSON log has it only when it is a file. */
function warnNoRedis(url: string, log: Logger, logToFile: boolean): void {
  process.stderr.write(
    `steerbot: warning: Redis at ${url} is not reachable; reminders and scheduled summaries are off.\n`,
  );
  if (logToFile)
    log.warn(
      { redis: url },
      'Redis is not reachable: scheduling is off (no reminders, no scheduled summaries)',
    );
}

/** Platforms (src/adapters/index.ts): each registers its sender and mounts its routes on http; what to stop. */
async function startPlatforms(app: App, http: HttpServer): Promise<Array<() => Promise<void>>> {
  const stops: Array<() => Promise<void>> = [];
  for (const adapter of adapters) {
    if (adapter.enabled(app.config)) stops.push(await adapter.start(adapterDeps(app, http)));
  }
  return stops;
}

/**
 * The queue takes over: reminders and schedulers derived from the database, every notice through
 * the delivery queues; the workers run here too unless WORKERS=0 (then `npm run worker`).
 */
async function runQueue(app: App, queue: QueueRuntime, http: HttpServer): Promise<() => Promise<void>> {
  const { config, log } = app;
  registerConfiguredSenders(app);
  await startQueue(queue, app.relay, { workers: config.WORKERS });
  // bull-board is loaded only when it is mounted (~12 MB of a server's memory otherwise).
  if (config.DASHBOARD_TOKEN) {
    const { mountDashboard } = await import('./queue/dashboard.ts');
    mountDashboard(http.express, queue, config.DASHBOARD_TOKEN);
  } else log.info('queue dashboard off (set DASHBOARD_TOKEN to mount it at /admin/queues)');
  log.info({ workers: config.WORKERS }, 'queue started');
  return () => queue.close();
}

/** Stops what was started (last first) and exits, on SIGTERM, SIGINT or a closed standard output. */
function stopper(app: App, stops: Array<() => Promise<void>>): (code: number) => Promise<void> {
  const { log } = app;
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
  return stop;
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
