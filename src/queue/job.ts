import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { Senders } from '../delivery/types.ts';
import type { Clock, NotifierPort } from '../domain/ports.ts';
import type { Metrics } from '../http/metrics.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../services/index.ts';
import type { DeliveryProducer } from './delivery.ts';
import type { ReminderScheduler } from './reminders.ts';
import type { Schedules } from './schedules.ts';

/** What every job may use. Jobs know nothing of BullMQ or of a platform. */
export interface JobContext {
  services: Services;
  config: Config;
  log: Logger;
  clock: Clock;
  /** The queued notifier: every message goes out through the delivery queues. */
  notifier: NotifierPort;
  delivery: DeliveryProducer;
  reminders: ReminderScheduler;
  schedules: Schedules;
  senders: Senders;
  /** The process's metrics (reminders sent and their lateness). */
  metrics?: Metrics;
}

/** How far the job got, for logs and the ledger. */
export interface JobMeta {
  id: string;
  attemptsMade: number;
  /** When the job was due to run (ms): its creation plus its delay. */
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
