import type { webApi } from '@slack/bolt';
import { PermanentDeliveryError, RateLimitedError, type Sender } from '../../delivery/types.ts';
import type { Document, Image, Reply } from '../../domain/reply.ts';
import type { Lang } from '../../domain/types.ts';
import { translator } from '../../i18n/index.ts';
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

/**
 * The Slack way out for notices, reminders and summaries. `client` should be created with
 * `rejectRateLimitedCalls: true` so that a 429 reaches the delivery queue as
 * {@link RateLimitedError} instead of being waited out inside the call. A chart that fails to upload
 * after its message went out is logged, not thrown: a retry would post the message twice.
 */
export function slackSender(client: WebClient, log?: Logger): Sender {
  return {
    platform: 'slack',
    async send(chatId: string, reply: Reply, lang: Lang): Promise<void> {
      const t = translator(lang);
      const labelled: Reply = reply.labels
        ? reply
        : {
            ...reply,
            // The page label keeps its placeholders: the renderer fills them in.
            labels: {
              usage: t('error.usage'),
              actions: t('word.actions'),
              page: t('word.page', { page: '{page}', pages: '{pages}' }),
            },
          };
      const { text, blocks } = renderSlack(labelled);
      let channel = chatId;
      try {
        const posted = await client.chat.postMessage({
          channel: chatId,
          text,
          blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
        channel = posted.channel ?? chatId;
      } catch (err) {
        throw deliveryError(err);
      }
      if (reply.images?.length)
        await uploadImages(client, channel, reply.images).catch((err: unknown) =>
          log?.error({ err, channel }, 'slack: chart not uploaded'),
        );
      if (reply.documents?.length)
        await uploadDocuments(client, channel, reply.documents).catch((err: unknown) =>
          log?.error({ err, channel }, 'slack: document not uploaded'),
        );
    },
    async directChat(person) {
      // Posting to a user id lands in the app's direct-message tab with them (no conversations.open needed).
      return person.slackId ?? null;
    },
  };
}
