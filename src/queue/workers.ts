import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobContext, JobDef } from '../../jobs/job.ts';

/**
 * Platform rate limits for BullMQ's limiter, a little under the documented ones. The limiter counts
 * per queue, that is per lane (see `DELIVERY_LANES`): a platform-wide limit is for a one-lane
 * platform, a per-chat limit holds in every lane.
 */
export const PLATFORM_LIMITS: Record<string, { max: number; duration: number }> = {
  // Evenly spaced, one message per window: BullMQ counts fixed windows, so "25 per second" could
  // still put more than the platform's limit into one sliding second and draw 429s (npm run bench:
  // 79–83 % of the allowed rate that way, 94–95 % evenly spaced with no 429).
  // Slack: chat.postMessage ~1 message/s per channel; one per 1050 ms per lane (a channel is in one).
  slack: { max: 1, duration: 1050 },
  // Telegram: ~30 messages/s overall; one per 35 ms (20/min per group is left to the 429 handling).
  telegram: { max: 1, duration: 35 },
  // Zalo documents no rate: its limiter is ZALO_RATE_GLOBAL's (runtime.ts, evenly spaced by
  // `everyMs`); 1 a second per chat (ZALO_RATE_PER_CHAT) is the sender's.
  console: { max: 1000, duration: 1000 },
};

/** A limiter of `perSecond` messages a second, evenly spaced (one per window, as above). */
export const everyMs = (perSecond: number) => ({
  max: 1,
  duration: Math.max(1, Math.round(1000 / perSecond)),
});

/**
 * How many delivery lanes a platform has (default 1): parallel delivery that keeps each chat's
 * order. A lane is one BullMQ queue with its own limiter, worked one job at a time; a chat's
 * messages always take the same lane (`deliveryLane`, a hash of the chat or person), so they go
 * out in the order they were queued, and a 429 holds back only its lane, its job first in line.
 * Lanes multiply a platform's limiter, so they are only for limits that are per chat:
 * - Telegram's is ~30 messages/s for the whole bot: one lane, its limiter the bot's (more lanes
 *   would have to split the 35 ms between them, wasted whenever the chats hash unevenly).
 * - Slack's is ~1 message/s per channel: four lanes, each under that (four channels at a time, a
 *   few hundred a minute for the workspace, under Slack's app-wide limits).
 * - The console (and any platform without a limit): four lanes.
 * The order holds within one worker process; two worker processes may each take a job of a lane.
 */
export const DELIVERY_LANES: Record<string, number> = { slack: 4, console: 4 };

const errName = (err: unknown) => (err instanceof Error ? err.name : '');

/**
 * One Worker for one queue, dispatching on `job.name` and re-parsing `job.data` with the job's
 * schema. A sender's `RateLimitedError` pauses the queue (a lane) for the time the platform asked
 * (`worker.rateLimit`) and puts the job back at the head (`Worker.RateLimitError`), so nothing is
 * lost and order is kept; `PermanentDeliveryError` fails the job at once (no retries).
 */
export function startWorker(opts: {
  queue: string;
  prefix: string;
  connection: Redis;
  jobs: readonly JobDef[];
  ctx: JobContext;
  concurrency: number;
  limiter?: { max: number; duration: number };
  lockDuration?: number;
  stalledInterval?: number;
  onFailed?: (job: Job, err: Error) => void;
}): Worker {
  const registry = new Map(opts.jobs.map((j) => [j.name, j]));
  const { ctx } = opts;
  const worker: Worker = new Worker(
    opts.queue,
    async (job: Job) => {
      const def = registry.get(job.name);
      if (!def) throw new UnrecoverableError(`no job named ${job.name} on ${opts.queue}`);
      const parsed = def.schema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad data for ${job.name}: ${parsed.error.message}`);
      try {
        const scheduledAt = job.timestamp + (job.delay ?? 0);
        return await def.process(ctx, parsed.data, {
          id: job.id ?? '',
          attemptsMade: job.attemptsMade,
          scheduledAt,
        });
      } catch (err) {
        if (errName(err) === 'RateLimitedError') {
          const ms = (err as { retryAfterMs?: number }).retryAfterMs ?? 1000;
          ctx.log.warn({ queue: opts.queue, job: job.id, retryAfterMs: ms }, 'platform rate limit: waiting');
          await worker.rateLimit(ms);
          throw Worker.RateLimitError();
        }
        if (errName(err) === 'PermanentDeliveryError') throw new UnrecoverableError((err as Error).message);
        throw err;
      }
    },
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency,
      ...(opts.limiter ? { limiter: opts.limiter } : {}),
      ...(opts.lockDuration ? { lockDuration: opts.lockDuration } : {}),
      ...(opts.stalledInterval ? { stalledInterval: opts.stalledInterval } : {}),
    },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    ctx.log.warn({ queue: opts.queue, job: job.id, name: job.name, err: err.message }, 'job failed');
    opts.onFailed?.(job, err);
  });
  worker.on('error', (err) => ctx.log.error({ err, queue: opts.queue }, 'worker error'));
  return worker;
}

/** Whether a failed job will not be retried any more (dead letter). */
export const isFinalFailure = (job: Job, err: Error) =>
  err.name === 'UnrecoverableError' ||
  err instanceof UnrecoverableError ||
  job.attemptsMade >= (job.opts.attempts ?? 1);
