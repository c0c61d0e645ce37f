/** Writing a long answer in pieces, at the pace the client reads it. */
import type { Response } from 'express';

/** Resolves when `res` can take more (`drain`), or when it is gone (`close`). */
function writable(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Writes every piece of `body` to `res` and ends it. Waits for `drain` when the socket's buffer is
 * full, and stops reading `body` (its `finally` runs) when the client goes away. A failure before
 * the first piece is thrown as it is (the route can still answer 500); after it, the response is
 * destroyed, so the client sees a broken transfer and never a short answer that looks whole, and
 * the error is thrown too (for the log).
 */
export async function streamBody(res: Response, body: AsyncIterable<string>): Promise<void> {
  let started = false;
  try {
    for await (const piece of body) {
      if (res.destroyed) return;
      if (piece === '') continue;
      started = true;
      if (!res.write(piece)) await writable(res);
    }
  } catch (err) {
    if (started) res.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  if (!res.destroyed) res.end();
}
