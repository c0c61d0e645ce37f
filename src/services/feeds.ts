import { assertCan, permActor } from '../domain/permissions.ts';
import type { ChatRef, Subscription } from '../domain/records.ts';
import type { Feed, Lang } from '../domain/types.ts';
import { feedsRepo } from '../store/feeds-repo.ts';
import { type Actor, afterCommit, change, later, record, Service, type ServiceDeps } from './deps.ts';

/** Feeds (weekly, monthly, alerts) bound to chats, and per-chat language. */
export class FeedsService extends Service {
  /** Binds the chat to a feed; returns false when it already was. */
  subscribe(actor: Actor, chat: ChatRef, feed: Feed): Promise<boolean> {
    return this.bind(actor, chat, feed, true);
  }

  /** Unbinds the chat from a feed; returns false when it was not bound. */
  unsubscribe(actor: Actor, chat: ChatRef, feed: Feed): Promise<boolean> {
    return this.bind(actor, chat, feed, false);
  }

  private async bind(actor: Actor, chat: ChatRef, feed: Feed, on: boolean): Promise<boolean> {
    assertCan(permActor(actor), 'wg.subscribe');
    const now = this.deps.clock.now();
    const done = await change(this.deps, actor, async (tx) => {
      const moved = on
        ? await feedsRepo.subscribe(tx, chat, feed, actor.person.id, now)
        : await feedsRepo.unsubscribe(tx, chat, feed);
      if (!moved) return false;
      await record(tx, actor, now, {
        entityType: 'subscription',
        entityId: `${chat.platform}:${chat.id}:${feed}`,
        action: on ? 'subscribe' : 'unsubscribe',
        changes: { feed },
      });
      await later(tx, now, {
        kind: 'subscription_changed',
        sub: { platform: chat.platform, chatId: chat.id, feed, active: on },
      });
      return true;
    });
    await afterCommit(this.deps);
    return done;
  }

  subscribers(feed: Feed): Promise<Subscription[]> {
    return feedsRepo.subscribers(this.db, feed);
  }

  all(): Promise<Subscription[]> {
    return feedsRepo.all(this.db);
  }

  chatLang(chat: ChatRef): Promise<Lang | null> {
    return feedsRepo.chatLang(this.db, chat);
  }

  async setChatLang(actor: Actor, chat: ChatRef, lang: Lang): Promise<void> {
    assertCan(permActor(actor), 'wg.lang');
    const now = this.deps.clock.now();
    await change(this.deps, actor, async (tx) => {
      await feedsRepo.setChatLang(tx, chat, lang);
      await record(tx, actor, now, {
        entityType: 'chat',
        entityId: `${chat.platform}:${chat.id}`,
        action: 'lang',
        changes: { lang },
      });
    });
  }
}

export const feedsService = (deps: ServiceDeps) => new FeedsService(deps);
