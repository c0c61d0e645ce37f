/**
 * A bounded amount of work per person and per client (DESIGN.md "Reliability"): a token bucket
 * per key, refilled continuously, on the injected clock. In memory, per process: the bot process
 * is the one that answers chat and serves the web view, and a restart forgetting the buckets is
 * harmless. The number of keys is bounded too, so a flood of new identities or addresses cannot
 * grow it without end.
 */
import type { Role } from '../domain/types.ts';
import type { Clock } from './deps.ts';

/** Commands a person may send per minute, by role: hotline handlers log calls in bursts. */
export const COMMANDS_PER_MINUTE: Readonly<Record<Role, number>> = {
  member: 40,
  external: 40,
  hotline: 150,
  admin: 150,
};

/** Requests one client address may make to the public web routes per minute. */
export const WEB_REQUESTS_PER_MINUTE = 120;

/** The answer of {@link RateLimiter.take}: allowed, or refused with when to try again. */
export interface Taken {
  ok: boolean;
  /** Milliseconds until one more is allowed (0 when `ok`). */
  retryAfterMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets keyed by person or address; each holds `perMinute` and refills as fast. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one from `key`'s bucket, which holds (and refills) `perMinute` per minute. */
  take(key: string, perMinute: number): Taken {
    const now = this.clock.now().getTime();
    const rate = perMinute / 60_000;
    const prev = this.buckets.get(key);
    // A clock that went back (a test, a time step) starts the bucket afresh.
    const tokens =
      prev && now >= prev.at ? Math.min(perMinute, prev.tokens + (now - prev.at) * rate) : perMinute;
    this.buckets.delete(key);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      this.evict();
      return { ok: true, retryAfterMs: 0 };
    }
    this.buckets.set(key, { tokens, at: now });
    return { ok: false, retryAfterMs: Math.ceil((1 - tokens) / rate) };
  }

  /** Drops the least recently used keys past `maxKeys`. */
  private evict(): void {
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) return;
      this.buckets.delete(oldest);
    }
  }
}

/**
 * The per-person command limit of the dispatcher, keyed by platform identity and role (a new role
 * starts a new bucket of its size). Null when allowed, else the seconds to wait.
 */
export function commandLimiter(clock: Clock) {
  const limiter = new RateLimiter(clock);
  return (who: { platform: string; id: string }, role: Role): number | null => {
    // The console's local user is the operator at the keyboard (or a script piped in).
    if (who.platform === 'console') return null;
    const taken = limiter.take(`${role}:${who.platform}:${who.id}`, COMMANDS_PER_MINUTE[role]);
    return taken.ok ? null : Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
  };
}
