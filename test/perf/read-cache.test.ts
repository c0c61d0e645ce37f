/**
 * The shared read cache: a crowd of identical requests costs one computation (single flight), a
 * matching ETag gets a 304 with no body, and a change to the records shows on the next request.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CacheEvent, createReadCache } from '../../src/http/read-cache.ts';
import { type WebFixture, webFixture } from '../http/fixture.ts';

/** A route whose answer is held until `release()`, counting how often it runs. */
async function gatedServer(opts: { ttlMs: number; stream?: boolean }) {
  const events: CacheEvent[] = [];
  const waiters: Array<() => void> = [];
  let runs = 0;
  let gate: () => void = () => {};
  let now = 0;
  const web = express();
  web.use(
    createReadCache({
      paths: ['/slow'],
      version: async () => 'v1',
      now: () => now,
      ttlMs: opts.ttlMs,
      observe: (e) => {
        events.push(e);
        for (const w of waiters.splice(0)) w();
      },
    }),
  );
  web.get('/slow', async (req, res) => {
    runs++;
    await new Promise<void>((r) => {
      gate = r;
    });
    if (opts.stream) {
      res.type('text/plain');
      res.write(`run ${runs} `);
      res.end(`for ${String(req.query.q ?? '')}`);
    } else res.type('text/plain').send(`run ${runs} for ${String(req.query.q ?? '')}`);
  });
  const server = web.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    events,
    runs: () => runs,
    release: () => gate(),
    advance: (ms: number) => {
      now += ms;
    },
    /** Resolves once the cache has seen `n` events of `kind`. */
    seen(kind: CacheEvent, n: number) {
      return new Promise<void>((resolve) => {
        const check = () => {
          if (events.filter((e) => e === kind).length >= n) resolve();
          else waiters.push(check);
        };
        check();
      });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('read cache (single flight, ETag)', () => {
  for (const stream of [false, true]) {
    it(`coalesces 20 concurrent identical requests into one computation${stream ? ' (streamed route)' : ''}`, async () => {
      const s = await gatedServer({ ttlMs: 0, stream });
      try {
        const all = Array.from({ length: 20 }, () => fetch(`${s.base}/slow?q=a`));
        await s.seen('computed', 1);
        await s.seen('joined', 19);
        s.release();
        const answers = await Promise.all(all);
        const bodies = await Promise.all(answers.map((r) => r.text()));
        expect(s.runs()).toBe(1);
        expect(new Set(bodies)).toEqual(new Set(['run 1 for a']));
        expect(answers.every((r) => r.status === 200)).toBe(true);
        const etags = new Set(answers.map((r) => r.headers.get('etag')));
        expect(etags.size).toBe(1);
        expect([...etags][0]).toMatch(/^"[\w-]+"$/);
        // With no time to live, the next request computes again.
        const next = fetch(`${s.base}/slow?q=a`);
        await s.seen('computed', 2);
        s.release();
        expect(await (await next).text()).toBe('run 2 for a');
      } finally {
        await s.close();
      }
    });
  }

  it('keeps an answer for its time to live, per URL; a matching If-None-Match gets 304 without a body', async () => {
    const s = await gatedServer({ ttlMs: 5000 });
    try {
      const first = fetch(`${s.base}/slow?q=a`);
      await s.seen('computed', 1);
      s.release();
      const r1 = await first;
      const etag = r1.headers.get('etag') ?? '';
      expect(await r1.text()).toBe('run 1 for a');

      const r2 = await fetch(`${s.base}/slow?q=a`);
      expect(await r2.text()).toBe('run 1 for a');
      const r304 = await fetch(`${s.base}/slow?q=a`, { headers: { 'if-none-match': etag } });
      expect(r304.status).toBe(304);
      expect(await r304.text()).toBe('');
      expect(r304.headers.get('etag')).toBe(etag);
      const stale = await fetch(`${s.base}/slow?q=a`, { headers: { 'if-none-match': '"other"' } });
      expect(stale.status).toBe(200);
      expect(s.runs()).toBe(1);

      // Another query string is another answer.
      const other = fetch(`${s.base}/slow?q=b`);
      await s.seen('computed', 2);
      s.release();
      expect(await (await other).text()).toBe('run 2 for b');

      // Past the time to live it is computed again; the same content keeps the same ETag.
      s.advance(5001);
      const again = fetch(`${s.base}/slow?q=a`, { headers: { 'if-none-match': etag } });
      await s.seen('computed', 3);
      s.release();
      const r3 = await again;
      expect(r3.status).toBe(200); // run 3: another body, another tag
      expect(r3.headers.get('etag')).not.toBe(etag);
    } finally {
      await s.close();
    }
  });
});

describe('read cache on the public routes', () => {
  let f: WebFixture;
  beforeAll(async () => {
    f = await webFixture();
  }, 60_000);
  afterAll(() => f?.close());

  const computed = async (path: string) => {
    const m = await f.app.metrics.registry.getSingleMetric('steerbot_read_cache_total')?.get();
    return m?.values.find((v) => v.labels.event === 'computed' && v.labels.path === path)?.value ?? 0;
  };

  for (const path of ['/', '/export/blockers.csv', '/calendar.ics', '/chart.png']) {
    it(`${path}: 10 readers at once cost one computation; If-None-Match gets 304`, async () => {
      const before = await computed(path);
      const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(`${f.base}${path}`)));
      const bodies = await Promise.all(answers.map(async (r) => Buffer.from(await r.arrayBuffer())));
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(new Set(bodies.map((b) => b.toString('base64'))).size).toBe(1);
      expect(await computed(path)).toBe(before + 1);
      const etag = answers[0]?.headers.get('etag') ?? '';
      expect(answers[0]?.headers.get('content-type')).toBeTruthy();
      const again = await fetch(`${f.base}${path}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect((await again.arrayBuffer()).byteLength).toBe(0);
    });
  }

  it('a change made in chat shows on the next request (the data version is part of the key)', async () => {
    const before = await (await fetch(`${f.base}/`)).text();
    expect(before).not.toContain('Cache busting check');
    await f.run('/blocker add Cache busting check owner:MOF due:+5d');
    const after = await (await fetch(`${f.base}/`)).text();
    expect(after).toContain('Cache busting check');
  });

  it('keeps one answer per browser language: a Vietnamese reader never gets the English page, nor the reverse', async () => {
    const vi = await fetch(`${f.base}/`, { headers: { 'accept-language': 'vi-VN,vi;q=0.9' } });
    const en = await fetch(`${f.base}/`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    const viText = await vi.text();
    const enText = await en.text();
    expect(viText).toContain('lang="vi"');
    expect(enText).toContain('lang="en"');
    expect(vi.headers.get('vary') ?? '').toMatch(/accept-language/i);
    expect(vi.headers.get('etag')).not.toBe(en.headers.get('etag'));
  });
});
