import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Actor, Clock, NotifierPort, OutboxEvent, SchedulerPort } from '../domain/ports.ts';
import type { Database, Db } from '../store/db.ts';
import { appendHistory, type HistoryInput } from '../store/history.ts';
import { inboxRepo } from '../store/inbox-repo.ts';
import { outboxRepo } from '../store/outbox-repo.ts';

// The ports live with the domain; re-exported here so existing imports keep working.
export {
  type Actor,
  type Clock,
  type ItemRef,
  type NotifierPort,
  noNotifier,
  noScheduler,
  type OutboxEvent,
  type QueueStatusView,
  type SchedulerPort,
  type SnoozeResult,
  systemClock,
} from '../domain/ports.ts';

export interface ServiceDeps {
  database: Database;
  config: Config;
  clock: Clock;
  scheduler: SchedulerPort;
  notifier: NotifierPort;
  log: Logger;
  /**
   * Called after a transaction that wrote outbox rows: relays them now if it can. Never throws;
   * what it could not carry out stays in the outbox for the relay's next pass.
   */
  relayNow?: () => Promise<void>;
}

/** What every service class shares: its ports, and the database outside a transaction. */
export abstract class Service {
  constructor(protected readonly deps: ServiceDeps) {}

  protected get db(): Db {
    return this.deps.database.db;
  }
}

/** Writes a history row for `actor` inside the transaction `tx`. */
export function record(
  tx: Db,
  actor: Actor,
  at: Date,
  entry: Pick<HistoryInput, 'entityType' | 'entityId' | 'action' | 'changes'>,
) {
  return appendHistory(tx, {
    ...entry,
    ...(actor.actingAdmin ? { changes: { ...entry.changes, by: actor.actingAdmin, via: 'console' } } : {}),
    actorId: actor.person.id,
    actorName: actor.person.name,
    platform: actor.platform,
    at,
  });
}

/** Reads in one transaction (row locks held to its end). A use case that changes records uses {@link change}. */
export function transaction<T>(deps: ServiceDeps, fn: (tx: Db) => Promise<T>): Promise<T> {
  return deps.database.db.transaction((tx) => fn(tx as unknown as Db));
}

/**
 * Runs one use case that changes records, in one transaction, for `by`: the actor of a command, or
 * null for what steerbot does on its own and for meeting a person (first contact, the ADMINS
 * grant: harmless to do again, so not the command's change). When the actor carries an inbox
 * claim, the transaction first marks that row applied by it; a row another claim applied throws
 * `AlreadyAppliedError` and nothing is changed, so a replayed command never changes records twice.
 */
export function change<T>(
  deps: ServiceDeps,
  by: Pick<Actor, 'claim'> | null,
  fn: (tx: Db) => Promise<T>,
): Promise<T> {
  const claim = by?.claim;
  return transaction(deps, async (tx) => {
    if (claim) await inboxRepo.markApplied(tx, claim);
    return fn(tx);
  });
}

/**
 * Queues what a change must cause downstream, inside the change's transaction `tx`: it commits with
 * the change or not at all. Call `afterCommit(deps)` once the transaction is done.
 */
export function later(tx: Db, at: Date, event: OutboxEvent): Promise<void> {
  return outboxRepo.insert(tx, event, at);
}

/** After a transaction that called {@link later}: carry it out now when the queue can take it. */
export async function afterCommit(deps: ServiceDeps): Promise<void> {
  const relay = deps
    .relayNow?.()
    .catch((err: unknown) => deps.log.warn({ err }, 'outbox relay failed; it retries'));
  // The answer to the user never waits long on the queue: past this, the relay finishes on its own.
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((r) => {
    timer = setTimeout(r, AFTER_COMMIT_WAIT_MS);
  });
  await Promise.race([relay, cap]);
  clearTimeout(timer);
}

const AFTER_COMMIT_WAIT_MS = 3000;

/** Who the history names for what steerbot does on its own (the overdue sweep, …). */
export const SYSTEM_NAME = 'steerbot scheduler';

/** Writes a history row for a change steerbot made on its own (no person acted). */
export function recordSystem(
  tx: Db,
  at: Date,
  entry: Pick<HistoryInput, 'entityType' | 'entityId' | 'action' | 'changes'>,
) {
  return appendHistory(tx, { ...entry, actorId: null, actorName: SYSTEM_NAME, platform: 'console', at });
}
