import { type Config, loadConfig } from './config.ts';
import type { Senders } from './delivery/types.ts';
import { createDispatcher, type Dispatcher } from './dispatch.ts';
import type { Notice } from './domain/notice.ts';
import type { Feed } from './domain/types.ts';
import { createMetrics, MeteredSenders, type Metrics } from './http/metrics.ts';
import { createLogger, type Logger } from './logger.ts';
import {
  type Clock,
  type NotifierPort,
  noScheduler,
  type SchedulerPort,
  systemClock,
} from './services/deps.ts';
import { createServices, type Services } from './services/index.ts';
import { type Database, openDatabase } from './store/db.ts';

/** Where notices go: every registered sink gets each one (console printer, delivery queue…). */
export class NoticeFanout implements NotifierPort {
  private readonly sinks: NotifierPort[] = [];
  add(sink: NotifierPort): void {
    this.sinks.push(sink);
  }
  async toFeed(feed: Feed, notice: Notice, key: string): Promise<void> {
    for (const s of this.sinks) await s.toFeed(feed, notice, key);
  }
  async toPerson(personId: number, notice: Notice, key: string): Promise<void> {
    for (const s of this.sinks) await s.toPerson(personId, notice, key);
  }
}

export interface App {
  config: Config;
  log: Logger;
  database: Database;
  services: Services;
  dispatcher: Dispatcher;
  notices: NoticeFanout;
  /** The platforms' ways out, registered by the adapters this process runs. */
  senders: Senders;
  metrics: Metrics;
  /** Replaced by the queue once it is up; services call through this holder. */
  scheduler: { current: SchedulerPort };
  close(): Promise<void>;
}

/** Opens the database and wires the services and the dispatcher: the core every process shares. */
export async function createApp(opts: { config?: Config; clock?: Clock; log?: Logger } = {}): Promise<App> {
  const config = opts.config ?? loadConfig(process.env);
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const notices = new NoticeFanout();
  const scheduler = { current: noScheduler };
  const services = createServices({
    database,
    config,
    clock: opts.clock ?? systemClock,
    scheduler: {
      itemChanged: (ref) => scheduler.current.itemChanged(ref),
      subscriptionChanged: (sub) => scheduler.current.subscriptionChanged(sub),
      status: () => scheduler.current.status(),
      snooze: (ref, days, actor) => scheduler.current.snooze(ref, days, actor),
    },
    notifier: notices,
    log,
  });
  const metrics = createMetrics();
  metrics.watchQueues(() => scheduler.current.status());
  const dispatcher = createDispatcher(services, log, metrics);
  return {
    config,
    log,
    database,
    services,
    dispatcher,
    notices,
    senders: new MeteredSenders(metrics),
    metrics,
    scheduler,
    close: () => database.close(),
  };
}
