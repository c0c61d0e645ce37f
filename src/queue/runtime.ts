import { Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobContext, QueueParts } from '../../jobs/job.ts';
import type { Config } from '../config.ts';
import type { Clock, NotifierPort, QueueStatusView, RelayTarget, SchedulerPort } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import type { CalendarService } from '../services/calendar.ts';
import type { FeedsService } from '../services/feeds.ts';
import type { IdentityService } from '../services/identity.ts';
import type { Senders } from '../services/senders.ts';
import { redisConnection } from './connection.ts';
import { deadLetters } from './dead-letters.ts';
import { DeliveryProducer } from './delivery.ts';
import { SCHEDULE_QUEUE } from './names.ts';
import { type ReminderReads, ReminderScheduler } from './reminders.ts';
import { schedulerPort } from './scheduler-port.ts';
import { Schedules } from './schedules.ts';
import { queueStatus } from './status.ts';
import { RedisWatch, type WatchTimes } from './watchdog.ts';
import { startWorkerSet } from './worker-set.ts';
import { everyMs } from './workers.ts';

/** Queue depths and the latest failures, for `/wg status` and the dashboard. */
export type QueueStatus = QueueStatusView;

/** How far back a rebuild after lost Redis data replays relayed notices (the ledger stops repeats). */
const REPLAY_MS = 24 * 3600_000;

/** What the queue needs from the rest of the process: the few reads it makes, and the jobs' context. */
export interface QueueDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  senders: Senders;
  /** The records reminders are derived from. */
  due: ReminderReads;
  /** The working calendar day-sized reminders land on. */
  calendar: Pick<CalendarService, 'get'>;
  feeds: Pick<FeedsService, 'all' | 'subscribers'>;
  identity: Pick<IdentityService, 'byIds'>;
  /** After Redis lost its data: relays the notices relayed since `since` again (the ledger stops repeats). */
  replayNotices(since: Date): Promise<void>;
  /** What the jobs run with besides the queue's own parts. */
  jobs: Omit<JobContext, QueueParts>;
}

export interface QueueOptions {
  url?: string;
  prefix?: string;
  platforms?: string[];
  /** Per-platform limiter overrides (tests). */
  limits?: Record<string, { max: number; duration: number }>;
  /** Per-platform delivery lane counts over `DELIVERY_LANES` (tests, the bench). */
  lanes?: Record<string, number>;
  /** Lock and stalled-check times in ms (default 30 s): how soon a killed worker's job is taken over. */
  lockMs?: number;
  /** The watchdog's timers (tests shorten them). */
  watch?: WatchTimes;
}

/**
 * The queue side of a process: producers always, workers on `startWorkers()`. It is the outbox
 * relay's target when Redis is up (`scheduler` and `notifier`). Deliveries are queued for
 * `platforms` (default: the platforms with a sender here or a token in the config, when it is made).
 */
export class QueueRuntime implements RelayTarget {
  readonly prefix: string;
  /** What the services (snooze, status) and the outbox relay call. */
  readonly scheduler: SchedulerPort;
  /** The queued notifier: every notice becomes delivery jobs. */
  readonly notifier: NotifierPort;
  readonly reminders: ReminderScheduler;
  readonly schedules: Schedules;
  readonly delivery: DeliveryProducer;
  /** What jobs run with; lets a test or a command run a job in-process. */
  readonly context: JobContext;
  /** Checks Redis for lost data (marker key, run id) and reconciles on its own timers. */
  readonly watch: RedisWatch;
  private readonly url: string;
  private readonly producer: Redis;
  private workerConn: Redis | null = null;
  private readonly scheduleQueue: Queue;
  private readonly workers: Worker[] = [];

  constructor(
    private readonly deps: QueueDeps,
    private readonly opts: QueueOptions = {},
  ) {
    const { config, log } = deps;
    this.url = opts.url ?? config.REDIS_URL;
    this.prefix = opts.prefix ?? 'steerbot';
    this.producer = redisConnection(this.url, 'producer', log);
    this.scheduleQueue = new Queue(SCHEDULE_QUEUE, { connection: this.producer, prefix: this.prefix });
    // A lost connection surfaces on the calls that fail; unheard, BullMQ prints every reconnect error.
    this.scheduleQueue.on('error', (err) => log.debug({ err }, 'schedule queue connection error'));
    this.delivery = new DeliveryProducer(this.producer, this.prefix, this.platformsServed(), log, opts.lanes);
    this.reminders = new ReminderScheduler(this.scheduleQueue, this.producer, this.prefix, deps);
    this.schedules = new Schedules(this.scheduleQueue, config, deps.feeds, deps.jobs.services.digest);
    this.notifier = this.delivery.notifier(deps);
    this.scheduler = schedulerPort({
      reminders: this.reminders,
      schedules: this.schedules,
      status: () => this.status(),
      log,
    });
    this.context = { ...deps.jobs, ...this.parts() };
    this.watch = this.redisWatch();
  }

