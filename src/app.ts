import { deliverNow } from '../jobs/deliver.ts';
import type { AdapterDeps, ConsoleDeps } from './adapters/deps.ts';
import { type Config, loadConfig } from './config.ts';
import { createDispatcher, type Dispatcher } from './dispatch.ts';
import type { Delivery } from './domain/delivery.ts';
import {
  type Clock,
  type NotifierPort,
  noScheduler,
  type RelayTarget,
  type SchedulerPort,
  type Sender,
  systemClock,
} from './domain/ports.ts';
import { createMetrics, type PromMetrics } from './http/metrics.ts';
import type { HttpServer } from './http/server.ts';
import { createLogger, type Logger } from './logger.ts';
import { type QueueDeps, type QueueOptions, QueueRuntime } from './queue/runtime.ts';
import { fanOutNotifier } from './services/deliver-notice.ts';
import { createServices, type Services } from './services/index.ts';
import { OutboxRelay, outboxPorts } from './services/outbox.ts';
import { Senders } from './services/senders.ts';
import { type Database, openDatabase } from './store/db.ts';

/**
 * Who else hears of every notice, once the relay's target took it: the console printer, a test.
 * An observer is told after the delivery (queued or direct) succeeded, so a notice retried after a
 * failure reaches it once; an observer's own failure is logged, never retried.
 */
export class NoticeObservers {
  private readonly list: NotifierPort[] = [];
  constructor(private readonly log: Logger) {}

  add(observer: NotifierPort): void {
    this.list.push(observer);
  }

  /** `target`, with the observers told after its notifier. */
  after(target: RelayTarget): RelayTarget {
    const tell = async (call: (n: NotifierPort) => Promise<void>, key: string) => {
      await call(target.notifier);
      for (const o of this.list)
        await call(o).catch((err: unknown) => this.log.warn({ err, key }, 'a notice observer failed'));
    };
    return {
      scheduler: target.scheduler,
      notifier: {
        toFeed: (feed, notice, key) => tell((n) => n.toFeed(feed, notice, key), key),
        toPerson: (personId, notice, key) => tell((n) => n.toPerson(personId, notice, key), key),
      },
    };
  }
}

export interface App {
  config: Config;
  log: Logger;
  clock: Clock;
  database: Database;
  services: Services;
  dispatcher: Dispatcher;
  /** Observers of the notices the relay carries out (the console's printer, tests). */
  notices: NoticeObservers;
  /** The platforms' ways out, registered by the adapters this process runs. */
  senders: Senders;
  metrics: PromMetrics;
  /** The queue, when this process was made with one (Redis up); null: notices go out directly. */
  queue: QueueRuntime | null;
  /**
   * Carries outbox rows to the queue (or, without one, straight to the platforms): after each
   * change, and on a timer once a process starts it (`relay.start()`, in `npm start` and `npm run worker`).
   */
  relay: OutboxRelay;
  close(): Promise<void>;
}

export interface AppOptions {
  config?: Config;
  clock?: Clock;
  log?: Logger;
  /** Run with a queue (Redis is up): the relay's target, the scheduler the services ask. */
  queue?: QueueOptions | undefined;
  /** Senders to register before the queue picks the platforms it queues for (tests). */
  senders?: Sender[];
}

/**
 * No Redis: the relay hands each notice to `deliverNotice` at once, with the same sent-ledger as
 * the queued path. A send that fails leaves the outbox row for the relay's next pass (the ledger
 * skips the chats it reached); one that can never succeed (bot blocked, chat gone) is logged.
 */
function directTarget(app: Pick<App, 'services' | 'senders' | 'config' | 'log'>): RelayTarget {
  const { services, senders, log } = app;
  const each = async (d: Delivery) => {
    try {
      await deliverNow(app, d);
    } catch (err) {
      if ((err as Error | null)?.name !== 'PermanentDeliveryError') throw err;
      log.error({ err, platform: d.platform, target: d.target, key: d.key }, 'notice not delivered');
    }
  };
  const platforms = () => senders.all().map((s) => s.platform);
  return { scheduler: noScheduler, notifier: fanOutNotifier(services, platforms, each, log) };
}

