import type { OutboxRelay } from '../services/outbox.ts';
import type { QueueRuntime } from './runtime.ts';
import type { WatchTimes } from './watchdog.ts';

/**
 * Puts the queue in charge of a process (made with it: `createApp({ queue })`): the queue is
 * reconciled with the database, the outbox relay and the Redis watchdog run on their timers, and
 * (unless `workers` is false) the workers start. The platform senders are registered on
 * `app.senders` by the caller (`main.ts`, `worker.ts`) before.
 */
export async function startQueue(
  rt: QueueRuntime,
  relay: Pick<OutboxRelay, 'start' | 'kick'>,
  opts: { workers: boolean; relayMs?: number | undefined; watch?: WatchTimes | undefined },
): Promise<QueueRuntime> {
  await rt.ready();
  await rt.reconcile();
  await rt.watch.mark();
  rt.watch.start(opts.watch);
  relay.start(opts.relayMs);
  await relay.kick();
  if (opts.workers) rt.startWorkers();
  return rt;
}
