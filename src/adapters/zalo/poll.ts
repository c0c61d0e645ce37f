import type { Logger } from '../../logger.ts';
import type { ZaloApi } from './api.ts';
import type { ZaloUpdate } from './update.ts';

/** How long one getUpdates waits for an update, and the pauses after a failed one. */
export interface PollTimes {
  timeoutSeconds: number;
  firstPauseMs: number;
  maxPauseMs: number;
}

const DEFAULT_TIMES: PollTimes = { timeoutSeconds: 30, firstPauseMs: 1000, maxPauseMs: 30_000 };

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Long polling: `getUpdates {timeout}` again and again, one update per answer, each handed to
 * `receive` (which stores it and carries it out) before the next poll goes out; a 408 (nothing
 * came) just polls again. A failed poll (the network, a 5xx, a 429) waits, one second first, then
 * twice as long each time up to 30 s, and the pause starts over after a poll that worked.
 * `stop()` aborts the poll in flight and resolves when the loop has ended.
 */
export function startPolling(opts: {
  api: ZaloApi;
  log: Logger;
  receive: (update: ZaloUpdate) => Promise<void>;
  times?: Partial<PollTimes>;
}): { stop(): Promise<void> } {
  const times = { ...DEFAULT_TIMES, ...opts.times };
  const abort = new AbortController();
  const { signal } = abort;
  const loop = (async () => {
    let wait = times.firstPauseMs;
    while (!signal.aborted) {
      let updates: ZaloUpdate[];
      try {
        updates = await opts.api.getUpdates(times.timeoutSeconds, signal);
        wait = times.firstPauseMs;
      } catch (err) {
        if (signal.aborted) break;
        opts.log.warn({ err, retryInMs: wait }, 'zalo: getUpdates failed; polling again after a pause');
        await pause(wait, signal);
        wait = Math.min(wait * 2, times.maxPauseMs);
        continue;
      }
      for (const update of updates) await opts.receive(update);
    }
  })();
  return {
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
