import { z } from 'zod';
import type { ChatRef, PlatformIdentity } from '../../dispatch.ts';

const id = z.union([z.string().min(1), z.number()]).transform(String);

/**
 * A Zalo update: `{event_name, message:{from:{id, display_name}, chat:{id, chat_type}, text,
 * message_id, date}}`. There is no update id: `message_id` is what makes it the same update twice.
 * Fields the bot does not read are kept (the inbox stores the update as it came).
 */
export const zaloUpdate = z
  .object({
    event_name: z.string().optional(),
    message: z
      .object({
        from: z
          .object({
            id,
            display_name: z.string().optional(),
            is_bot: z.boolean().optional(),
          })
          .passthrough(),
        chat: z.object({ id, chat_type: z.string().optional() }).passthrough(),
        message_id: id,
        text: z.string().optional(),
        date: z.number().optional(),
      })
      .passthrough(),
  })
  .passthrough();

export type ZaloUpdate = z.infer<typeof zaloUpdate>;
export type ZaloMessage = ZaloUpdate['message'];

/** The event of a text message; one without `event_name` that has text is one too. */
const TEXT_EVENT = 'message.text.received';

/** Whether the update is a text message (anything else gets the "text commands only" answer). */
export function isText(u: ZaloUpdate): boolean {
  return typeof u.message.text === 'string' && (u.event_name ?? TEXT_EVENT) === TEXT_EVENT;
}

/**
 * The update in a webhook body, which comes with or without the `{ok, result}` envelope; null when
 * the body is no update.
 */
export function updateOf(body: unknown): ZaloUpdate | null {
  const inner =
    typeof body === 'object' && body !== null && 'result' in body
      ? (body as { result: unknown }).result
      : body;
  const parsed = zaloUpdate.safeParse(inner);
  return parsed.success ? parsed.data : null;
}

/**
 * A Zalo user as the core's identity: `zalo:<id>`. The display name is what they chose: it names
 * them in replies and never identifies them (no username: an `@name` is only a linked person's).
 */
export function whoOf(from: ZaloMessage['from']): PlatformIdentity {
  return { platform: 'zalo', id: from.id, name: from.display_name?.trim() || `zalo:${from.id}` };
}

/** A Zalo chat as the core's chat reference; bots have private chats only. */
export function chatOf(chat: ZaloMessage['chat']): ChatRef {
  return { platform: 'zalo', id: chat.id, direct: (chat.chat_type ?? 'PRIVATE') === 'PRIVATE' };
}
