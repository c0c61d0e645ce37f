import { EventEmitter } from 'node:events';

/**
 * An append-only record of what a fake received, with an event-driven `waitFor` (no polling): a
 * waiter is checked against every call already recorded, then against each new one as it lands.
 */
export class CallLog<C> {
  readonly calls: C[] = [];
  readonly #events = new EventEmitter();

  constructor(private readonly describe: (call: C) => string) {
    this.#events.setMaxListeners(0);
  }

  /** Appends a call and wakes the waiters. */
  record(call: C): C {
    this.calls.push(call);
    this.#events.emit('call', call);
    return call;
  }

  /**
   * Resolves with the first recorded call (past or future) matching `predicate`; rejects after
   * `timeoutMs` with the list of calls seen, so a failing test says what did arrive.
   */
  waitFor(predicate: (call: C) => boolean, timeoutMs = 5000): Promise<C> {
    const seen = this.calls.find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<C>((resolve, reject) => {
      const onCall = (call: C): void => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        this.#events.off('call', onCall);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.#events.off('call', onCall);
        const got = this.calls.map(this.describe).join('\n  ') || '(none)';
        reject(new Error(`waitFor: no matching call within ${timeoutMs} ms; calls received:\n  ${got}`));
      }, timeoutMs);
      this.#events.on('call', onCall);
    });
  }
}

/** Per-method rate-limit switches: the next `count` calls to a method are refused. */
export class RateLimits {
  readonly #limits = new Map<string, { remaining: number; retryAfter: number }>();

  /** Makes the next `count` calls to `method` answer "rate limited, retry after N seconds". */
  set(method: string, count: number, retryAfterSeconds: number): void {
    this.#limits.set(method, { remaining: count, retryAfter: retryAfterSeconds });
  }

  /** Consumes one refusal for `method`; returns its retry-after seconds, or undefined if not limited. */
  take(method: string): number | undefined {
    const limit = this.#limits.get(method);
    if (limit === undefined || limit.remaining <= 0) return undefined;
    limit.remaining -= 1;
    if (limit.remaining === 0) this.#limits.delete(method);
    return limit.retryAfter;
  }
}
