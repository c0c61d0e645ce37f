/**
 * The HTTP server the bench talks to: the product's (`createHttpServer`, read cache on) or the same
 * routes without the read cache, to time what one computation of a page costs.
 */
import express from 'express';
import type { App } from '../src/app.ts';
import { createHttpServer, type HttpServer, listening } from '../src/http/server.ts';
import { mountWeb } from '../src/http/web.ts';

export function benchServer(app: App, opts: { cache: boolean }): HttpServer {
  if (opts.cache) return createHttpServer(app);
  const web = express();
  web.disable('x-powered-by');
  mountWeb(web, app);
  return { express: web, ...listening(web, '127.0.0.1') };
}
