import type { SendProgress } from '../domain/ports.ts';
import { inboxRepo } from '../store/inbox-repo.ts';
import { type Claim, ledgerRepo } from '../store/ledger-repo.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * The sent-ledger, in the database (the truth, whatever Redis does): a message with the same
 * logical key and target goes out once, however often a job runs. Also the count of reminders
 * nobody could receive, and the pruning of inbound dedupe rows.
 */
export function ledgerService(deps: ServiceDeps) {
  const db = () => deps.database.db;
  return {
    wasSent: (key: string) => ledgerRepo.wasSent(db(), key),
    /** Marks `key` as taken; false when it already was. */
    mark: (key: string) => ledgerRepo.markSent(db(), key, deps.clock.now()),
    /** Checks and claims `key` for one attempt to send it, in one statement (see {@link Claim}). */
    claim: (key: string): Promise<Claim> => ledgerRepo.claim(db(), key, deps.clock.now()),
    /** The claimed `key` went out: marked sent, the claim dropped, in one statement. */
    confirm: (key: string) => ledgerRepo.confirm(db(), key, deps.clock.now()),
    /** The claimed `key` did not go out: the claim is given up, a later attempt may send it. */
    unclaim: (key: string) => ledgerRepo.unclaim(db(), key),
    /**
     * Where a split message `key` keeps how far it got, so a retry on any worker resumes after the
     * last part sent; `done()` forgets the parts once the message itself is marked sent. With
     * `resumed` false (the claim found no part sent) nothing is read to know that none was.
     */
    progress(key: string, resumed = true): SendProgress & { done(): Promise<void> } {
      let known = 0;
      return {
        sent: async () => {
          if (resumed) known = Math.max(known, await ledgerRepo.partsSent(db(), key));
          return known;
        },
        reached: async (next: number) => {
          await ledgerRepo.partSent(db(), key, next - 1, deps.clock.now());
          known = Math.max(known, next);
        },
        done: () => ledgerRepo.forgetParts(db(), key, known),
      };
    },
    /** Records a reminder with nobody to receive it; false when this one was recorded before. */
    unreached: (key: string, item: string) => ledgerRepo.unreached(db(), key, item, deps.clock.now()),
    unreachedSummary: () => ledgerRepo.unreachedSummary(db()),
    /** Forgets inbound deliveries (Slack event ids, Telegram update ids) older than `before`. */
    forgetInboundBefore: (before: Date) => inboxRepo.forgetDoneBefore(db(), before),
  };
}

export type LedgerService = ReturnType<typeof ledgerService>;
