import { and, eq } from 'drizzle-orm';
import type { ChatRef, Subscription } from '../domain/records.ts';
import type { Feed, Lang } from '../domain/types.ts';
import type { Db } from './db.ts';
import { chats, subscriptions } from './schema.ts';

const ofChat = (chat: ChatRef, feed: Feed) =>
  and(
    eq(subscriptions.platform, chat.platform),
    eq(subscriptions.chatId, chat.id),
    eq(subscriptions.feed, feed),
  );

/** Feeds bound to chats (`/wg subscribe`) and per-chat settings (`/wg lang`). */
export const feedsRepo = {
  /** Binds the chat to the feed; false when it already was. */
  async subscribe(db: Db, chat: ChatRef, feed: Feed, by: number, at: Date): Promise<boolean> {
    const rows = await db
      .insert(subscriptions)
      .values({ platform: chat.platform, chatId: chat.id, feed, createdById: by, createdAt: at })
      .onConflictDoNothing()
      .returning({ id: subscriptions.id });
    return rows.length > 0;
  },
  /** Unbinds the chat from the feed; false when it was not bound. */
  async unsubscribe(db: Db, chat: ChatRef, feed: Feed): Promise<boolean> {
    const rows = await db.delete(subscriptions).where(ofChat(chat, feed)).returning({ id: subscriptions.id });
    return rows.length > 0;
  },
  async subscribers(db: Db, feed: Feed): Promise<Subscription[]> {
    return db.select().from(subscriptions).where(eq(subscriptions.feed, feed));
  },
  async all(db: Db): Promise<Subscription[]> {
    return db.select().from(subscriptions);
  },
  async chatLang(db: Db, chat: ChatRef): Promise<Lang | null> {
    const [row] = await db
      .select({ lang: chats.lang })
      .from(chats)
      .where(and(eq(chats.platform, chat.platform), eq(chats.chatId, chat.id)));
    return (row?.lang as Lang | null | undefined) ?? null;
  },
  async setChatLang(db: Db, chat: ChatRef, lang: Lang): Promise<void> {
    await db
      .insert(chats)
      .values({ platform: chat.platform, chatId: chat.id, lang })
      .onConflictDoUpdate({ target: [chats.platform, chats.chatId], set: { lang } });
  },
};