  private parts(): Pick<JobContext, QueueParts> {
    return {
      notifier: this.notifier,
      delivery: this.delivery,
      reminders: this.reminders,
      schedules: this.schedules,
    };
  }

  private platformsServed(): string[] {
    const { config, senders } = this.deps;
    return (
      this.opts.platforms ?? [
        ...new Set([
          ...senders.all().map((s) => s.platform),
          ...(config.SLACK_BOT_TOKEN ? ['slack'] : []),
          ...(config.TELEGRAM_BOT_TOKEN ? ['telegram'] : []),
          ...(config.ZALO_BOT_TOKEN ? ['zalo'] : []),
        ]),
      ]
    );
  }

  private redisWatch(): RedisWatch {
    const { clock, log } = this.deps;
    const rebuild = async () => {
      await this.reconcile();
      // Notices relayed lately may have been lost with the queue: relay them again.
      await this.deps.replayNotices(new Date(clock.now().getTime() - REPLAY_MS));
    };
    const announce = (marker: string) =>
      this.notifier.toFeed('alerts', { kind: 'notice.queue_rebuilt', params: {} }, `queue_rebuilt_${marker}`);
    return new RedisWatch(
      this.producer,
      `${this.prefix}:steerbot:alive`,
      rebuild,
      () => this.reconcile(),
      log,
      {
        announce,
        clock,
      },
    );
  }

  /** The schedule queue first, then every delivery lane. */
  queues(): Queue[] {
    return [this.scheduleQueue, ...this.delivery.platforms.flatMap((p) => this.delivery.laneQueues(p))];
  }

  /** Resolves once the producer connection is up (or rejects after its retries). */
  async ready(): Promise<void> {
    await this.producer.ping();
  }

  /** Whether the producer connection is up now. */
  connected(): boolean {
    return this.producer.status === 'ready';
  }

  /** Derives reminders and schedulers from the database; run at start, hourly, and after a Redis loss. */
  async reconcile() {
    const reminders = await this.reminders.reconcile();
    const schedulers = await this.schedules.sync();
    this.deps.log.info({ reminders, schedulers }, 'queue reconciled with the database');
    return { reminders, schedulers };
  }

  /** Queue depths and the latest failures; says whether Redis is down or the read failed. */
  async status(): Promise<QueueStatus> {
    if (!this.connected()) return { queues: [], failed: [], down: true };
    try {
      // A platform's lanes are one line, under its first lane's name (`deliver-telegram`).
      const lanes = this.delivery.platforms.map((p) => ({
        name: this.delivery.queue(p).name,
        queues: this.delivery.laneQueues(p),
      }));
      return await queueStatus([{ name: this.scheduleQueue.name, queues: [this.scheduleQueue] }, ...lanes]);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.deps.log.debug({ err }, 'queue status not read');
      return { queues: [], failed: [], unreadable: reason };
    }
  }

  startWorkers(): Worker[] {
    this.workerConn ??= redisConnection(this.url, 'worker', this.deps.log);
    this.workers.push(
      ...startWorkerSet({
        prefix: this.prefix,
        connection: this.workerConn,
        ctx: this.context,
        senders: this.deps.senders,
        platforms: this.delivery.platforms,
        limits: { zalo: everyMs(this.deps.config.ZALO_RATE_GLOBAL), ...this.opts.limits },
        lanes: (p) => this.delivery.lanes(p),
        lockMs: this.opts.lockMs,
        deadLetter: deadLetters(this.deps.feeds, this.delivery),
      }),
    );
    return this.workers;
  }

  /** Finishes active jobs (up to `timeoutMs`), then closes workers, queues and connections. */
  async close(timeoutMs = 15_000): Promise<void> {
    await this.watch.stop();
    // Let active jobs finish; if Redis is gone or a job hangs, give up after `timeoutMs` (a killed
    // job is taken over by another worker when its lock expires; the ledger keeps it single).
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((r) => {
      timer = setTimeout(() => r(false), timeoutMs);
    });
    const graceful = Promise.all(this.workers.map((w) => w.close())).then(() => true);
    if (!(await Promise.race([graceful, late]))) {
      this.deps.log.warn('workers did not stop in time; closing them forcefully');
      await Promise.race([Promise.all(this.workers.map((w) => w.close(true))), late]);
    }
    this.producer.disconnect();
    this.workerConn?.disconnect();
    await Promise.race([Promise.all([this.scheduleQueue.close(), this.delivery.close()]), late]);
    clearTimeout(timer);
  }
}
