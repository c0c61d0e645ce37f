import type { ServerResponse } from 'node:http';
import { CallLog } from './call-log.ts';
import { sendJson } from './http-util.ts';
import type { ZaloUpdate } from './zalo-types.ts';

interface Waiter {
  res: ServerResponse;
  timer: NodeJS.Timeout;
  answer: (update: ZaloUpdate | null) => void;
}

/** The 408 of a long poll that waited its time with nothing to hand out. */
export const TIMEOUT_ANSWER = { ok: false, error_code: 408, description: 'Request timeout' };

/**
 * Zalo's update queue: getUpdates holds the request until an update comes (one per answer) or
 * its timeout passes (`{ok:false, error_code:408}`). There is no offset: an update is gone once
 * it is handed out. What a test awaits is that the bot asked again after it (it is done with it).
 */
export class ZaloUpdates {
  readonly pending: ZaloUpdate[] = [];
  private waiter: Waiter | undefined;
  /** Each getUpdates as it arrives (its number), for {@link whenDone} and {@link whenPolling}. */
  private readonly polls = new CallLog<{ seq: number }>((p) => `poll ${p.seq}`);
  /** message_id → the number of the poll that took it. */
  private readonly handed = new Map<string, number>();

  constructor(
    private readonly maxPollSeconds: number,
    private readonly record: (body: Record<string, unknown>, status: number, response: object) => void,
  ) {}

  /** Answers a getUpdates now (an update is waiting) or when one comes or the time is up. */
  poll(res: ServerResponse, body: Record<string, unknown>): void {
    const seq = this.polls.calls.length + 1;
    this.polls.record({ seq });
    const asked = Number(body.timeout ?? 30);
    const seconds = Math.min(Number.isFinite(asked) && asked >= 0 ? asked : 30, this.maxPollSeconds);
    const answer = (update: ZaloUpdate | null) => {
      clearTimeout(timer);
      if (this.waiter?.res === res) this.waiter = undefined;
      if (update) this.handed.set(update.message.message_id, seq);
      const response = update ? { ok: true, result: update } : TIMEOUT_ANSWER;
      const status = update ? 200 : 408;
      this.record(body, status, response);
      sendJson(res, status, response);
    };
    const next = this.pending.shift();
    const timer = setTimeout(() => answer(null), next ? 0 : seconds * 1000);
    if (next) {
      answer(next);
      return;
    }
    this.waiter?.answer(null); // one poll at a time: an older one is answered empty
    this.waiter = { res, timer, answer };
    // A bot that stopped polling: the update it would have got stays queued.
    res.on('close', () => {
      if (this.waiter?.res !== res) return;
      clearTimeout(timer);
      this.waiter = undefined;
    });
  }

  /** Queues an update, handing it at once to a waiting poll. */
  push(update: ZaloUpdate, webhook: boolean): void {
    if (!webhook && this.waiter) this.waiter.answer(update);
    else this.pending.push(update);
  }

  /** The next update for the webhook, removed from the queue. */
  take(): ZaloUpdate | undefined {
    return this.pending.shift();
  }

  whenPolling(timeoutMs = 5000): Promise<void> {
    const waitingNow = this.waiter !== undefined;
    if (waitingNow) return Promise.resolve();
    const since = this.polls.calls.length;
    return this.polls.waitFor((p) => p.seq > since, timeoutMs).then(() => {});
  }

  /** Resolves once a poll came after the one that took `messageId`. */
  whenDone(messageId: string, timeoutMs = 10_000): Promise<void> {
    return this.polls
      .waitFor((p) => {
        const took = this.handed.get(messageId);
        return took !== undefined && p.seq > took;
      }, timeoutMs)
      .then(() => {});
  }

  /** Answers a waiting poll empty (the fake is closing). */
  release(): void {
    this.waiter?.answer(null);
  }
}
