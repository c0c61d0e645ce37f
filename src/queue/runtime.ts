import { Queue, type Worker } from 'bullmq';
import { deliveryJobs, scheduleJobs } from '../../jobs/index.ts';
import type { App } from '../app.ts';
import type { NotifierPort, QueueStatusView, SchedulerPort } from '../services/deps.ts';
import { redisConnection } from './connection.ts';
import { type Delivery, DeliveryProducer, targetLabel } from './delivery.ts';
import type { JobContext } from './job.ts';
import { deliveryQueue, SCHEDULE_QUEUE } from './names.ts';
import { ReminderScheduler } from './reminders.ts';
import { Schedules } from './schedules.ts';
import { isFinalFailure, PLATFORM_LIMITS, startWorker } from './workers.ts';

/** Queue depths and the latest failures, for `/wg status` and the dashboard. */
export type QueueStatus = QueueStatusView;

export interface QueueRuntime {
  prefix: string;
  /** What the services call (through `app.scheduler.current`). */
  scheduler: SchedulerPort;
  /** The queued notifier: add it to `app.notices`. */
  notifier: NotifierPort;
  reminders: ReminderScheduler;
  schedules: Schedules;
  delivery: DeliveryProducer;
  queues(): Queue[];
  /** What jobs run with; lets a test or a command run a job in-process. */
  context: JobContext;
  /** Derives reminders and schedulers from the database; run at start (and hourly by its scheduler). */
  reconcile(): Promise<unknown>;
  startWorkers(): Worker[];
  status(): Promise<QueueStatus>;
  /** Finishes active jobs (up to `timeoutMs`), then closes workers, queues and connections. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * The queue side of a process: producers always, workers on `startWorkers()`. Deliveries are queued
 * for `platforms` (default: the platforms with a sender here or a token in the config).
 */
export function createQueueRuntime(
  app: App,
  opts: {
    url?: string;
    prefix?: string;
    platforms?: string[];
    /** Per-platform limiter overrides (tests). */
    limits?: Record<string, { max: number; duration: number }>;
    /** Lock and stalled-check times in ms (default 30 s): how soon a killed worker's job is taken over. */
    lockMs?: number;
  } = {},
): QueueRuntime {
  const { config, log } = app;
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
  const delivery = new DeliveryProducer(producer, prefix, platforms);
  const deps = { database: app.database, config, clock: app.services.deps.clock, log };
  const reminders = new ReminderScheduler(scheduleQueue, producer, prefix, deps);
  const schedules = new Schedules(scheduleQueue, config, app.services);
  const notifier = delivery.notifier(app.services, log);
  const workers: Worker[] = [];

  const ctx: JobContext = {
    services: app.services,
    config,
    log,
    clock: deps.clock,
    notifier: app.notices,
    delivery,
    reminders,
    schedules,
    senders: app.senders,
    metrics: app.metrics,
  };

  async function deadLetter(d: Delivery, attempts: number, reason: string, jobId: string) {
    for (const sub of await app.services.feeds.subscribers('alerts')) {
      await delivery.add({
        platform: sub.platform,
        target: { chatId: sub.chatId },
        content: {
          notice: {
            kind: 'notice.dead_letter',
            params: { target: `${d.platform} ${targetLabel(d.target)}`, attempts, reason },
          },
        },
        key: `dead_${jobId}`,
        deadLetter: true,
      });
    }
  }

  async function status(): Promise<QueueStatus> {
    const out: QueueStatus = { queues: [], failed: [] };
    for (const q of [scheduleQueue, ...platforms.map((p) => delivery.queue(p))]) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
      out.queues.push({
        name: q.name,
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
      });
      for (const j of await q.getFailed(0, 4)) {
        out.failed.push({
          queue: q.name,
          id: j.id ?? '',
          name: j.name,
          reason: j.failedReason ?? '',
          at: j.finishedOn ?? null,
        });
      }
    }
    return out;
  }

  const scheduler: SchedulerPort = {
    status,
    async itemChanged(ref) {
      try {
        await reminders.scheduleItem(ref);
      } catch (err) {
        log.warn({ err, ref }, 'could not reschedule reminders now; the hourly reconcile will');
      }
    },
    async snooze(ref, days, actor) {
      try {
        return await reminders.snooze(ref, days);
      } catch (err) {
        log.warn(
          { err, ref, days, actor: actor.person.id },
          'could not snooze the reminder (queue unreachable)',
        );
        return null;
      }
    },
    async subscriptionChanged(sub) {
      try {
        await schedules.subscriptionChanged(sub);
      } catch (err) {
        log.warn({ err, sub }, 'could not update the subscription scheduler now; the hourly reconcile will');
      }
    },
  };

  return {
    prefix,
    scheduler,
    notifier,
    reminders,
    schedules,
    delivery,
    queues: () => [scheduleQueue, ...platforms.map((p) => delivery.queue(p))],
    context: ctx,
    async reconcile() {
      const r = await reminders.reconcile();
      const s = await schedules.sync();
      log.info({ reminders: r, schedulers: s }, 'queue reconciled with the database');
      return { reminders: r, schedulers: s };
    },
    startWorkers() {
      workerConn ??= redisConnection(url, 'worker');
      const connection = workerConn;
      const lock = opts.lockMs ? { lockDuration: opts.lockMs, stalledInterval: opts.lockMs } : {};
      workers.push(
        startWorker({
          queue: SCHEDULE_QUEUE,
          prefix,
          connection,
          jobs: scheduleJobs,
          ctx,
          concurrency: 4,
          ...lock,
        }),
      );
      for (const sender of app.senders.all()) {
        if (!platforms.includes(sender.platform)) continue;
        workers.push(
          startWorker({
            queue: deliveryQueue(sender.platform),
            prefix,
            connection,
            jobs: deliveryJobs,
            ctx,
            // One at a time per platform: messages to a chat go out in the order they were queued.
            concurrency: 1,
            limiter: opts.limits?.[sender.platform] ??
              PLATFORM_LIMITS[sender.platform] ?? { max: 10, duration: 1000 },
            ...lock,
            onFailed: (job, err) => {
              const d = job.data as Delivery;
              if (!isFinalFailure(job, err) || d.deadLetter) return;
              deadLetter(d, job.attemptsMade, err.message, job.id ?? '').catch((e: unknown) =>
                log.error({ err: e }, 'could not queue the dead letter'),
              );
            },
          }),
        );
      }
      return workers;
    },
    status,
    async close(timeoutMs = 15_000) {
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
