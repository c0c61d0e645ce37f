import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { deliveryJobs, scheduleJobs } from '../../jobs/index.ts';
import type { JobContext } from '../../jobs/job.ts';
import type { Delivery } from '../domain/delivery.ts';
import type { Senders } from '../services/senders.ts';
import { deliveryQueue, SCHEDULE_QUEUE } from './names.ts';
import { isFinalFailure, PLATFORM_LIMITS, startWorker } from './workers.ts';

/**
 * The workers of a process: one on the schedule queue, one per delivery lane of each platform this
 * process has a sender for. A delivery that fails for good goes to `deadLetter`.
 */
export function startWorkerSet(opts: {
  prefix: string;
  connection: Redis;
  ctx: JobContext;
  senders: Senders;
  platforms: readonly string[];
  limits?: Record<string, { max: number; duration: number }> | undefined;
  /** How many delivery lanes a platform has (the producer's count). */
  lanes: (platform: string) => number;
  lockMs?: number | undefined;
  deadLetter: (d: Delivery, attempts: number, reason: string, jobId: string) => Promise<void>;
}): Worker[] {
  const { prefix, connection, ctx } = opts;
  const lock = opts.lockMs ? { lockDuration: opts.lockMs, stalledInterval: opts.lockMs } : {};
  const workers = [
    startWorker({
      queue: SCHEDULE_QUEUE,
      prefix,
      connection,
      jobs: scheduleJobs,
      ctx,
      concurrency: 4,
      ...lock,
    }),
  ];
  for (const sender of opts.senders.all()) {
    if (!opts.platforms.includes(sender.platform)) continue;
    const limiter = opts.limits?.[sender.platform] ??
      PLATFORM_LIMITS[sender.platform] ?? { max: 10, duration: 1000 };
    // One worker per lane, one job at a time: messages to a chat (always in the same lane) go out
    // in the order they were queued, while the lanes deliver to other chats at the same time.
    for (let lane = 0; lane < opts.lanes(sender.platform); lane++)
      workers.push(
        startWorker({
          queue: deliveryQueue(sender.platform, lane),
          prefix,
          connection,
          jobs: deliveryJobs,
          ctx,
          concurrency: 1,
          limiter,
          ...lock,
          onFailed: (job, err) => {
            if (!isFinalFailure(job, err)) return;
            opts
              .deadLetter(job.data as Delivery, job.attemptsMade, err.message, job.id ?? '')
              .catch((e: unknown) => ctx.log.error({ err: e }, 'could not queue the dead letter'));
          },
        }),
      );
  }
  return workers;
}
