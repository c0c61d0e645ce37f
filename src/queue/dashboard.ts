import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Express, NextFunction, Request, Response } from 'express';
import type { QueueRuntime } from './runtime.ts';

export const DASHBOARD_PATH = '/admin/queues';

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Admits a request carrying the token: `Authorization: Bearer <token>`, or HTTP Basic with the
 * token as password (what a browser remembers for the dashboard's own page and API calls).
 */
export function tokenGuard(token: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const auth = req.headers.authorization ?? '';
    const [scheme, value = ''] = auth.split(' ');
    let given = '';
    if (scheme === 'Bearer') given = value;
    if (scheme === 'Basic') given = Buffer.from(value, 'base64').toString().split(':').slice(1).join(':');
    if (given && same(given, token)) return next();
    res.setHeader('WWW-Authenticate', 'Basic realm="steerbot queues"');
    res.status(401).send('token required');
  };
}

/** Mounts bull-board on the HTTP server for admins, behind DASHBOARD_TOKEN (main.ts mounts it only when one is set). */
export function mountDashboard(web: Express, rt: QueueRuntime, token: string): boolean {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  // @bull-board/express 9.10.1 nests its own @bull-board/api 9.10.1 beside our 9.10.2: the same
  // interface from two copies, so the types disagree on a private field; at run time they match.
  type Board = Parameters<typeof createBullBoard>[0];
  createBullBoard({
    queues: rt.queues().map((q) => new BullMQAdapter(q)),
    serverAdapter: serverAdapter as unknown as Board['serverAdapter'],
  });
  web.use(DASHBOARD_PATH, tokenGuard(token), serverAdapter.getRouter());
  return true;
}