/**
 * Opens the database and wires the services, the dispatcher, the outbox relay and (with
 * `opts.queue`) the queue: the core every process shares. The relay's target is chosen here, once.
 */
export async function createApp(opts: AppOptions = {}): Promise<App> {
  const config = opts.config ?? loadConfig(process.env);
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const clock = opts.clock ?? systemClock;
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, log });
  const metrics = createMetrics();
  const senders = new Senders(metrics);
  for (const s of opts.senders ?? []) senders.register(s);
  // The services and the queue need each other at run time (a snooze asks the queue; the queue
  // reads the records through the services): the queue is made right after the services, and
  // these two calls reach it then.
  let queue: QueueRuntime | null = null;
  let relay: OutboxRelay | null = null;
  const relayNow = () => relay?.kick() ?? Promise.resolve();
  // A service that calls the ports directly (after its transaction) still goes through the outbox:
  // what it asks for is stored first, then carried out like the rest, never lost to a Redis outage.
  const later = outboxPorts(database, clock, relayNow);
  const scheduler: SchedulerPort = {
    ...later.scheduler,
    status: () => (queue ? queue.status() : Promise.resolve(null)),
    snooze: (ref, days, actor) => (queue ? queue.scheduler.snooze(ref, days, actor) : Promise.resolve(null)),
  };
  const services = createServices({
    database,
    config,
    clock,
    scheduler,
    notifier: later.notifier,
    log,
    relayNow,
  });
  const core = { config, log, clock, services, senders, metrics };
  queue = opts.queue ? new QueueRuntime(queueDeps(core, relayNow), opts.queue) : null;
  const notices = new NoticeObservers(log);
  relay = new OutboxRelay(services.outbox, notices.after(queue ?? directTarget(core)), log);
  metrics.watchQueues(() => (queue ? queue.status() : Promise.resolve(null)));
  const outboxRelay = relay;
  return {
    ...core,
    database,
    dispatcher: createDispatcher(services, log, metrics),
    notices,
    queue,
    relay: outboxRelay,
    close: async () => {
      await outboxRelay.stop();
      await database.close();
    },
  };
}

type Core = Pick<App, 'config' | 'log' | 'clock' | 'services' | 'senders' | 'metrics'>;

/** The few service reads the queue makes, and what its jobs run with. */
function queueDeps(core: Core, relayNow: () => Promise<void>): QueueDeps {
  const { config, log, clock, services, senders, metrics } = core;
  return {
    config,
    log,
    clock,
    senders,
    due: services.due,
    calendar: services.calendar,
    feeds: services.feeds,
    identity: services.identity,
    async replayNotices(since: Date) {
      await services.outbox.replaySince(since);
      await relayNow();
    },
    jobs: { services, config, log, clock, senders, metrics },
  };
}

/**
 * One more queue runtime over `app`'s services, on its own options (the bench runs several on one
 * app). The app's relay keeps its own target.
 */
export function extraQueue(app: App, opts: QueueOptions): QueueRuntime {
  return new QueueRuntime(
    queueDeps(app, () => app.relay.kick()),
    opts,
  );
}

/** What a platform adapter gets of the app (narrow ports) and the HTTP routes it mounts on. */
export function adapterDeps(app: App, http: Pick<HttpServer, 'express'>): AdapterDeps {
  return {
    config: app.config,
    log: app.log,
    clock: app.clock,
    dispatcher: app.dispatcher,
    inbox: app.services.inbox,
    senders: app.senders,
    routes: http.express,
  };
}

/** What the console gets of the app. */
export function consoleDeps(app: App): ConsoleDeps {
  return { config: app.config, dispatcher: app.dispatcher, notices: app.notices };
}
