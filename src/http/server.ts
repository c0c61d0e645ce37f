import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { sql } from 'drizzle-orm';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { translator } from '../i18n/index.ts';
import { RateLimiter, WEB_REQUESTS_PER_MINUTE } from '../services/rate-limit.ts';
import { readCache } from './read-cache.ts';
import { mountWeb } from './web.ts';

/** The public, unauthenticated read routes: limited per client address. */
const isPublicPath = (path: string) =>
  path === '/' ||
  path === '/chart.png' ||
  path === '/export/blockers.csv' ||
  path === '/calendar.ics' ||
  path.startsWith('/reports/');

export interface HttpServer {
  /** The express app: adapters mount their routes (`/slack/events`, `/telegram/webhook`) on it. */
  express: Express;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * What the server needs: what the web view and the read cache take (they say it), which holds
 * what the server itself reads (config, log, clock, database for health, metrics).
 */
export type HttpDeps = Parameters<typeof mountWeb>[1] &
  Parameters<typeof readCache>[0] & {
    /** The health check's database: its kind and one query. */
    database: { kind: string; db: { execute(query: ReturnType<typeof sql>): Promise<unknown> } };
  };

/** An express app as the bot serves one: no banner, no stack traces, the proxy on this host trusted. */
function plainExpress(): Express {
  const a = express();
  a.disable('x-powered-by');
  // Express shows stack traces in its default error page unless env is production.
  a.set('env', 'production');
  // A reverse proxy on this host (README: TLS in front) says who the client is; nobody else may.
  a.set('trust proxy', 'loopback');
  return a;
}

/** Per client address on the public routes, so that nobody can keep the bot busy from the web. */
function limitPublic(app: HttpDeps) {
  const perClient = new RateLimiter(app.services.clock);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isPublicPath(req.path)) return next();
    const taken = perClient.take(`ip:${req.ip ?? 'unknown'}`, WEB_REQUESTS_PER_MINUTE);
    if (taken.ok) return next();
    const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
    const lang = req.query.lang === 'vi' || req.query.lang === 'en' ? req.query.lang : app.config.BOT_LOCALE;
    res
      .status(429)
      .set('Retry-After', String(seconds))
      .type('text/plain; charset=utf-8')
      .send(`${translator(lang)('web.too_many', { seconds })}\n`);
  };
}

/** Health (the database answers) and the Prometheus metrics. */
function mountProbes(web: Express, app: HttpDeps): void {
  web.get('/healthz', async (_req, res) => {
    try {
      await app.database.db.execute(sql`select 1`);
      res.json({ ok: true, database: app.database.kind });
    } catch (err) {
      app.log.error({ err }, 'health check failed');
      res.status(503).json({ ok: false, database: 'unreachable' });
    }
  });
  web.get('/metrics', async (_req, res) => {
    res.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics());
  });
}

/** The last answers: 404, and any error as one plain line (a reference in the log for a 5xx). */
function mountFallbacks(outer: Express, app: HttpDeps): void {
  outer.use((_req: Request, res: Response) => {
    res.status(404).type('text/plain; charset=utf-8').send('Not found.\n');
  });
  outer.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    res.status(httpStatusOf(err)).type('text/plain; charset=utf-8');
    if (res.statusCode < 500) return void res.send('Bad request.\n');
    const ref = randomUUID().slice(0, 8);
    app.log.error({ err, ref, method: req.method, path: req.path }, 'HTTP request failed');
    res.send(`Something went wrong on our side. Reference: ${ref}\n`);
  });
}

/** The one HTTP server of a process: health, metrics, the public web view, and whatever the adapters mount. */
export function createHttpServer(app: HttpDeps): HttpServer {
  // `web` holds every route, including those the adapters mount later; `outer` wraps it so the
  // final 404 and error answers stay last whenever a route is added.
  const outer = plainExpress();
  const web = plainExpress();
  outer.use(web);
  web.use(limitPublic(app));
  mountProbes(web, app);
  // The public read side: web view, CSV export, calendar, chart.
  web.use(readCache(app));
  mountWeb(web, app);
  mountFallbacks(outer, app);

  return { express: web, ...listening(outer, '0.0.0.0') };
}

/** Listening and closing for an express app (`host` when `listen` is given none). */
export function listening(handler: Express, defaultHost: string): Omit<HttpServer, 'express'> {
  let server: Server | null = null;
  return {
    listen(port, host = defaultHost) {
      return new Promise((resolve, reject) => {
        const s = handler.listen(port, host, (err?: Error) => {
          if (err) return reject(err);
          const addr = s.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
        s.once('error', reject);
        server = s;
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * The HTTP status an error asks for (body-parser's 400, 413, 415…), else 500. The answer itself
 * is always one plain line: never the error's message, stack or a file path.
 */
function httpStatusOf(err: unknown): number {
  const e = err as { status?: unknown; statusCode?: unknown } | null;
  const status = Number(e?.status ?? e?.statusCode);
  return Number.isInteger(status) && status >= 400 && status < 600 ? status : 500;
}
