import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../logger.ts';
import { updateOf, type ZaloUpdate } from './update.ts';

const SECRET_HEADER = 'x-bot-api-secret-token';

/** Whether the header holds the secret, compared in constant time. */
function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The body's update, or null when it is not JSON of one (with or without the envelope). */
function parse(raw: unknown): ZaloUpdate | null {
  if (!Buffer.isBuffer(raw)) return null;
  try {
    return updateOf(JSON.parse(raw.toString('utf8')));
  } catch {
    return null;
  }
}

const plain = (res: Response, status: number, text: string) => {
  res.status(status).type('text/plain').send(text);
};

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
    (req: Request, res: Response, next: NextFunction) => {
      if (sameSecret(req.headers[SECRET_HEADER], secret)) return next();
      log.warn({ ip: req.ip }, 'zalo: webhook call without the secret refused');
      plain(res, 401, 'unauthorized');
    },
    express.raw({ type: () => true, limit: '1mb' }),
    async (req: Request, res: Response) => {
      const update = parse(req.body);
      if (!update) return plain(res, 400, 'not a Zalo update');
      await receive(update);
      plain(res, 200, 'ok');
    },
    (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const status = (err as { status?: unknown }).status;
      const code = typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
      if (code === 500) log.error({ err }, 'zalo: webhook failed');
      if (!res.headersSent) plain(res, code, code === 500 ? 'internal error' : 'bad request');
    },
  ];
}
