/**
 * A short shared cache in front of the public read routes (`/`, `/chart.png`, the CSV export, the
 * calendar), so that a crowd of readers costs one query, not one each, and cannot starve the chat
 * acknowledgements that run on the same event loop:
 *
 * - entries live `ttlMs` (a few seconds) and are keyed by the URL and the data version (the
 *   history chain's head, which every change moves), so a change shows on the next request;
 * - identical requests that arrive while one is being computed wait for it ("single flight");
 * - every cached answer has a strong ETag; `If-None-Match` with it is answered 304, no body.
 *
 * It wraps the routes as they are (it captures what the route writes), so the routes need not know.
 */
import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, type Registry } from 'prom-client';
import type { Services } from '../services/index.ts';
import { fromAcceptLanguage } from './web-query.ts';

/** What the cache did with one request. */
export type CacheEvent = 'computed' | 'hit' | 'joined' | 'not_modified' | 'bypass';

export interface ReadCacheOptions {
  /** The request paths (`req.path`) that are cached; anything else passes through. */
  paths: readonly string[];
  /** Changes whenever the data behind the answers may have changed. */
  version: () => Promise<string>;
  /** Milliseconds, for the time to live. */
  now: () => number;
  ttlMs?: number;
  /** Bounds on what is kept: oldest entries go first. */
  maxEntries?: number;
  maxBytes?: number;
  observe?: (event: CacheEvent, path: string) => void;
}

interface Entry {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  etag: string;
  expires: number;
}

export const DEFAULT_TTL_MS = 5000;

/** The kept answers, bounded in number and bytes: expired entries go first, then the oldest. */
class Entries {
  private readonly map = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly now: () => number,
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  get(key: string): Entry | undefined {
    return this.map.get(key);
  }

  /** Keeps `e` under `key` (in place of what was there); only a 200 that fits is kept. */
  put(key: string, e: Entry): void {
    this.drop(key);
    if (e.status !== 200 || e.body.length > this.maxBytes) return;
    const now = this.now();
    for (const [k, old] of this.map) if (old.expires <= now) this.drop(k);
    while (this.map.size >= this.maxEntries || this.bytes + e.body.length > this.maxBytes) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.drop(oldest.value);
    }
    this.map.set(key, e);
    this.bytes += e.body.length;
  }

  private drop(key: string): void {
    const e = this.map.get(key);
    if (!e) return;
    this.bytes -= e.body.length;
    this.map.delete(key);
  }
}

class ReadCache {
  private readonly paths: Set<string>;
  private readonly ttl: number;
  private readonly entries: Entries;
  private readonly flights = new Map<string, Promise<Entry>>();
  private readonly observe: (event: CacheEvent, path: string) => void;

  constructor(private readonly opts: ReadCacheOptions) {
    this.paths = new Set(opts.paths);
    this.ttl = opts.ttlMs ?? DEFAULT_TTL_MS;
    this.entries = new Entries(opts.now, opts.maxEntries ?? 200, opts.maxBytes ?? 64 * 2 ** 20);
    this.observe = opts.observe ?? (() => {});
  }

  async handle(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (req.method !== 'GET' || !this.paths.has(req.path)) return next();
    const inm = req.headers['if-none-match'];
    // The route must compute the full answer for everyone: the 304 is decided here.
    delete req.headers['if-none-match'];
    delete req.headers['if-modified-since'];
    const key = await this.keyOf(req, res);
    if (key === null) return next(); // the database is unreachable: the route answers its own error
    const cached = this.entries.get(key);
    if (cached && cached.expires > this.opts.now()) {
      this.observe(matches(inm, cached.etag) ? 'not_modified' : 'hit', req.path);
      return replay(res, cached, inm);
    }
    const flight = this.flights.get(key);
    if (flight) return this.join(flight, req, res, next, inm);
    return this.compute(key, req, res, next, inm);
  }

  /** The data version, the negotiated language and the URL; null when the version cannot be read. */
  private async keyOf(req: Request, res: Response): Promise<string | null> {
    let version: string;
    try {
      version = await this.opts.version();
    } catch {
      this.observe('bypass', req.path);
      return null;
    }
    // The answer depends on the browser's language too (when there is no ?lang=): one entry per
    // negotiated language, and caches on the way are told so (Vary).
    const lang = fromAcceptLanguage(req.headers['accept-language']) ?? '-';
    res.vary('Accept-Language');
    return `${version} ${lang} ${req.originalUrl}`;
  }

