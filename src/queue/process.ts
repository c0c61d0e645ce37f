import type { App } from '../app.ts';
import { createQueueRuntime, type QueueOptions, type QueueRuntime } from './runtime.ts';

/**
 * Puts the queue in charge of a process: the services schedule through it, notices go out through
 * the delivery queues, the queue is reconciled with the database, the outbox relay and the Redis
 * watchdog run on their timers, and (unless `workers` is false) the workers start. The platform
 * senders are registered on `app.senders` by the caller (`main.ts`, `worker.ts`).
 */
export async function startQueue(
  app: App,
  opts: { workers: boolean; relayMs?: number } & QueueOptions,
): Promise<QueueRuntime> {
  const rt = createQueueRuntime(app, opts);
  app.scheduler.current = rt.scheduler;
  app.notices.add(rt.notifier);
  await rt.ready();
  await rt.reconcile();
  await rt.watch.mark();
  rt.watch.start(opts.watch);
  app.relay.start(opts.relayMs);
  await app.relay.kick();
  if (opts.workers) rt.startWorkers();
  return rt;
}
