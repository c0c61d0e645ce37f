import express, { type Request, type Response } from 'express';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../../logger.ts';
import type { InboxPort } from '../deps.ts';
import { plain, secretGate, webhookErrors } from '../webhook.ts';
import { handleClaimed } from './update.ts';

/** Past this the webhook is answered 200 and the update finishes in the background (it is in the inbox). */
const ANSWER_WITHIN_MS = 50_000;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** The update in a raw body, or null when it is not JSON of an update. */
function parseUpdate(raw: unknown): Update | null {
  if (!Buffer.isBuffer(raw)) return null;
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    return Number.isSafeInteger((value as { update_id?: unknown }).update_id) ? (value as Update) : null;
  } catch {
    return null;
  }
}

/**
 * The handlers of `POST /telegram/webhook`, in order: the secret first (nothing is read or
 * parsed for a caller without it: 401), then the body (not an update: 400), then the update into
 * the inbox (a redelivered `update_id`: 200 and nothing else), then the bot, and 200 when it is
 * done (or after 50 s, the rest in the background). Any other failure is one plain line: no
 * response ever carries a stack trace or a path.
 */
export function webhookHandlers(opts: { bot: Bot; secret: string; inbox: InboxPort; log: Logger }) {
  const { bot, secret, inbox, log } = opts;
  const key = (u: Update) => `${bot.botInfo.id}:${u.update_id}`;
  return [
    secretGate(SECRET_HEADER, secret, log, 'telegram'),
    express.raw({ type: () => true, limit: '1mb' }),
    async (req: Request, res: Response) => {
      const update = parseUpdate(req.body);
      if (!update) return plain(res, 400, 'not a Telegram update');
      const claim = await inbox.accept({
        platform: 'telegram',
        key: key(update),
        kind: 'update',
        payload: update,
      });
      if (!claim) {
        log.info({ update_id: update.update_id }, 'telegram: update seen before; ignored');
        return plain(res, 200, 'ok');
      }
      const done = inbox.run(claim, () => handleClaimed(bot, update, claim));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ANSWER_WITHIN_MS);
      });
      await Promise.race([
        // Its failure is grammY's to log (bot.catch); the answer to Telegram is 200 either way.
        done.catch((err: unknown) => log.debug({ err }, 'telegram: webhook update failed')),
        late,
      ]);
      clearTimeout(timer);
      plain(res, 200, 'ok');
    },
    webhookErrors(log, 'telegram'),
  ];
}
