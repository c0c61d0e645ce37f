import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

/** Whether Redis answers PING within `timeoutMs`; never throws and never retries (why not is logged at debug). */
export async function redisReachable(url: string, log: Logger, timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', (err) => log.debug({ err }, 'Redis probe connection error'));
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch (err) {
    log.debug({ err, url }, 'Redis did not answer the probe');
    return false;
  } finally {
    client.disconnect();
  }
}
