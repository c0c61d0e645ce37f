/**
 * A streamed answer (CSV, calendar) over real HTTP, with and without the read cache in front: a
 * long one arrives whole at the pace of the socket; one that breaks half way reaches the client
 * as a broken transfer, never as a short answer that looks complete, and the cache keeps nothing.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadCache } from '../../src/http/read-cache.ts';
import { streamBody } from '../../src/http/stream-body.ts';

const PIECE = 'x'.repeat(64 * 1024);
let fail = true;

async function* long(): AsyncGenerator<string> {
  for (let i = 0; i < 200; i++) yield `${i}:${PIECE}\n`;
}
async function* breaking(): AsyncGenerator<string> {
  yield 'id,title\r\n';
  yield '1,first\r\n';
  if (fail) throw new Error('the database went away');
  yield '2,second\r\n';
}

let server: ReturnType<ReturnType<typeof express>['listen']>;
let base = '';
const events: string[] = [];

beforeAll(async () => {
  const web = express();
  web.use(
    createReadCache({
      paths: ['/cached/long', '/cached/breaking'],
      version: async () => 'v1',
      now: () => 0,
      observe: (event) => events.push(event),
    }),
  );
  for (const prefix of ['/cached', '/direct']) {
    web.get(`${prefix}/long`, async (_req, res) => {
      res.type('text/plain');
      await streamBody(res, long());
    });
    web.get(`${prefix}/breaking`, async (_req, res) => {
      res.type('text/csv');
      try {
        await streamBody(res, breaking());
      } catch {
        if (!res.headersSent && !res.destroyed) res.status(500).send('error\n');
      }
    });
  }
  server = web.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('streamBody', () => {
  for (const prefix of ['/direct', '/cached'])
    it(`sends a long answer whole (${prefix})`, async () => {
      const text = await (await fetch(`${base}${prefix}/long`)).text();
      let want = '';
      for await (const piece of long()) want += piece;
      expect(text.length).toBe(want.length);
      expect(text === want).toBe(true);
    });

  for (const prefix of ['/direct', '/cached'])
    it(`breaks the transfer off when the stream fails half way (${prefix})`, async () => {
      fail = true;
      await expect(fetch(`${base}${prefix}/breaking`).then((r) => r.text())).rejects.toThrow();
    });

  it('keeps nothing of a broken answer in the cache: the next request computes it again', async () => {
    fail = false;
    events.length = 0;
    const res = await fetch(`${base}/cached/breaking`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('id,title\r\n1,first\r\n2,second\r\n');
    expect(events).toEqual(['computed']);
  });
});