  /** Waits for the same answer being computed for another request ("single flight"). */
  private async join(flight: Promise<Entry>, req: Request, res: Response, next: NextFunction, inm?: string) {
    this.observe('joined', req.path);
    try {
      const e = await flight;
      if (matches(inm, e.etag)) this.observe('not_modified', req.path);
      return replay(res, e, inm);
    } catch {
      return next(); // the first one failed unexpectedly: compute again for this one
    }
  }

  /** Lets the route answer, captures the answer, keeps it, and sends it. */
  private async compute(key: string, req: Request, res: Response, next: NextFunction, inm?: string) {
    this.observe('computed', req.path);
    const computing = capture(res, this.opts.now, this.ttl).then((e) => {
      this.entries.put(key, e);
      return e;
    });
    this.flights.set(key, computing);
    computing.then(
      () => this.flights.delete(key),
      () => this.flights.delete(key),
    );
    next();
    let e: Entry;
    try {
      e = await computing;
    } catch {
      return; // the route broke its answer off (destroyed it): nothing to send, nothing kept
    }
    replay(res, e, inm);
  }
}

/** The express middleware; mount it before the routes it covers. */
export function createReadCache(opts: ReadCacheOptions): RequestHandler {
  const cache = new ReadCache(opts);
  return (req, res, next) => cache.handle(req, res, next);
}

/** The cache for an app: data version from the history head, time from the app's clock. */
export function readCache(
  app: { metrics: { registry: Registry }; services: Services },
  opts: Partial<ReadCacheOptions> = {},
): RequestHandler {
  const counter = cacheCounter(app.metrics.registry);
  const version = app.services.dataVersion;
  return createReadCache({
    paths: ['/', '/chart.png', '/export/blockers.csv', '/calendar.ics'],
    version,
    now: () => app.services.clock.now().getTime(),
    observe: (event, path) => counter.inc({ event, path }),
    ...opts,
  });
}

function cacheCounter(registry: Registry): Counter<'event' | 'path'> {
  const name = 'steerbot_read_cache_total';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<'event' | 'path'>;
  return new Counter({
    name,
    help: 'Public read requests by what the cache did: computed, hit, joined (single flight), not_modified',
    labelNames: ['event', 'path'] as const,
    registers: [registry],
  });
}

/** Whether an `If-None-Match` header names `etag` (or is `*`). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((s) => s.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

/**
 * Holds back what the route writes to `res` (headers stay unsent), and resolves with the whole
 * answer once the route ends it. Streaming routes work too: their chunks are gathered. A route
 * that destroys the response instead (a stream broken half way) rejects it: no half answer is
 * kept or sent to those waiting for the same one.
 */
function capture(res: Response, now: () => number, ttl: number): Promise<Entry> {
  const chunks: Buffer[] = [];
  const write = res.write;
  const end = res.end;
  const toBuffer = (chunk: unknown, encoding: unknown) =>
    Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk)
        : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  return new Promise((resolve, reject) => {
    let ended = false;
    res.once('close', () => {
      if (!ended) reject(new Error('the response was closed before it was complete'));
    });
    // Overriding the methods of this one response; their overloads cannot be typed one by one.
    const r = res as unknown as { write: unknown; end: unknown };
    r.write = (chunk: unknown, encoding?: unknown, cb?: unknown) => {
      chunks.push(toBuffer(chunk, encoding));
      const done = typeof encoding === 'function' ? encoding : cb;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    };
    r.end = (chunk?: unknown, encoding?: unknown, cb?: unknown) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function')
        chunks.push(toBuffer(chunk, encoding));
      ended = true;
      res.write = write;
      res.end = end;
      const body = Buffer.concat(chunks);
      const headers = { ...res.getHeaders() };
      delete headers.etag;
      delete headers['content-length'];
      resolve({
        status: res.statusCode,
        headers,
        body,
        etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
        expires: now() + ttl,
      });
      const done = [chunk, encoding, cb].find((x) => typeof x === 'function');
      if (typeof done === 'function') res.once('finish', done as () => void);
      return res;
    };
  });
}

/** Sends a captured answer (or a 304 when the client has it already). */
function replay(res: Response, e: Entry, inm: string | undefined): void {
  if (!res.headersSent) {
    for (const [k, v] of Object.entries(e.headers)) if (v !== undefined) res.setHeader(k, v);
    res.statusCode = e.status;
    if (e.status === 200) {
      res.setHeader('ETag', e.etag);
      if (matches(inm, e.etag)) {
        res.statusCode = 304;
        for (const h of ['content-type', 'content-length', 'content-disposition', 'transfer-encoding'])
          res.removeHeader(h);
        res.end();
        return;
      }
    }
    res.setHeader('Content-Length', e.body.length);
  }
  res.end(e.body);
}
