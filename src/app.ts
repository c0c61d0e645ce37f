import type { AdapterDeps, ConsoleDeps } from './adapters/deps.ts';
import { type Config, loadConfig } from './config.ts';
import type { Senders } from './delivery/types.ts';
import { createDispatcher, type Dispatcher } from './dispatch.ts';
import type { Notice } from './domain/notice.ts';
import {
  type Clock,
  type NotifierPort,
  noScheduler,
  type SchedulerPort,
  systemClock,
} from './domain/ports.ts';
import type { Feed } from './domain/types.ts';
import { createMetrics, MeteredSenders, type Metrics } from './http/metrics.ts';
import type { HttpServer } from './http/server.ts';
import { createLogger, type Logger } from './logger.ts';
import { createServices, type Services } from './services/index.ts';
import { OutboxRelay, outboxPorts } from './services/outbox.ts';
import { type Database, openDatabase } from './store/db.ts';

/**
 * Where notices go: every registered sink gets each one (console printer, delivery queue…). The
 * outbox relay retries a notice when a sink failed (Redis down); sinks that already took it are
 * skipped then, so the console does not print it twice.
 */
export class NoticeFanout implements NotifierPort {
  private readonly sinks: NotifierPort[] = [];
  /** Sinks that took a notice whose delivery then failed at a later sink, by notice. */
  private readonly partial = new Map<string, Set<number>>();
  add(sink: NotifierPort): void {
    this.sinks.push(sink);
  }
  private async each(id: string, send: (s: NotifierPort) => Promise<void>): Promise<void> {
    const took = this.partial.get(id) ?? new Set<number>();
    for (const [i, s] of this.sinks.entries()) {
      if (took.has(i)) continue;
      try {
        await send(s);
      } catch (err) {
        if (took.size > 0) this.partial.set(id, took);
        if (this.partial.size > 10_000) this.partial.delete(this.partial.keys().next().value as string);
        throw err;
      }
      took.add(i);
    }
    this.partial.delete(id);
  }
  toFeed(feed: Feed, notice: Notice, key: string): Promise<void> {
    return this.each(`feed:${feed}|${key}`, (s) => s.toFeed(feed, notice, key));
  }
  toPerson(personId: number, notice: Notice, key: string): Promise<void> {
    return this.each(`person:${personId}|${key}`, (s) => s.toPerson(personId, notice, key));
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
  /**
   * Carries outbox rows to `scheduler.current` and `notices`: after each change, and on a timer once
   * a process starts it (`relay.start()`, in `npm start` and `npm run worker`).
   */
  relay: OutboxRelay;
  close(): Promise<void>;
}

/** Opens the database and wires the services and the dispatcher: the core every process shares. */
export async function createApp(opts: { config?: Config; clock?: Clock; log?: Logger } = {}): Promise<App> {
  const config = opts.config ?? loadConfig(process.env);
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const notices = new NoticeFanout();
  const scheduler = { current: noScheduler };
  let relay: OutboxRelay | undefined;
  const clock = opts.clock ?? systemClock;
  const relayNow = () => relay?.kick() ?? Promise.resolve();
  // A service that calls the ports directly (after its transaction) still goes through the outbox:
  // what it asks for is stored first, then carried out like the rest, never lost to a Redis outage.
  const later = outboxPorts(database, clock, relayNow);
  const services = createServices({
    database,
    config,
    clock,
    scheduler: {
      ...later.scheduler,
      status: () => scheduler.current.status(),
      snooze: (ref, days, actor) => scheduler.current.snooze(ref, days, actor),
    },
    notifier: later.notifier,
    log,
    relayNow,
  });
  const metrics = createMetrics();
  metrics.watchQueues(() => scheduler.current.status());
  relay = new OutboxRelay(
    services.outbox,
    {
      scheduler: {
        itemChanged: (ref) => scheduler.current.itemChanged(ref),
        subscriptionChanged: (sub) => scheduler.current.subscriptionChanged(sub),
      },
      notifier: notices,
    },
    log,
  );
  const outboxRelay = relay;
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
    relay: outboxRelay,
    close: async () => {
      await outboxRelay.stop();
      await database.close();
    },
  };
}

/** What a platform adapter gets of the app (narrow ports) and the HTTP routes it mounts on. */
export function adapterDeps(app: App, http: Pick<HttpServer, 'express'>): AdapterDeps {
  return {
    config: app.config,
    log: app.log,
    clock: app.services.clock,
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
