import { type InboxClaim, type InboxRow, inboxRepo, inboxScope } from '../store/inbox-repo.ts';
import type { ServiceDeps } from './deps.ts';

export type { InboxClaim, InboxRow };

/** How often a process looks for work left by processes that are gone (besides at start). */
const RECOVER_EVERY_MS = 60_000;
/** How many recovered deliveries run at once. */
const REPLAY_CONCURRENCY = 4;

/** One inbound delivery, as an adapter writes it before answering the platform. */
export interface Delivery {
  platform: 'slack' | 'telegram';
  /** Its identity: a retry, a redelivery or a replay of it has the same key. */
  key: string;
  kind: string;
  /** What the adapter needs to process it again after a restart (the platform's body). */
  payload: unknown;
}

export interface RecoverOptions {
  /** Only rows whose key starts so (one bot among several on one platform). */
  keyPrefix?: string;
  /** Tells the sender that a command whose change committed before the restart was carried out. */
  applied?: (row: InboxRow) => Promise<void>;
}

/**
 * The inbox: every inbound command is written to the database before the platform is answered,
 * then processed from there. A delivery seen before (Slack retry or replayed signature, Telegram
 * redelivery) is refused by {@link accept}, so it changes nothing. Rows a killed process had
 * acknowledged but not finished are taken over at start (and every minute) and processed once:
 * the row is marked applied in the transaction of the command's change, so a command whose change
 * committed is not run again.
 */
export function inboxService(deps: ServiceDeps) {
  const { database, clock, log } = deps;
  const db = database.db;
  const me = database.owner.id;

  async function run<T>(claim: InboxClaim, work: () => Promise<T>): Promise<T> {
    try {
      return await inboxScope.run(claim, work);
    } finally {
      // Also after a failure: the handler has told the user; running it again would not help.
      await inboxRepo
        .finish(db, claim.id, clock.now())
        .catch((err: unknown) => log.error({ err, inbox: claim.id }, 'inbox: row not marked done'));
    }
  }

  async function recover(
    platform: Delivery['platform'],
    replay: (row: InboxRow) => Promise<void>,
    opts: RecoverOptions = {},
  ): Promise<{ replayed: number; finished: number }> {
    let replayed = 0;
    let finished = 0;
    for (const owner of await inboxRepo.openOwners(db, platform)) {
      if (await database.owner.isAlive(owner)) continue;
      const rows = await inboxRepo.takeOver(db, { platform, keyPrefix: opts.keyPrefix, from: owner, to: me });
      // A few at a time, oldest first: a restart after a burst catches up in seconds.
      let next = 0;
      const worker = async () => {
        for (let row = rows[next++]; row; row = rows[next++]) {
          const claim = row;
          if (claim.applied) {
            // Its change committed before the process died; only the answer is missing.
            await opts
              .applied?.(claim)
              .catch((err: unknown) =>
                log.warn({ err, inbox: claim.id }, 'inbox: could not say a command was carried out'),
              );
            await inboxRepo.finish(db, claim.id, clock.now());
            finished++;
            continue;
          }
          await run(claim, () => replay(claim)).catch((err: unknown) =>
            log.error({ err, inbox: claim.id, key: claim.key }, 'inbox: replay failed'),
          );
          replayed++;
        }
      };
      await Promise.all(Array.from({ length: REPLAY_CONCURRENCY }, worker));
    }
    if (replayed + finished > 0)
      log.info({ platform, replayed, finished }, 'inbox: recovered what a stopped process had accepted');
    return { replayed, finished };
  }

  return {
    /** Writes a delivery, claimed by this process, before it is answered; null when seen before. */
    accept(d: Delivery): Promise<InboxClaim | null> {
      // Plain JSON (a parsed form is a null-prototype object; the row must read back the same).
      const payload: unknown = JSON.parse(JSON.stringify(d.payload));
      return inboxRepo.accept(db, { ...d, payload, receivedAt: clock.now(), owner: me });
    },

    /** The claim the current call chain works for (a replay, or a webhook that wrote the row first). */
    current(): InboxClaim | undefined {
      return inboxScope.getStore();
    },

    /** Runs the work of one claimed delivery and marks its row done. */
    run,

    /** Takes over what processes that are gone left unfinished on `platform`, and runs each once. */
    recover,

    /**
     * {@link recover} now (in the background: new deliveries are served meanwhile) and every
     * minute (a process that died while this one runs, on a shared PostgreSQL). Returns the stop.
     */
    watch(
      platform: Delivery['platform'],
      replay: (row: InboxRow) => Promise<void>,
      opts: RecoverOptions = {},
    ): () => void {
      let busy = false;
      let first = true;
      const pass = async () => {
        if (busy) return;
        busy = true;
        try {
          const done = await recover(platform, replay, opts);
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
    },
  };
}

export type InboxService = ReturnType<typeof inboxService>;
