import type { Logger } from '../logger.ts';

/** How long long polling waits for the database to take an update before giving up on it. */
const ACCEPT_PATIENCE_MS = 120_000;

/**
 * Long polling confirms an update once the bot has it (Telegram: when its handler returns; Zalo:
 * when the next poll goes out), so an update the inbox could not store (the database restarting)
 * is retried here, with growing pauses, rather than confirmed and lost. Gives up (throws) after
 * {@link ACCEPT_PATIENCE_MS}.
 */
export async function acceptPatiently<T>(
  accept: () => Promise<T>,
  log: Logger,
  platform: string,
): Promise<T> {
  const started = Date.now();
  for (let pause = 500; ; pause = Math.min(pause * 2, 10_000)) {
    try {
      return await accept();
    } catch (err) {
      if (Date.now() - started + pause > ACCEPT_PATIENCE_MS) throw err;
      log.warn({ err, retryInMs: pause }, `${platform}: update not stored yet; trying again`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
