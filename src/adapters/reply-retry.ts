import { memoryProgress, RateLimitedError, type SendProgress } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';

/** Longest wait for a 429 on a reply someone is waiting for, and how many times to try. */
const MAX_WAIT_MS = 30_000;
const MAX_TRIES = 3;

/**
 * Sends an adapter's own answer to a command (which does not go through the delivery queue): on
 * a `RateLimitedError` it waits the time the platform asked (up to 30 s, three tries in all) and
 * sends again from where it stopped (the same `progress`, kept in memory). Any other failure, or
 * a longer wait, is thrown to the caller.
 */
export async function waitingOutRateLimits<T>(
  send: (progress: SendProgress) => Promise<T>,
  log: Logger,
  where: Record<string, unknown>,
): Promise<T> {
  const progress = memoryProgress();
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(progress);
    } catch (err) {
      if (!(err instanceof RateLimitedError && err.retryAfterMs <= MAX_WAIT_MS && attempt < MAX_TRIES))
        throw err;
      log.warn({ ...where, retryAfterMs: err.retryAfterMs }, 'rate limited, waiting');
      await new Promise((resolve) => setTimeout(resolve, err.retryAfterMs));
    }
  }
}
