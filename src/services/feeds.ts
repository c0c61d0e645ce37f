import { and, eq } from 'drizzle-orm';
import { assertCan } from '../domain/permissions.ts';
import type { ChatRef, Subscription } from '../domain/records.ts';
import type { Feed, Lang } from '../domain/types.ts';
import { chats, subscriptions } from '../store/schema.ts';
import { type Actor, afterCommit, change, later, permActor, record, type ServiceDeps } from './deps.ts';

/** Feeds (weekly, monthly, alerts) bound to chats, and per-chat language. */
export function feedsService(deps: ServiceDeps) {
  const db = () => deps.database.db;

  return {
    /** Binds the chat to a feed; returns false when it already was. */
    async subscribe(actor: Actor, chat: ChatRef, feed: Feed): Promise<boolean> {
      assertCan(permActor(actor), 'wg.subscribe');
      const now = deps.clock.now();
      const added = await change(deps, actor, async (tx) => {
        const rows = await tx
          .insert(subscriptions)
          .values({
            platform: chat.platform,
            chatId: chat.id,
            feed,
            createdById: actor.person.id,
            createdAt: now,
          })
          .onConflictDoNothing()
          .returning();
        if (rows.length === 0) return false;
        await record(tx, actor, now, {
          entityType: 'subscription',
          entityId: `${chat.platform}:${chat.id}:${feed}`,
          action: 'subscribe',
          changes: { feed },
        });
        await later(tx, now, {
          kind: 'subscription_changed',
          sub: { platform: chat.platform, chatId: chat.id, feed, active: true },
        });
        return true;
      });
      await afterCommit(deps);
      return added;
    },

    async unsubscribe(actor: Actor, chat: ChatRef, feed: Feed): Promise<boolean> {
      assertCan(permActor(actor), 'wg.subscribe');
      const now = deps.clock.now();
      const removed = await change(deps, actor, async (tx) => {
        const rows = await tx
          .delete(subscriptions)
          .where(
            and(
              eq(subscriptions.platform, chat.platform),
              eq(subscriptions.chatId, chat.id),
              eq(subscriptions.feed, feed),
            ),
          )
          .returning();
        if (rows.length === 0) return false;
        await record(tx, actor, now, {
          entityType: 'subscription',
          entityId: `${chat.platform}:${chat.id}:${feed}`,
          action: 'unsubscribe',
          changes: { feed },
        });
        await later(tx, now, {
          kind: 'subscription_changed',
          sub: { platform: chat.platform, chatId: chat.id, feed, active: false },
        });
        return true;
      });
      await afterCommit(deps);
      return removed;
    },

    async subscribers(feed: Feed): Promise<Subscription[]> {
      return db().select().from(subscriptions).where(eq(subscriptions.feed, feed));
    },

    all: (): Promise<Subscription[]> => db().select().from(subscriptions),

    async chatLang(chat: ChatRef): Promise<Lang | null> {
      const [row] = await db()
        .select()
        .from(chats)
        .where(and(eq(chats.platform, chat.platform), eq(chats.chatId, chat.id)));
      return (row?.lang as Lang | undefined) ?? null;
    },

    async setChatLang(actor: Actor, chat: ChatRef, lang: Lang): Promise<void> {
      assertCan(permActor(actor), 'wg.lang');
      const now = deps.clock.now();
      await change(deps, actor, async (tx) => {
        await tx
          .insert(chats)
          .values({ platform: chat.platform, chatId: chat.id, lang })
          .onConflictDoUpdate({ target: [chats.platform, chats.chatId], set: { lang } });
        await record(tx, actor, now, {
          entityType: 'chat',
          entityId: `${chat.platform}:${chat.id}`,
          action: 'lang',
          changes: { lang },
        });
      });
    },
  };
}

export type FeedsService = ReturnType<typeof feedsService>;
