/**
 * `steerbot_web_requests_total` counts a streamed answer by how it ended, not by the 200 it sent
 * first: whole (200), the client went away half way (499), or broken off by us half way (500).
 * A real HTTP client reads the first piece and aborts.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Response } from 'express';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRequests } from '../../src/http/metrics.ts';
import { streamBody } from '../../src/http/stream-body.ts';

const registry = new Registry();
let server: ReturnType<ReturnType<typeof express>['listen']>;
let port = 0;
/** Resolves when the server is done with the response of the next request (its `close`). */
let closed: Promise<void> = Promise.resolve();
/** Lets the held stream go on (after the client went away). */
let release: () => void = () => {};

async function* held(): AsyncGenerator<string> {
  yield 'id,title\r\n';
  await new Promise<void>((resolve) => {
    release = resolve;
  });
  yield '1,first\r\n';
}
async function* whole(): AsyncGenerator<string> {
  yield 'id,title\r\n';
  yield '1,first\r\n';
}
async function* breaking(): AsyncGenerator<string> {
  yield 'id,title\r\n';
  throw new Error('the database went away');
}

beforeAll(async () => {
  const count = webRequests(registry);
  const web = express();
  const route = (name: string, body: () => AsyncGenerator<string>) =>
    web.get(`/${name}`, async (_req, res: Response) => {
      count(name, res);
      closed = new Promise((resolve) => res.once('close', () => resolve()));
      res.type('text/csv');
      await streamBody(res, body()).catch(() => {});
    });
  route('held', held);
  route('whole', whole);
  route('breaking', breaking);
  server = web.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** GETs `path`; with `abort`, destroys the connection once the first piece has arrived. */
function get(path: string, abort = false): Promise<{ status: number; body: string; aborted: boolean }> {
  return new Promise((resolve) => {
    const req = request({ port, path, host: '127.0.0.1' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
        if (abort) {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body, aborted: true });
        }
      });
      res.on('error', () => {});
      res.on('close', () => resolve({ status: res.statusCode ?? 0, body, aborted: !res.complete }));
    });
    // Broken before any of the answer arrived: no response at all.
    req.on('error', () => resolve({ status: 0, body: '', aborted: true }));
    req.end();
  });
}

async function counted(route: string): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('steerbot_web_requests_total')?.get();
  const out: Record<string, number> = {};
  for (const v of metric?.values ?? []) if (v.labels.route === route) out[String(v.labels.status)] = v.value;
  return out;
}

describe('steerbot_web_requests_total', () => {
  it('counts a whole streamed answer as 200', async () => {
    const r = await get('/whole');
    await closed;
    expect(r).toEqual({ status: 200, body: 'id,title\r\n1,first\r\n', aborted: false });
    expect(await counted('whole')).toEqual({ '200': 1 });
  });

  it('counts a stream the client aborted half way as 499, not 200', async () => {
    const r = await get('/held', true);
    expect(r.status).toBe(200); // the client saw 200 and the first piece, then left
    expect(r.body).toBe('id,title\r\n');
    await closed;
    release();
    expect(await counted('held')).toEqual({ '499': 1 });
  });

  it('counts a stream broken off by the server half way as 500', async () => {
    const r = await get('/breaking');
    await closed;
    expect(r.aborted).toBe(true);
    expect(await counted('breaking')).toEqual({ '500': 1 });
  });
});
