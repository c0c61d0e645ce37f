/**
 * The HTTP server the bench talks to: the product's (`createHttpServer`, read cache on) or the same
 * routes without the read cache, to time what one computation of a page costs.
 */
import type { Server } from 'node:http';
import express from 'express';
import type { App } from '../src/app.ts';
import { createHttpServer, type HttpServer } from '../src/http/server.ts';
import { mountWeb } from '../src/http/web.ts';

export function benchServer(app: App, opts: { cache: boolean }): HttpServer {
  if (opts.cache) return createHttpServer(app);
  const web = express();
  web.disable('x-powered-by');
  mountWeb(web, app);
  let server: Server | null = null;
  return {
    express: web,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve) => {
        const s = web.listen(port, host, () => {
          const addr = s.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
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
