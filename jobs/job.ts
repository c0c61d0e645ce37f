import type { z } from 'zod';
import type { Config } from '../src/config.ts';
import type { Delivery } from '../src/domain/delivery.ts';
import type { Clock, Metrics, NotifierPort } from '../src/domain/ports.ts';
import type { Logger } from '../src/logger.ts';
import type { Services } from '../src/services/index.ts';
import type { Senders } from '../src/services/senders.ts';

/**
 * What every job may use. Jobs know nothing of BullMQ or of a platform: the queue's parts come in
 * as the three small ports below, implemented by `src/queue`.
 */
export interface JobContext {
  services: Services;
  config: Config;
  log: Logger;
  clock: Clock;
  /** The queued notifier: every message goes out through the delivery queues. */
  notifier: NotifierPort;
  delivery: { add(d: Delivery): Promise<void> };
  reminders: { reconcile(): Promise<unknown> };
  schedules: { sync(): Promise<unknown> };
  senders: Senders;
  /** The process's metrics (reminders sent and their lateness). */
  metrics: Metrics;
}

/** The parts of {@link JobContext} the queue itself provides. */
export type QueueParts = 'notifier' | 'delivery' | 'reminders' | 'schedules';

/** How far the job got, for logs and the ledger. */
export interface JobMeta {
  id: string;
  attemptsMade: number;
  /** When the job was due to run (ms, BullMQ's time): its creation plus its delay. */
  scheduledAt?: number;
}

/** One job = one file in `jobs/`: its name, the shape of its data, and what it does. */
export interface JobDef<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  process(ctx: JobContext, data: z.infer<S>, meta: JobMeta): Promise<unknown>;
}

/** Keeps the data type of each job file while putting them in one registry. */
export const defineJob = <S extends z.ZodType>(def: JobDef<S>): JobDef<S> => def;
