import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

/**
 * One Redis connection for the queue side. Workers block on Redis and must ride out a restart, so
 * they retry forever (`maxRetriesPerRequest: null`, as BullMQ requires). Producers (the services
 * scheduling reminders, the notifier adding deliveries) fail fast instead: a command must not hang
 * while Redis is down, and the hourly reconcile re-derives whatever could not be added.
 */
export function redisConnection(url: string, role: 'worker' | 'producer', log: Logger): Redis {
  const client =
    role === 'worker'
      ? new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true })
      : new Redis(url, {
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
          commandTimeout: 5000,
          retryStrategy: (times) => Math.min(times * 200, 2000),
        });
  // Errors surface on the commands that fail; without a listener ioredis prints every reconnect.
  client.on('error', (err) => log.debug({ err, role }, 'Redis connection error'));
  client.on('ready', () => everReady.add(client));
  return client;
}

const everReady = new WeakSet<Redis>();

/**
 * Fails at once when a connection that was up is down now: the outbox relay then tries again
 * later, instead of a command waiting on a Redis that is gone. (Before the first connect,
 * commands wait for it as usual.)
 */
export function assertConnected(redis: Redis): void {
  if (redis.status !== 'ready' && everReady.has(redis))
    throw new Error(`Redis is not connected (${redis.status})`);
}
