import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { RelayTarget } from '../../src/domain/ports.ts';
import type { Feed } from '../../src/domain/types.ts';
import { outboxRepo } from '../../src/store/outbox-repo.ts';
import { freshPgDatabase, TestClock, testApp } from '../support/app.ts';

const ROWS = 200;

/** A relay target that records what it is given; `failFirst` makes its first `n` calls throw. */
function recorder(failFirst = 0) {
  const got: string[] = [];
  let calls = 0;
  const target: RelayTarget = {
    scheduler: {
      itemChanged: async () => {},
      subscriptionChanged: async () => {},
      calendarChanged: async () => {},
    },
    notifier: {
      async toFeed(_feed: Feed, _notice, key) {
        calls++;
        if (calls <= failFirst) throw new Error('Redis is not connected (reconnecting)');
        got.push(key);
      },
      toPerson: async () => {},
    },
  };
  return { got, target };
}

/** The outbox relay, as several processes run it against one PostgreSQL (on one test clock). */
describe('the outbox relay', () => {
  const clock = new TestClock(new Date());
  let a: App;
  let b: App;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await freshPgDatabase();
    drop = db.drop;
    a = await testApp({ env: { DATABASE_URL: db.url }, clock });
    b = await testApp({ env: { DATABASE_URL: db.url }, clock });
  }, 60_000);
  afterAll(async () => {
    await a.close();
    await b.close();
    await drop();
  });

  const write = async (n: number, tag: string) => {
    for (let i = 0; i < n; i++) {
      await outboxRepo.insert(
        a.database.db,
        {
          kind: 'to_feed',
          feed: 'alerts',
          notice: { kind: 'notice.escalated', params: {} },
          key: `${tag}${i}`,
        },
        clock.now(),
      );
    }
  };

  it('two processes relaying at once carry each row out once', async () => {
    await write(ROWS, 'k');
    const ra = recorder();
    const rb = recorder();
    await Promise.all([
      a.services.outbox.relayOnce(ra.target, 10),
      b.services.outbox.relayOnce(rb.target, 10),
      a.services.outbox.relayOnce(ra.target, 7),
      b.services.outbox.relayOnce(rb.target, 7),
    ]);
    const all = [...ra.got, ...rb.got];
    expect(all.length).toBe(ROWS);
    expect(new Set(all).size).toBe(ROWS);
    expect(ra.got.length).toBeGreaterThan(0);
    expect(rb.got.length).toBeGreaterThan(0);
    expect(await a.services.outbox.pending()).toBe(0);
  });

  it('a failure keeps the row and the ones after it, in order, for a later pass', async () => {
    await write(3, 'x');
    const r = recorder(1);
    expect(await a.services.outbox.relayOnce(r.target)).toEqual({ relayed: 0, failed: 1 });
    expect(await a.services.outbox.pending()).toBe(3);
    // The failed row waits out its backoff (1 s) on the injected clock.
    clock.advance(999);
    expect(await a.services.outbox.relayOnce(r.target)).toEqual({ relayed: 0, failed: 0 });
    clock.advance(1);
    expect(await a.services.outbox.relayOnce(r.target)).toEqual({ relayed: 3, failed: 0 });
    expect(r.got).toEqual(['x0', 'x1', 'x2']);
  });

  it('a retry after the queue failed tells the observers (the console printer) once', async () => {
    const printed: string[] = [];
    let queued = 0;
    a.notices.add({ toFeed: async (_f, _n, key) => void printed.push(key), toPerson: async () => {} });
    const queue: RelayTarget = {
      scheduler: {
        itemChanged: async () => {},
        subscriptionChanged: async () => {},
        calendarChanged: async () => {},
      },
      notifier: {
        async toFeed() {
          queued++;
          if (queued === 1) throw new Error('Redis is not connected (reconnecting)');
        },
        toPerson: async () => {},
      },
    };
    await write(1, 'fan');
    const target = a.notices.after(queue);
    expect(await a.services.outbox.relayOnce(target)).toEqual({ relayed: 0, failed: 1 });
    clock.advance(1000);
    expect(await a.services.outbox.relayOnce(target)).toEqual({ relayed: 1, failed: 0 });
    expect({ printed, queued }).toEqual({ printed: ['fan0'], queued: 2 });
  });
});
