import type { ServerResponse } from 'node:http';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type {
  CommandOutcome,
  DeliveryOutcome,
  Metrics as MetricsPort,
  QueueStatusView,
} from '../domain/ports.ts';

export type { CommandOutcome } from '../domain/ports.ts';

/** Prometheus metrics of one process (`GET /metrics`): the {@link MetricsPort} and the registry it fills. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'steerbot_' });
  const commands = new Counter({
    name: 'steerbot_commands_total',
    help: 'Chat commands handled, by platform, command and outcome',
    labelNames: ['platform', 'command', 'outcome'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'steerbot_deliveries_total',
    help: 'Messages handed to a platform, by platform and outcome (sent, rate_limited, failed)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'steerbot_platform_rate_limited_total',
    help: 'HTTP 429 answers from a platform (the delivery waits the time asked and retries)',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const reminders = new Counter({
    name: 'steerbot_reminders_sent_total',
    help: 'Deadline reminders sent, by kind of record',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const lateness = new Histogram({
    name: 'steerbot_reminder_lateness_seconds',
    help: 'How long after its planned time a reminder was sent',
    buckets: [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600],
    registers: [registry],
  });
  let probe: (() => Promise<QueueStatusView | null>) | null = null;
  new Gauge({
    name: 'steerbot_queue_jobs',
    help: 'Jobs in each BullMQ queue by state, read when /metrics is scraped',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const status = probe ? await probe().catch(() => null) : null;
      for (const q of status?.queues ?? [])
        for (const state of ['waiting', 'active', 'delayed', 'failed'] as const)
          this.set({ queue: q.name, state }, q[state]);
    },
  });

  const port: MetricsPort = {
    command(platform: string, command: string | null, outcome: CommandOutcome): void {
      commands.inc({ platform, command: command ?? 'unknown', outcome });
    },
    reminderSent(type: string, plannedAt: number | undefined, now: Date): void {
      reminders.inc({ type });
      if (plannedAt !== undefined) lateness.observe(Math.max(0, (now.getTime() - plannedAt) / 1000));
    },
    delivery(platform: string, outcome: DeliveryOutcome): void {
      deliveries.inc({ platform, outcome });
      if (outcome === 'rate_limited') rateLimited.inc({ platform });
    },
  };

  return {
    ...port,
    registry,
    /** Where the queue depth comes from (the scheduler's status), read on each scrape. */
    watchQueues(fn: () => Promise<QueueStatusView | null>): void {
      probe = fn;
    },
  };
}

/** The process's metrics: the port the dispatcher, senders and jobs call, and its Prometheus registry. */
export type PromMetrics = ReturnType<typeof createMetrics>;

const WEB_REQUESTS = 'steerbot_web_requests_total';

/**
 * The status a response is counted under once its connection is done with it: its HTTP status
 * when the whole answer went out; `499` (nginx's "client closed request") when the client went
 * away before it had all of it; `500` when we broke it off half way (a stream that failed after
 * its first piece). A streamed answer has sent `200` before it is whole, so its status alone
 * would count a broken transfer as a success.
 */
export function finalStatus(res: ServerResponse): string {
  if (res.writableFinished) return String(res.statusCode);
  return res.errored ? '500' : '499';
}

/**
 * `steerbot_web_requests_total{route,status}` of `registry` (made once): `count(route, res)`
 * counts `res` under {@link finalStatus} when it closes.
 */
export function webRequests(registry: Registry) {
  const counter =
    (registry.getSingleMetric(WEB_REQUESTS) as Counter<'route' | 'status'> | undefined) ??
    new Counter({
      name: WEB_REQUESTS,
      help: 'Requests to the public web view and exports, by route and HTTP status (499: the client left before the answer was whole; 500 after a 200: broken off half way)',
      labelNames: ['route', 'status'] as const,
      registers: [registry],
    });
  return (route: string, res: ServerResponse): void => {
    res.once('close', () => counter.inc({ route, status: finalStatus(res) }));
  };
}
