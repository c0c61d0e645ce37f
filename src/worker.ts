import { createApp } from './app.ts';
import { loadConfigOrExit } from './config.ts';
import { createLogger } from './logger.ts';
import { redisReachable } from './queue/probe.ts';
import { startQueue } from './queue/process.ts';
import { registerConfiguredSenders } from './wiring/senders.ts';

/** `npm run worker`: the job workers alone (reminders, summaries, deliveries); no chat adapter. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('steerbot worker');
  if (!config.DATABASE_URL) {
    // The embedded database belongs to one process, and `npm start` runs the workers itself.
    process.stderr.write(
      `steerbot worker: the embedded database in ${config.DATA_DIR} belongs to npm start, which runs the workers itself; set DATABASE_URL to a PostgreSQL server to run workers as separate processes\n`,
    );
    process.exit(1);
  }
  const log = createLogger(config.LOG_LEVEL);
  if (!(await redisReachable(config.REDIS_URL, log))) {
    process.stderr.write(
      `steerbot worker: Redis at ${config.REDIS_URL} is not reachable; the workers need it.\n`,
    );
    process.exit(1);
  }
  const app = await createApp({ config, log, queue: {} });
  registerConfiguredSenders(app);
  if (!app.queue) throw new Error('made without a queue');
  const rt = await startQueue(app.queue, app.relay, { workers: true });
  app.log.info({ platforms: app.senders.all().map((s) => s.platform) }, 'workers started');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    app.log.info('stopping: finishing active jobs');
    await rt.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(
    `steerbot worker: failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
