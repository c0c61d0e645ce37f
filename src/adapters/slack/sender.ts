import type { webApi } from '@slack/bolt';
import {
  PermanentDeliveryError,
  RateLimitedError,
  type Sender,
  type SendOptions,
} from '../../domain/ports.ts';
import type { Document, Image, Reply } from '../../domain/reply.ts';
import type { Lang } from '../../domain/types.ts';
import { replyLabels } from '../../i18n/labels.ts';
import type { Logger } from '../../logger.ts';
import { renderSlack } from '../../render/slack.ts';

type WebClient = webApi.WebClient;

/** Slack errors that retrying cannot fix: the chat, the person or the token is gone, or the message is bad. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'team_access_not_granted',
  'ekm_access_denied',
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_arguments',
  'too_many_attachments',
  'messages_tab_disabled',
]);

/** The Slack error code of a failed Web API call (`not_in_channel`), if it was one. */
export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * A WebClient failure as the delivery port's errors: 429 → {@link RateLimitedError} with Slack's
 * Retry-After; an error retrying cannot fix → {@link PermanentDeliveryError}; anything else
 * (network, 5xx, `internal_error`) is rethrown for the caller to retry.
 */
export function deliveryError(err: unknown): unknown {
  const e = err as { code?: unknown; retryAfter?: unknown } | null;
  if (e?.code === 'slack_webapi_rate_limited_error') {
    const seconds = typeof e.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter : 1;
    return new RateLimitedError(seconds * 1000);
  }
  const code = slackErrorCode(err);
  if (code && PERMANENT.has(code)) return new PermanentDeliveryError(`slack: ${code}`);
  return err;
}

/** Posts a reply's charts (PNG) into the channel after its message. */
export async function uploadImages(
  client: WebClient,
  channel: string,
  images: readonly Image[],
): Promise<void> {
  for (const image of images) {
    await client.filesUploadV2({
      channel_id: channel,
      file: Buffer.from(image.png),
      filename: image.filename,
      title: image.alt,
    });
  }
}

/**
 * Posts a reply's documents (the monthly report) into the channel through Slack's current upload
 * flow: `files.getUploadURLExternal`, the bytes to the upload URL, `files.completeUploadExternal`
 * to share it in the channel (what `filesUploadV2` does).
 */
export async function uploadDocuments(
  client: WebClient,
  channel: string,
  documents: readonly Document[],
): Promise<void> {
  for (const doc of documents) {
    await client.filesUploadV2({
      channel_id: channel,
      file: Buffer.from(doc.data),
      filename: doc.filename,
      title: doc.title,
    });
  }
}

/** A reply with the labels its blocks need, in `lang` (unless it brings its own). */
function labelled(reply: Reply, lang: Lang): Reply {
  return reply.labels ? reply : { ...reply, labels: replyLabels(lang) };
}

/** Posts the message; the channel it landed in (a user id's direct-message channel). */
async function postMessage(client: WebClient, chatId: string, reply: Reply, lang: Lang): Promise<string> {
  const { text, blocks } = renderSlack(labelled(reply, lang));
  try {
    const posted = await client.chat.postMessage({
      channel: chatId,
      text,
      blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    return posted.channel ?? chatId;
  } catch (err) {
    throw deliveryError(err);
  }
}

/** The channel a resumed send uploads into: a person's direct-message channel is asked for again. */
async function channelOf(client: WebClient, chatId: string): Promise<string> {
  if (!/^[UW]/.test(chatId)) return chatId;
  try {
    const opened = await client.conversations.open({ users: chatId });
    return opened.channel?.id ?? chatId;
  } catch (err) {
    throw deliveryError(err);
  }
}

/**
 * The Slack way out for notices, reminders and summaries: the message (part 0), then its charts
 * and documents as files (parts 1…). `client` should be created with `rejectRateLimitedCalls:
 * true` so that a 429 reaches the delivery queue as {@link RateLimitedError} instead of being
 * waited out inside the call. The message goes out once: with a `progress` (a delivery's
 * sent-ledger), a failed upload throws and the retry, on any worker, uploads only what is missing;
 * without one, a file that fails after its message is logged, not thrown (a retry would post the
 * message twice).
 */
export function slackSender(client: WebClient, log?: Logger): Sender {
  return {
    platform: 'slack',
    async send(chatId: string, reply: Reply, lang: Lang, opts?: SendOptions): Promise<void> {
      const progress = opts?.progress;
      const from = progress ? await progress.sent() : 0;
      const channel =
        from === 0 ? await postMessage(client, chatId, reply, lang) : await channelOf(client, chatId);
      const files = [
        ...(reply.images ?? []).map((image) => () => uploadImages(client, channel, [image])),
        ...(reply.documents ?? []).map((doc) => () => uploadDocuments(client, channel, [doc])),
      ];
      // Part i ≥ 1 is files[i - 1]; the progress says which part comes next.
      for (let part = Math.max(from, 1); part <= files.length; part++) {
        await progress?.reached(part);
        try {
          await files[part - 1]?.();
        } catch (err) {
          if (progress) throw deliveryError(err);
          log?.error({ err, channel }, 'slack: file not uploaded');
        }
      }
    },
    async directChat(person) {
      // Posting to a user id lands in the app's direct-message tab with them (no conversations.open needed).
      return person.slackId ?? null;
    },
  };
}
