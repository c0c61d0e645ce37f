import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/server.ts';
import { mountDashboard } from '../../src/queue/dashboard.ts';
import { renderText } from '../../src/render/text.ts';
import { captureSender, type QueueTest, queueTest, REDIS_URL } from './support.ts';

describe('/wg status and the dashboard', () => {
  let t: QueueTest;
  beforeAll(async () => {
    t = await queueTest({ sender: captureSender(), workers: false });
  });
  afterAll(() => t.close());

  const run = async (who: string, text: string, asAdmin = false) =>
    renderText(
      (
        await t.app.dispatcher.handle({
          text,
          who: { platform: 'console', id: who, name: who },
          chat: { platform: 'console', id: 'c' },
          asAdmin,
        })
      ).reply,
    );

  it('shows queue depths and failed jobs to admins only', async () => {
    await t.rt.delivery.add({
      platform: 'console',
      target: { chatId: 'x' },
      content: { notice: { kind: 'notice.blocker_added', params: { id: 'B-1', unit: 'MIC', title: 't' } } },
      key: 'k1',
    });
    const out = await run('admin', '/wg status', true);
    expect(out).toContain('Queues');
    expect(out).toContain('schedule: 0 waiting, 0 active');
    expect(out).toContain('deliver-console: 1 waiting, 0 active, 0 scheduled, 0 failed');
    expect(await run('lan', '/wg status')).toMatch(/^Error: /);
  });

  it('tells a failed status read from Redis being down', async () => {
    // A key of the wrong type under the schedule queue: Redis answers, the read fails.
    const redis = new Redis(REDIS_URL);
    const key = `${t.rt.prefix}:schedule:failed`;
    const saved = await redis.dump(key);
    await redis.del(key);
    await redis.set(key, 'not a sorted set');
    try {
      const out = await run('admin', '/wg status', true);
      expect(out).toMatch(/Redis answers, but the queues could not be read: WRONGTYPE/);
      expect(out).not.toMatch(/not reachable/);
    } finally {
      await redis.del(key);
      if (saved) await redis.restore(key, 0, saved);
      redis.disconnect();
    }
  });

  it('mounts bull-board behind the token', async () => {
    const http = createHttpServer(t.app);
    expect(mountDashboard(http.express, t.rt, 'sesame')).toBe(true);
    const port = await http.listen(0, '127.0.0.1');
    try {
      const url = `http://127.0.0.1:${port}/admin/queues/api/queues`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: 'Bearer sesame' } });
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { queues: { name: string }[] };
      // Every delivery lane is a queue of its own on the dashboard.
      expect(body.queues.map((q) => q.name).sort()).toEqual([
        'deliver-console',
        'deliver-console-1',
        'deliver-console-2',
        'deliver-console-3',
        'schedule',
      ]);
      const basic = Buffer.from('admin:sesame').toString('base64');
      expect(
        (
          await fetch(`http://127.0.0.1:${port}/admin/queues`, {
            headers: { authorization: `Basic ${basic}` },
          })
        ).status,
      ).toBe(200);
    } finally {
      await http.close();
    }
  });
});
