import { EventEmitter, once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import { sendJson } from './http-util.ts';
import { TgError } from './telegram-state.ts';
import type { TelegramCall } from './telegram-types.ts';

type Response = TelegramCall['response'];

/** Telegram leaves these out unless `allowed_updates` names them. */
const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

interface Poll {
  res: ServerResponse;
  body: Record<string, unknown>;
  timer?: NodeJS.Timeout;
  done: boolean;
}

/**
 * The bot's update queue with getUpdates semantics: an update stays until a getUpdates call
 * confirms it with a higher `offset`; a call with `timeout` hangs until an update arrives or the
 * (capped) timeout passes; a second poll terminates the first with 409, as Telegram does.
 */
export class UpdateQueue {
  #pending: Update[] = [];
  #nextId = 1;
  #allowed: string[] = [];
  #active: Poll | undefined;
  #closed = false;
  /** The highest update_id a getUpdates `offset` has confirmed (the bot is done with it). */
  #confirmed = 0;
  readonly #events = new EventEmitter();

  constructor(
    private readonly maxPollSeconds: number,
    /** Called with every getUpdates answer, to record it. */
    private readonly onAnswer: (body: Record<string, unknown>, status: number, response: Response) => void,
  ) {}

  /** Unconfirmed updates, oldest first. */
  get pending(): Update[] {
    return [...this.#pending];
  }

  /** Adds (or replaces, by update_id) an update and wakes a hanging poll. */
  push(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const full = { ...update, update_id: update.update_id ?? this.#nextId } as Update;
    this.#nextId = Math.max(this.#nextId, full.update_id + 1);
    const others = this.#pending.filter((u) => u.update_id !== full.update_id);
    this.#pending = [...others, full].sort((a, b) => a.update_id - b.update_id);
    if (this.#active) this.#tryAnswer(this.#active);
    return full;
  }

  /** The oldest deliverable update (for webhook delivery), dropping ones `allowed_updates` excludes. */
  next(allowed?: string[]): Update | undefined {
    if (allowed !== undefined) this.#allowed = allowed;
    this.#pending = this.#pending.filter((u) => this.#isAllowed(u));
    return this.#pending[0];
  }

  /** Confirms one update (the webhook answered 2xx). */
  remove(update: Update): void {
    this.#pending = this.#pending.filter((u) => u !== update);
  }

  /** `drop_pending_updates`. */
  clear(): void {
    this.#pending = [];
  }

  /** Serves one getUpdates request; throws TgError for 409/429 the caller answers. */
  poll(res: ServerResponse, body: Record<string, unknown>, webhookActive: boolean): void {
    if (webhookActive) {
      throw new TgError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    if (this.#active) {
      const text =
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
      this.#finish(this.#active, 409, { ok: false, error_code: 409, description: text });
    }
    const offset = typeof body.offset === 'number' ? body.offset : 0;
    if (offset > 0) this.#pending = this.#pending.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.#pending = this.#pending.slice(offset);
    if (offset - 1 > this.#confirmed) {
      this.#confirmed = offset - 1;
      this.#events.emit('confirmed', this.#confirmed);
    }
    if (Array.isArray(body.allowed_updates)) this.#allowed = body.allowed_updates as string[];
    const p: Poll = { res, body, done: false };
    if (this.#tryAnswer(p)) return;
    const timeout = Math.min(Number(body.timeout ?? 0) || 0, this.maxPollSeconds);
    if (timeout <= 0 || this.#closed) {
      this.#finish(p, 200, { ok: true, result: [] });
      return;
    }
    this.#active = p;
    this.#events.emit('polling');
    p.timer = setTimeout(() => this.#finish(p, 200, { ok: true, result: [] }), timeout * 1000);
    // A client that gave up (grammY's bot.stop() aborts its poll) frees the slot silently.
    res.on('close', () => {
      if (p.done) return;
      p.done = true;
      clearTimeout(p.timer);
      if (this.#active === p) this.#active = undefined;
    });
  }

  /** Resolves once a long poll is hanging (already, or when one arrives). */
  async whenPolling(timeoutMs = 5000): Promise<void> {
    if (this.#active) return;
    await once(this.#events, 'polling', { signal: AbortSignal.timeout(timeoutMs) });
  }

  /**
   * Resolves once a getUpdates call has confirmed `updateId` (asked with a higher offset): a
   * long-polling bot does that only after it has handled the update, so the test can look.
   */
  async whenConfirmed(updateId: number, timeoutMs = 5000): Promise<void> {
    const signal = AbortSignal.timeout(timeoutMs);
    while (this.#confirmed < updateId) {
      try {
        await once(this.#events, 'confirmed', { signal });
      } catch {
        throw new Error(`whenConfirmed: update ${updateId} not confirmed within ${timeoutMs} ms`);
      }
    }
  }

  /** Answers a hanging poll with `[]` and waits until the answer is written; later polls return at once. */
  async release(): Promise<void> {
    this.#closed = true;
    const p = this.#active;
    if (p === undefined) return;
    if (p.res.writableEnded || p.res.destroyed) {
      this.#finish(p, 200, { ok: true, result: [] });
      return;
    }
    const flushed = new Promise<void>((resolve) => p.res.once('finish', resolve).once('close', resolve));
    this.#finish(p, 200, { ok: true, result: [] });
    await flushed;
  }

  #isAllowed(u: Update): boolean {
    const type = Object.keys(u).find((k) => k !== 'update_id') ?? '';
    return this.#allowed.length === 0 ? !NOT_BY_DEFAULT.has(type) : this.#allowed.includes(type);
  }

  #tryAnswer(p: Poll): boolean {
    this.#pending = this.#pending.filter((u) => this.#isAllowed(u));
    if (this.#pending.length === 0) return false;
    const limit = Math.min(Math.max(Number(p.body.limit ?? 100) || 100, 1), 100);
    this.#finish(p, 200, { ok: true, result: this.#pending.slice(0, limit) });
    return true;
  }

  #finish(p: Poll, status: number, response: Response): void {
    if (p.done) return;
    p.done = true;
    if (p.timer) clearTimeout(p.timer);
    if (this.#active === p) this.#active = undefined;
    this.onAnswer(p.body, status, response);
    if (!p.res.writableEnded && !p.res.destroyed) sendJson(p.res, status, response);
  }
}
