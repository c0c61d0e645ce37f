import type { Server } from 'node:http';
import { sql } from 'drizzle-orm';
import express, { type Express } from 'express';
import type { App } from '../app.ts';
import { readCache } from './read-cache.ts';
import { mountWeb } from './web.ts';

export interface HttpServer {
  /** The express app: adapters mount their routes (`/slack/events`, `/telegram/webhook`) on it. */
  express: Express;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** The one HTTP server of a process: health, metrics, the public web view, and whatever the adapters mount. */
export function createHttpServer(app: App): HttpServer {
  const web = express();
  web.disable('x-powered-by');

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

  // The public read side: web view, CSV export, calendar, chart.
  web.use(readCache(app));
  mountWeb(web, app);

  let server: Server | null = null;
  return {
    express: web,
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        const s = web.listen(port, host, (err?: Error) => {
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
