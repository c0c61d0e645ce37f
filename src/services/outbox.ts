import type { Clock, OutboxEvent, RelayTarget } from '../domain/ports.ts';
import type { Database } from '../store/db.ts';
import { type OutboxRow, outboxRepo } from '../store/outbox-repo.ts';
import type { ServiceDeps } from './deps.ts';

/** What one relay pass did. */
export interface RelayResult {
  relayed: number;
  failed: number;
}

/** Wait before the n-th retry of a row: 1 s, 2 s, … up to 10 s. */
const backoffMs = (attempts: number) => Math.min(attempts, 10) * 1000;

function carryOut(target: RelayTarget, ev: OutboxEvent): Promise<void> {
  switch (ev.kind) {
    case 'item_changed':
      return target.scheduler.itemChanged(ev.ref);
    case 'subscription_changed':
      return target.scheduler.subscriptionChanged(ev.sub);
    case 'calendar_changed':
      return target.scheduler.calendarChanged();
    case 'to_feed':
      return target.notifier.toFeed(ev.feed, ev.notice, ev.key);
    case 'to_person':
      return target.notifier.toPerson(ev.personId, ev.notice, ev.key);
  }
}

/**
 * The scheduler and notifier ports as the services see them: each call is written to the outbox
 * (outside any transaction: for a caller that did not write it in its own), then relayed.
 */
export function outboxPorts(database: Database, clock: Clock, relayNow: () => Promise<void>): RelayTarget {
  const put = async (event: OutboxEvent) => {
    await outboxRepo.insert(database.db, event, clock.now());
    await relayNow();
  };
  return {
    scheduler: {
      itemChanged: (ref) => put({ kind: 'item_changed', ref }),
      subscriptionChanged: (sub) => put({ kind: 'subscription_changed', sub }),
      calendarChanged: () => put({ kind: 'calendar_changed' }),
    },
    notifier: {
      toFeed: (feed, notice, key) => put({ kind: 'to_feed', feed, notice, key }),
      toPerson: (personId, notice, key) => put({ kind: 'to_person', personId, notice, key }),
    },
  };
}

/** The outbox seen from the processes: pending count, replays, and one relay pass. */
export function outboxService(deps: ServiceDeps) {
  const db = () => deps.database.db;
  const now = () => deps.clock.now();

  /** Gives the failed row a backoff and the rest of the batch back untried, behind it. */
  async function giveBack(row: OutboxRow, rest: OutboxRow[], err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const nextAt = new Date(now().getTime() + backoffMs(row.attempts));
    await outboxRepo.failed(db(), row.id, message, nextAt);
    await outboxRepo.release(
      db(),
      rest.map((r) => r.id),
      nextAt,
    );
    deps.log.warn({ id: row.id, kind: row.event.kind, err: message }, 'outbox row not relayed yet');
  }

  return {
    pending: () => outboxRepo.pending(db()),
    /** Makes rows carried out since `since` pending again (Redis lost what they queued). */
    replaySince: (since: Date) => outboxRepo.replaySince(db(), since, now()),
    forgetDoneBefore: (before: Date) => outboxRepo.forgetDoneBefore(db(), before),

    /**
     * Claims due rows and carries them out in order. The first failure (the queue is down) gives
     * that row a backoff and the rest back untried: nothing is lost, and the order is kept.
     */
    async relayOnce(target: RelayTarget, limit = 100): Promise<RelayResult> {
      const out: RelayResult = { relayed: 0, failed: 0 };
      for (;;) {
        const rows: OutboxRow[] = await outboxRepo.claim(db(), limit, now());
        for (const [i, row] of rows.entries()) {
          try {
            await carryOut(target, row.event);
          } catch (err) {
            out.failed++;
            await giveBack(row, rows.slice(i + 1), err);
            return out;
          }
          await outboxRepo.done(db(), row.id, now());
          out.relayed++;
        }
        if (rows.length < limit) return out;
      }
    },
  };
}

export type OutboxService = ReturnType<typeof outboxService>;

/**
 * Moves outbox rows to their target: at once after each change (`kick`), and on a timer
 * (`start`) for what could not go before (Redis down) or was written by another process.
 * Passes in one process never overlap; a kick during a pass waits for the next one.
 */
export class OutboxRelay {
  private running: Promise<void> | null = null;
  private again: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly outbox: OutboxService,
    private readonly target: RelayTarget,
    private readonly log: ServiceDeps['log'],
  ) {}

  private async pass(): Promise<void> {
    try {
      await this.outbox.relayOnce(this.target);
    } catch (err) {
      this.log.warn({ err }, 'outbox relay pass failed; it retries');
    }
  }

  /** Runs a pass that starts after this call; resolves when it is done. Never throws. */
  kick(): Promise<void> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.again ??= this.running.then(() => {
      this.again = null;
      return this.kick();
    });
    return this.again;
  }

  /** Relays every `everyMs` (default 1 s) until `stop()`. */
  start(everyMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.kick(), everyMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.again;
    await this.running;
  }
}
