import express, { type Request, type Response } from 'express';
import type { Logger } from '../../logger.ts';
import { plain, secretGate, webhookErrors } from '../webhook.ts';
import { updateOf, type ZaloUpdate } from './update.ts';

const SECRET_HEADER = 'x-bot-api-secret-token';

/** The body's update, or null when it is not JSON of one (with or without the envelope). */
function parse(raw: unknown): ZaloUpdate | null {
  if (!Buffer.isBuffer(raw)) return null;
  try {
    return updateOf(JSON.parse(raw.toString('utf8')));
  } catch {
    return null;
  }
}

/**
 * The handlers of `POST /zalo/webhook`, in order: the `X-Bot-Api-Secret-Token` header first (a
 * caller without the secret gets 401, its body unread and nothing stored), then the body (not an
 * update: 400), then `receive` (the update into the inbox and carried out), and 200. Any failure
 * is one plain line: no response carries a stack trace or a path.
 */
export function webhookHandlers(opts: {
  secret: string;
  log: Logger;
  receive: (update: ZaloUpdate) => Promise<void>;
}) {
  const { secret, log, receive } = opts;
  return [
    secretGate(SECRET_HEADER, secret, log, 'zalo'),
    express.raw({ type: () => true, limit: '1mb' }),
    async (req: Request, res: Response) => {
      const update = parse(req.body);
      if (!update) return plain(res, 400, 'not a Zalo update');
      await receive(update);
      plain(res, 200, 'ok');
    },
    webhookErrors(log, 'zalo'),
  ];
}
