import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type DeliveryPlatform, type Sender, Senders } from '../delivery/types.ts';
import type { QueueStatusView } from '../services/deps.ts';

/** How a command ended: it answered, the user got something wrong, or it failed on our side. */
export type CommandOutcome = 'ok' | 'user_error' | 'error';

/** Prometheus metrics of one process (`GET /metrics`). */
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

  return {
    registry,
    commands,
    deliveries,
    rateLimited,
    /** Counts one command as it ended. */
    command(platform: string, command: string | null, outcome: CommandOutcome): void {
      commands.inc({ platform, command: command ?? 'unknown', outcome });
    },
    /** Counts one reminder sent, `plannedAt` being when it was due to go out. */
    reminderSent(type: string, plannedAt: number | undefined, now: Date): void {
      reminders.inc({ type });
      if (plannedAt !== undefined) lateness.observe(Math.max(0, (now.getTime() - plannedAt) / 1000));
    },
    /** Where the queue depth comes from (the scheduler's status), read on each scrape. */
    watchQueues(fn: () => Promise<QueueStatusView | null>): void {
      probe = fn;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** A sender that counts what it hands to its platform: sent, rate limited (429) or failed. */
export function meteredSender(sender: Sender, metrics: Metrics): Sender {
  const platform: DeliveryPlatform = sender.platform;
  return {
    ...sender,
    platform,
    directChat: (person) => sender.directChat(person),
    async send(chatId, reply, lang) {
      try {
        await sender.send(chatId, reply, lang);
        metrics.deliveries.inc({ platform, outcome: 'sent' });
      } catch (err) {
        const limited = (err as Error | null)?.name === 'RateLimitedError';
        metrics.deliveries.inc({ platform, outcome: limited ? 'rate_limited' : 'failed' });
        if (limited) metrics.rateLimited.inc({ platform });
        throw err;
      }
    },
  };
}

/** The senders registry, every sender counted. */
export class MeteredSenders extends Senders {
  constructor(private readonly metrics: Metrics) {
    super();
  }
  override register(sender: Sender): void {
    super.register(meteredSender(sender, this.metrics));
  }
}
