import { Queue, type Worker } from 'bullmq';
import type { App } from '../app.ts';
import type { NotifierPort, QueueStatusView, SchedulerPort } from '../domain/ports.ts';
import { redisConnection } from './connection.ts';
import { deadLetters } from './dead-letters.ts';
import { DeliveryProducer } from './delivery.ts';
import type { JobContext } from './job.ts';
import { SCHEDULE_QUEUE } from './names.ts';
import { ReminderScheduler } from './reminders.ts';
import { schedulerPort } from './scheduler-port.ts';
import { Schedules } from './schedules.ts';
import { queueStatus } from './status.ts';
import { RedisWatch, type WatchTimes } from './watchdog.ts';
import { startWorkerSet } from './worker-set.ts';

/** Queue depths and the latest failures, for `/wg status` and the dashboard. */
export type QueueStatus = QueueStatusView;

/** How far back a rebuild after lost Redis data replays relayed notices (the ledger stops repeats). */
const REPLAY_MS = 24 * 3600_000;

export interface QueueRuntime {
  prefix: string;
  /** What the services and the outbox relay call (through `app.scheduler.current`). */
  scheduler: SchedulerPort;
  /** The queued notifier: add it to `app.notices`. */
  notifier: NotifierPort;
  reminders: ReminderScheduler;
  schedules: Schedules;
  delivery: DeliveryProducer;
  queues(): Queue[];
  /** What jobs run with; lets a test or a command run a job in-process. */
  context: JobContext;
  /** Resolves once the producer connection is up (or rejects after its retries). */
  ready(): Promise<void>;
  /** Whether the producer connection is up now. */
  connected(): boolean;
  /** Derives reminders and schedulers from the database; run at start, hourly, and after a Redis loss. */
  reconcile(): Promise<unknown>;
  /** Checks Redis for lost data (marker key, run id) and reconciles on its own timers. */
  watch: RedisWatch;
  startWorkers(): Worker[];
  status(): Promise<QueueStatus>;
  /** Finishes active jobs (up to `timeoutMs`), then closes workers, queues and connections. */
  close(timeoutMs?: number): Promise<void>;
}

export interface QueueOptions {
  url?: string;
  prefix?: string;
  platforms?: string[];
  /** Per-platform limiter overrides (tests). */
  limits?: Record<string, { max: number; duration: number }>;
  /** Lock and stalled-check times in ms (default 30 s): how soon a killed worker's job is taken over. */
  lockMs?: number;
  /** The watchdog's timers (tests shorten them). */
  watch?: WatchTimes;
}

/**
 * The queue side of a process: producers always, workers on `startWorkers()`. Deliveries are queued
 * for `platforms` (default: the platforms with a sender here or a token in the config).
 */
export function createQueueRuntime(app: App, opts: QueueOptions = {}): QueueRuntime {
  const { config, log, services } = app;
  const url = opts.url ?? config.REDIS_URL;
  const prefix = opts.prefix ?? 'steerbot';
  const producer = redisConnection(url, 'producer');
  let workerConn: ReturnType<typeof redisConnection> | null = null;
  const platforms = opts.platforms ?? [
    ...new Set([
      ...app.senders.all().map((s) => s.platform),
      ...(config.SLACK_BOT_TOKEN ? ['slack'] : []),
      ...(config.TELEGRAM_BOT_TOKEN ? ['telegram'] : []),
    ]),
  ];
  const scheduleQueue = new Queue(SCHEDULE_QUEUE, { connection: producer, prefix });
  // A lost connection surfaces on the calls that fail; unheard, BullMQ prints every reconnect error.
  scheduleQueue.on('error', (err) => log.debug({ err }, 'schedule queue connection error'));
  const delivery = new DeliveryProducer(producer, prefix, platforms, log);
  const clock = services.clock;
  const reminders = new ReminderScheduler(scheduleQueue, producer, prefix, {
    due: services.due,
    config,
    clock,
    log,
  });
  const schedules = new Schedules(scheduleQueue, config, services);
  const queues = () => [scheduleQueue, ...platforms.map((p) => delivery.queue(p))];
  const status = async (): Promise<QueueStatus> => {
    if (producer.status !== 'ready') return { queues: [], failed: [], down: true };
    return queueStatus(queues()).catch(() => ({ queues: [], failed: [], down: true }));
  };
  const workers: Worker[] = [];
  const context: JobContext = {
    services,
    config,
    log,
    clock,
    notifier: app.notices,
    delivery,
    reminders,
    schedules,
    senders: app.senders,
    metrics: app.metrics,
  };

  async function reconcile() {
    const r = await reminders.reconcile();
    const s = await schedules.sync();
    log.info({ reminders: r, schedulers: s }, 'queue reconciled with the database');
    return { reminders: r, schedulers: s };
  }

  const watch = new RedisWatch(
    producer,
    `${prefix}:steerbot:alive`,
    async () => {
      await reconcile();
      // Notices relayed lately may have been lost with the queue: relay them again.
      await services.outbox.replaySince(new Date(Date.now() - REPLAY_MS));
      await app.relay.kick();
    },
    reconcile,
    log,
    (marker) =>
      app.notices.toFeed('alerts', { kind: 'notice.queue_rebuilt', params: {} }, `queue_rebuilt_${marker}`),
  );

  return {
    prefix,
    scheduler: schedulerPort({ reminders, schedules, status, log }),
    notifier: delivery.notifier(services, log),
    reminders,
    schedules,
    delivery,
    queues,
    context,
    watch,
    async ready() {
      await producer.ping();
    },
    connected: () => producer.status === 'ready',
    reconcile,
    startWorkers() {
      workerConn ??= redisConnection(url, 'worker');
      workers.push(
        ...startWorkerSet({
          prefix,
          connection: workerConn,
          ctx: context,
          senders: app.senders,
          platforms,
          limits: opts.limits,
          lockMs: opts.lockMs,
          deadLetter: deadLetters(services, delivery),
        }),
      );
      return workers;
    },
    status,
    async close(timeoutMs = 15_000) {
      await watch.stop();
      // Let active jobs finish; if Redis is gone or a job hangs, give up after `timeoutMs` (a killed
      // job is taken over by another worker when its lock expires; the ledger keeps it single).
      const graceful = Promise.all(workers.map((w) => w.close())).then(() => true);
      const timer = new Promise<false>((r) => setTimeout(() => r(false), timeoutMs).unref());
      if (!(await Promise.race([graceful, timer]))) {
        log.warn('workers did not stop in time; closing them forcefully');
        await Promise.race([Promise.all(workers.map((w) => w.close(true))), timer]);
      }
      producer.disconnect();
      workerConn?.disconnect();
      await Promise.race([Promise.all([scheduleQueue.close(), delivery.close()]), timer]);
    },
  };
}
