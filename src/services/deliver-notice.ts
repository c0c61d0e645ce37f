import type { Config } from '../config.ts';
import { type Delivery, ledgerKey } from '../domain/delivery.ts';
import { replyLang } from '../domain/lang.ts';
import type { Notice } from '../domain/notice.ts';
import { noticePlatform } from '../domain/notify.ts';
import { type NotifierPort, PermanentDeliveryError, type Sender } from '../domain/ports.ts';
import type { ChatRef } from '../domain/records.ts';
import type { Reply } from '../domain/reply.ts';
import type { Feed, Lang, Person } from '../domain/types.ts';
import type { Logger } from '../logger.ts';
import type { FeedsService } from './feeds.ts';
import type { IdentityService } from './identity.ts';
import type { LedgerService } from './ledger.ts';
import type { Senders } from './senders.ts';

/** What delivering a notice reads and writes. */
export interface DeliverDeps {
  ledger: LedgerService;
  feeds: Pick<FeedsService, 'chatLang' | 'subscribers'>;
  identity: Pick<IdentityService, 'byIds'>;
  senders: Senders;
  config: Pick<Config, 'BOT_LOCALE' | 'TZ_DEFAULT'>;
}

/** What fanning a notice out to its deliveries reads. */
export interface FanOutDeps {
  feeds: Pick<FeedsService, 'subscribers'>;
  identity: Pick<IdentityService, 'byIds'>;
}

/** Puts the content into words for the chat it goes to (the job renders notices and summaries). */
export type Compose = (to: { lang: Lang; tz: string }) => Promise<Reply>;

export type DeliverResult = { duplicate: true } | { chatId: string };

/**
 * A delivery found claimed by an attempt that never finished (its worker died mid-send). It is not
 * sent again — a second copy is what we promise never to send — and goes to the dead letters so an
 * admin can check the one message whose arrival nobody saw confirmed.
 */
export class UnconfirmedDeliveryError extends PermanentDeliveryError {}

/**
 * The deliveries one notice makes on `platforms` (those this deployment posts on): one per chat
 * subscribed to the feed, or for a person exactly one, on the platform {@link noticePlatform}
 * picks (their `/wg notify` choice, else the platform they last used, else the first of Slack,
 * Telegram, Zalo they have; one that runs here when the preferred one does not). Never the same
 * notice to a person on two platforms; the sent-ledger's key for a person leaves the platform
 * out (domain/delivery.ts), so a choice changed between two attempts cannot send it twice.
 */
export async function noticeDeliveries(
  deps: FanOutDeps,
  to: { feed: Feed } | { personId: number; person?: Person | undefined },
  content: Delivery['content'],
  key: string,
  platforms: readonly string[],
): Promise<Delivery[]> {
  if ('feed' in to) {
    const subs = await deps.feeds.subscribers(to.feed);
    return subs
      .filter((s) => platforms.includes(s.platform))
      .map((s) => ({ platform: s.platform, target: { chatId: s.chatId }, content, key }));
  }
  const person =
    to.person?.id === to.personId ? to.person : (await deps.identity.byIds([to.personId])).get(to.personId);
  const platform = person ? noticePlatform(person, platforms) : null;
  return platform ? [{ platform, target: { personId: to.personId }, content, key }] : [];
}

/**
 * The notifier port over one way of delivering: each notice becomes its deliveries on the
 * platforms `platforms()` names, each handed to `each` (the queue adds a job, the direct path
 * delivers at once).
 */
export function fanOutNotifier(
  deps: FanOutDeps,
  platforms: () => readonly string[],
  each: (d: Delivery) => Promise<void>,
  log: Logger,
): NotifierPort {
  const fanOut = async (
    to: { feed: Feed } | { personId: number; person?: Person | undefined },
    notice: Notice,
    key: string,
  ) => {
    const on = platforms();
    const deliveries = await noticeDeliveries(deps, to, { notice }, key, on);
    if (deliveries.length === 0 && on.length > 0 && 'personId' in to)
      log.warn({ personId: to.personId, key }, 'no platform to reach this person on');
    for (const d of deliveries) await each(d);
  };
  return {
    toFeed: (feed, notice, key) => fanOut({ feed }, notice, key),
    toPerson: (personId, notice, key, person) => fanOut({ personId, person }, notice, key),
  };
}

/** The chat, language and time zone a delivery goes to on `sender`'s platform. */
async function destination(deps: DeliverDeps, d: Delivery, sender: Sender) {
  const { config } = deps;
  if ('chatId' in d.target) {
    const platform = d.platform as ChatRef['platform'];
    const chatLang = await deps.feeds.chatLang({ platform, id: d.target.chatId });
    return {
      chatId: d.target.chatId,
      lang: replyLang(chatLang, null, config.BOT_LOCALE),
      tz: config.TZ_DEFAULT,
    };
  }
  const { personId } = d.target;
  const person = (await deps.identity.byIds([personId])).get(personId);
  if (!person) throw new PermanentDeliveryError(`person ${personId} no longer exists`);
  const chatId = await sender.directChat(person);
  if (!chatId) throw new PermanentDeliveryError(`${person.name} cannot be reached on ${d.platform}`);
  return {
    chatId,
    lang: replyLang(null, person.lang, config.BOT_LOCALE),
    tz: person.tz ?? config.TZ_DEFAULT,
  };
}

/**
 * Posts one message to one chat or person through the platform's sender, once: the sent-ledger
 * (keyed by the message's logical id and target) turns a retried or repeated delivery into a
 * no-op, and a split message resumes after its last part sent. The delivery job and the direct
 * path (no Redis) both deliver through here. The sender's `RateLimitedError` and
 * `PermanentDeliveryError` reach the caller (the worker waits or dead-letters; the relay retries).
 *
 * Three database round trips for a message that goes out: the destination (the person or the
 * chat's language), one statement that checks the ledger and claims the message, and one that
 * marks it sent. The claim is taken last before sending, so that only a send in flight holds it.
 */
export async function deliverNotice(
  deps: DeliverDeps,
  d: Delivery,
  compose: Compose,
): Promise<DeliverResult> {
  const { ledger } = deps;
  const key = ledgerKey(d);
  const sender = deps.senders.get(d.platform);
  if (!sender) throw new Error(`no sender for ${d.platform} in this process`);
  let to: Awaited<ReturnType<typeof destination>>;
  try {
    to = await destination(deps, d, sender);
  } catch (err) {
    // A person gone since (merged by /wg link) after the message went out: nothing left to do.
    if (err instanceof PermanentDeliveryError && (await ledger.wasSent(key))) return { duplicate: true };
    throw err;
  }
  const { chatId, lang, tz } = to;
  const reply = await compose({ lang, tz });
  // The claim is what makes "never twice" hold across a crash: a process that died between the
  // platform's answer and the ledger leaves it behind, and the next attempt does not post again.
  const claim = await ledger.claim(key);
  if (claim.state === 'sent') return { duplicate: true };
  if (claim.state === 'unconfirmed') {
    await ledger.mark(key);
    throw new UnconfirmedDeliveryError(
      `a worker stopped while sending this message to ${d.platform} ${chatId}; it was probably delivered, not sent again`,
    );
  }
  const progress = ledger.progress(key, claim.resumed);
  try {
    await sender.send(chatId, reply, lang, { progress });
  } catch (err) {
    await ledger.unclaim(key); // the platform said no: a retry may send it (the rest of it)
    throw err;
  }
  await ledger.confirm(key);
  await progress.done();
  return { chatId };
}
