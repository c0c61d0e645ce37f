/**
 * What every platform's webhook shares: the secret header checked before the body is read
 * (compared in constant time), one plain line per answer, and the last handler that turns any
 * failure into that one line (no stack trace, no path).
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.ts';

/** Whether the header holds the secret, compared in constant time. */
function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Answers one plain-text line. */
export const plain = (res: Response, status: number, text: string) => {
  res.status(status).type('text/plain').send(text);
};

/** The first handler: a caller without the secret in `header` gets 401, its body unread. */
export function secretGate(header: string, secret: string, log: Logger, platform: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (sameSecret(req.headers[header], secret)) return next();
    log.warn({ ip: req.ip }, `${platform}: webhook call without the secret refused`);
    plain(res, 401, 'unauthorized');
  };
}

/** The last handler: express.raw's own refusals (too large, bad encoding) and anything thrown. */
export function webhookErrors(log: Logger, platform: string) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: unknown }).status;
    const code = typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
    if (code === 500) log.error({ err }, `${platform}: webhook failed`);
    if (!res.headersSent) plain(res, code, code === 500 ? 'internal error' : 'bad request');
  };
}
