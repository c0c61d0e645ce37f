/**
 * A small typed client of the Zalo Bot API (`POST <root>/bot<TOKEN>/<method>`, JSON both ways):
 * no SDK on npm is kept for it. Every answer is checked with zod; `{ok:false}` and a body that is
 * not the envelope become a {@link ZaloApiError} carrying the `error_code`.
 */
import { z } from 'zod';
import { type ZaloUpdate, zaloUpdate } from './update.ts';

/** A refusal of the Bot API: its `error_code` (or the HTTP status), its description. */
export class ZaloApiError extends Error {
  override readonly name = 'ZaloApiError';
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
    /** Seconds to wait, when a 429 says. */
    readonly retryAfter?: number,
  ) {
    super(`zalo ${method}: ${errorCode} ${description}`);
  }
}

const envelope = z.union([
  z.object({ ok: z.literal(true), result: z.unknown().optional() }),
  z.object({
    ok: z.literal(false),
    error_code: z.coerce.number().int(),
    description: z.string().default(''),
    parameters: z.object({ retry_after: z.coerce.number().optional() }).partial().optional(),
  }),
]);

const id = z.union([z.string(), z.number()]).transform(String);
const botInfo = z.object({ id, account_name: z.string().optional() }).passthrough();
export type ZaloBotInfo = z.infer<typeof botInfo>;
const sentMessage = z.object({ message_id: id.optional() }).passthrough();

/** What getUpdates may hold: one update (documented), or a list of them (accepted too). */
const updates = z.union([zaloUpdate.transform((u) => [u]), z.array(zaloUpdate)]);

/** The error_code of a long poll that waited its time with nothing to hand out. */
export const IDLE_POLL = 408;

/** How long a call may take before it is given up (a hung connection must not stop a worker). */
const CALL_TIMEOUT_MS = 30_000;

export class ZaloApi {
  private readonly base: string;
  constructor(token: string, apiRoot: string) {
    this.base = `${apiRoot.replace(/\/+$/, '')}/bot${token}`;
  }

  /** Calls one method; the answer's `result` checked with `schema`. Gives up after `timeoutMs`. */
  async call<T>(
    method: string,
    body: Record<string, unknown>,
    schema: z.ZodType<T>,
    opts: { signal?: AbortSignal | undefined; timeoutMs?: number } = {},
  ): Promise<T> {
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? CALL_TIMEOUT_MS);
    const res = await fetch(`${this.base}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
    });
    const text = await res.text();
    let parsed: z.infer<typeof envelope> | undefined;
    try {
      parsed = envelope.parse(JSON.parse(text));
    } catch {
      throw new ZaloApiError(method, res.status, `not a Bot API answer (HTTP ${res.status})`);
    }
    if (!parsed.ok)
      throw new ZaloApiError(method, parsed.error_code, parsed.description, parsed.parameters?.retry_after);
    const result = schema.safeParse(parsed.result);
    if (!result.success) throw new ZaloApiError(method, 502, `unexpected result: ${result.error.message}`);
    return result.data;
  }

  getMe(): Promise<ZaloBotInfo> {
    return this.call('getMe', {}, botInfo);
  }

  /** The next updates (at most one, as Zalo answers), or none when the poll timed out (408). */
  async getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<ZaloUpdate[]> {
    try {
      const timeoutMs = (timeoutSeconds + 15) * 1000; // Zalo holds the poll up to `timeout`
      return await this.call('getUpdates', { timeout: String(timeoutSeconds) }, updates, {
        signal,
        timeoutMs,
      });
    } catch (err) {
      if (err instanceof ZaloApiError && err.errorCode === IDLE_POLL) return [];
      throw err;
    }
  }

  sendMessage(chatId: string, text: string): Promise<unknown> {
    return this.call('sendMessage', { chat_id: chatId, text }, sentMessage);
  }

  /** A photo by URL (Zalo fetches it), with an optional caption. */
  sendPhoto(chatId: string, photo: string, caption?: string): Promise<unknown> {
    return this.call('sendPhoto', { chat_id: chatId, photo, ...(caption ? { caption } : {}) }, sentMessage);
  }

  setWebhook(url: string, secretToken: string): Promise<unknown> {
    return this.call('setWebhook', { url, secret_token: secretToken }, z.unknown());
  }

  deleteWebhook(): Promise<unknown> {
    return this.call('deleteWebhook', {}, z.unknown());
  }
}
