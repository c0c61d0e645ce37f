import type { InboxClaim } from '../domain/ports.ts';
import type { InboundDelivery, InboxRow } from '../domain/records.ts';
import { AlreadyAppliedError, inboxRepo } from '../store/inbox-repo.ts';
import { Service, type ServiceDeps } from './deps.ts';

export { AlreadyAppliedError };

/** How often a process looks for work left by processes that are gone (besides at start). */
const RECOVER_EVERY_MS = 60_000;
/** How many recovered deliveries run at once. */
const REPLAY_CONCURRENCY = 4;

export interface RecoverOptions {
  /** Only rows whose key starts so (one bot among several on one platform). */
  keyPrefix?: string;
  /** Tells the sender that a command whose change committed before the restart was carried out. */
  applied?: (row: InboxRow) => Promise<void>;
}

/** What one recovery pass did: rows run again, rows only finished (their change had committed). */
export interface Recovered {
  replayed: number;
  finished: number;
}

/**
 * The inbox: every inbound command is written to the database before the platform is answered,
 * then processed from there. A delivery seen before (Slack retry or replayed signature, Telegram
 * redelivery) is refused by {@link accept}, so it changes nothing. Rows a killed process had
 * acknowledged but not finished are taken over at start (and every minute) and processed once.
 * The claim {@link accept} returns goes with the command (`Actor.claim`): the service that makes
 * the command's change marks the row applied in that change's transaction (`change` in deps.ts),
 * so a command whose change committed is not carried out again.
 */
export class InboxService extends Service {
  /** Writes a delivery, claimed by this process, before it is answered; null when seen before. */
  accept(d: InboundDelivery): Promise<InboxClaim | null> {
    // Plain JSON (a parsed form is a null-prototype object; the row must read back the same).
    const payload: unknown = JSON.parse(JSON.stringify(d.payload));
    const owner = this.deps.database.owner.id;
    return inboxRepo.accept(this.db, { ...d, payload, receivedAt: this.deps.clock.now(), owner });
  }

  /**
   * Runs the work of one claimed delivery (`work` passes the claim on to the command it runs) and
   * marks its row done, also after a failure: the handler has told the user; running it again
   * would not help.
   */
  async run<T>(claim: InboxClaim, work: (claim: InboxClaim) => Promise<T>): Promise<T> {
    try {
      return await work(claim);
    } finally {
      await inboxRepo
        .finish(this.db, claim.id, this.deps.clock.now())
        .catch((err: unknown) => this.deps.log.error({ err, inbox: claim.id }, 'inbox: row not marked done'));
    }
  }

  /** Takes over what processes that are gone left unfinished on `platform`, and runs each once. */
  async recover(
    platform: InboundDelivery['platform'],
    replay: (row: InboxRow) => Promise<void>,
    opts: RecoverOptions = {},
  ): Promise<Recovered> {
    const done: Recovered = { replayed: 0, finished: 0 };
    const { database } = this.deps;
    for (const owner of await inboxRepo.openOwners(this.db, platform)) {
      if (await database.owner.isAlive(owner)) continue;
      const rows = await inboxRepo.takeOver(this.db, {
        platform,
        keyPrefix: opts.keyPrefix,
        from: owner,
        to: database.owner.id,
      });
      // A few at a time, oldest first: a restart after a burst catches up in seconds.
      let next = 0;
      const worker = async () => {
        for (let row = rows[next++]; row; row = rows[next++]) await this.again(row, replay, opts, done);
      };
      await Promise.all(Array.from({ length: REPLAY_CONCURRENCY }, worker));
    }
    if (done.replayed + done.finished > 0)
      this.deps.log.info({ platform, ...done }, 'inbox: recovered what a stopped process had accepted');
    return done;
  }

  /** One taken-over row: only finished when its change committed, else run again under its new claim. */
  private async again(
    row: InboxRow,
    replay: (row: InboxRow) => Promise<void>,
    opts: RecoverOptions,
    done: Recovered,
  ): Promise<void> {
    const { log, clock } = this.deps;
    if (row.applied) {
      // Its change committed before the process died; only the answer is missing.
      await opts
        .applied?.(row)
        .catch((err: unknown) =>
          log.warn({ err, inbox: row.id }, 'inbox: could not say a command was carried out'),
        );
      await inboxRepo.finish(this.db, row.id, clock.now());
      done.finished++;
      return;
    }
    await this.run(row, () => replay(row)).catch((err: unknown) =>
      log.error({ err, inbox: row.id, key: row.key }, 'inbox: replay failed'),
    );
    done.replayed++;
  }

  /**
   * {@link recover} now (in the background: new deliveries are served meanwhile) and every
   * minute (a process that died while this one runs, on a shared PostgreSQL). Returns the stop.
   */
  watch(
    platform: InboundDelivery['platform'],
    replay: (row: InboxRow) => Promise<void>,
    opts: RecoverOptions = {},
  ): () => void {
    const { log } = this.deps;
    let busy = false;
    let first = true;
    const pass = async () => {
      if (busy) return;
      busy = true;
      try {
        const done = await this.recover(platform, replay, opts);
        if (first) log.info({ platform, ...done }, 'inbox: startup recovery done');
        first = false;
      } catch (err) {
        log.error({ err, platform }, 'inbox: recovery failed');
      } finally {
        busy = false;
      }
    };
    void pass();
    const timer = setInterval(() => void pass(), RECOVER_EVERY_MS);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/** The inbox service (see {@link InboxService}). */
export const inboxService = (deps: ServiceDeps) => new InboxService(deps);
