import {
  PermanentDeliveryError,
  RateLimitedError,
  type Sender,
  type SendProgress,
} from '../../domain/ports.ts';
import type { Reply } from '../../domain/reply.ts';
import { splitText } from '../../render/text.ts';
import { consoleText } from '../console/typed.ts';
import { type ZaloApi, ZaloApiError } from './api.ts';

/** The most characters one Zalo message (or a photo's caption) may have. */
export const ZALO_TEXT_MAX = 2000;

/** One message a reply becomes on Zalo: a text, or the chart by its public URL. */
export type ZaloPart = { kind: 'text'; text: string } | { kind: 'photo'; url: string; caption: string };

/**
 * A reply as Zalo shows it: plain text (no markup), buttons written as the commands to type (as
 * the console does), cut at line ends into messages of at most 2,000 characters; then the chart
 * as a photo when the reply has one and the bot has a public URL (Zalo takes a photo by URL only).
 */
export function zaloParts(reply: Reply, publicUrl: string | undefined): ZaloPart[] {
  const { images, documents: _documents, ...rest } = reply;
  const texts = splitText(consoleText(rest), ZALO_TEXT_MAX).map((text) => ({ kind: 'text' as const, text }));
  const photos = publicUrl
    ? (images ?? []).map((image) => ({
        kind: 'photo' as const,
        url: `${publicUrl}/chart.png`,
        caption: image.alt.slice(0, ZALO_TEXT_MAX),
      }))
    : [];
  return [...texts, ...photos];
}

/**
 * Bot API refusals as the delivery port's errors: 429 → `RateLimitedError` (the wait Zalo gives,
 * else a second); 400, 403, 404 (a bad request, a chat the bot may not write to) → permanent.
 * Anything else (408, 5xx, the network) is returned unchanged: the caller may retry it.
 */
export function deliveryError(err: unknown): unknown {
  if (!(err instanceof ZaloApiError)) return err;
  if (err.errorCode === 429) return new RateLimitedError((err.retryAfter ?? 1) * 1000);
  if ([400, 403, 404].includes(err.errorCode)) return new PermanentDeliveryError(err.message);
  return err;
}

/**
 * At most `perSecond` messages to one chat, in this process: each send waits for its chat's next
 * slot. (The delivery queue's limiter keeps the overall rate.)
 */
export class ChatPacer {
  private readonly next = new Map<string, number>();
  private readonly gapMs: number;
  constructor(perSecond: number) {
    this.gapMs = 1000 / perSecond;
  }
  async wait(chatId: string): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.next.get(chatId) ?? 0);
    this.next.set(chatId, slot + this.gapMs);
    if (this.next.size > 10_000) this.forget(now);
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }
  private forget(now: number): void {
    for (const [chat, at] of this.next) if (at < now) this.next.delete(chat);
  }
}

export interface ZaloSender extends Sender {
  /** Posts a reply from the part `progress` says is next (all of it without one). */
  post(chatId: string, reply: Reply, progress?: SendProgress): Promise<void>;
}

/**
 * The Zalo way out. It never retries by itself (the delivery queue does), but a send that fails
 * part-way records in `progress` (the sent-ledger, for a delivery) how far it got, so the retry —
 * on this worker or another — resumes there: nobody reads the first part twice.
 */
export function zaloSender(
  api: ZaloApi,
  opts: { publicUrl?: string | undefined; pacer: ChatPacer },
): ZaloSender {
  async function post(chatId: string, reply: Reply, progress?: SendProgress): Promise<void> {
    const parts = zaloParts(reply, opts.publicUrl);
    try {
      for (let i = progress ? await progress.sent() : 0; i < parts.length; i++) {
        const part = parts[i] as ZaloPart;
        await opts.pacer.wait(chatId);
        if (part.kind === 'text') await api.sendMessage(chatId, part.text);
        else await api.sendPhoto(chatId, part.url, part.caption);
        if (progress && i + 1 < parts.length) await progress.reached(i + 1);
      }
    } catch (err) {
      throw deliveryError(err);
    }
  }
  return {
    platform: 'zalo',
    post,
    send: (chatId, reply, _lang, sendOpts) => post(chatId, reply, sendOpts?.progress),
    directChat: async (person) => person.zaloId,
  };
}
