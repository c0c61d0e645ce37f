import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { inbox } from '../../src/store/schema.ts';
import { freshPgDatabase, testApp } from '../support/app.ts';
import { tally } from './bot-process.ts';

const ROWS = 120;
/** An owner id no process holds: the process that accepted these rows is gone. */
const GONE = 424242;

describe('two processes taking over what a killed process accepted (PostgreSQL)', () => {
  let db: { url: string; drop(): Promise<void> };
  let a: App;
  let b: App;

  beforeAll(async () => {
    db = await freshPgDatabase();
    a = await testApp({ env: { DATABASE_URL: db.url } });
    b = await testApp({ env: { DATABASE_URL: db.url } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('runs each unfinished row once, in one of them, and leaves a live process its own rows', async () => {
    const now = new Date();
    await a.database.db.insert(inbox).values(
      Array.from({ length: ROWS }, (_, i) => ({
        platform: 'telegram',
        key: `1:${i}`,
        kind: 'update',
        payload: { update_id: i },
        receivedAt: now,
        owner: GONE,
      })),
    );
    // A row that the live process `a` is working on right now.
    const mine = await a.services.inbox.accept({
      platform: 'telegram',
      key: '1:live',
      kind: 'update',
      payload: {},
    });
    expect(mine).not.toBeNull();

    const ran = new Map<string, string[]>();
    const replay = (who: string) => async (row: { key: string }) => {
      ran.set(row.key, [...(ran.get(row.key) ?? []), who]);
      await new Promise((resolve) => setImmediate(resolve));
    };
    const [ra, rb] = await Promise.all([
      a.services.inbox.recover('telegram', replay('a')),
      b.services.inbox.recover('telegram', replay('b')),
    ]);

    const twice = [...ran.values()].filter((w) => w.length > 1).length;
    const once = [...ran.values()].filter((w) => w.length === 1).length;
    tally(ROWS, once, ROWS - ran.size, twice);
    expect({ once, twice, total: ra.replayed + rb.replayed }).toEqual({ once: ROWS, twice: 0, total: ROWS });
    expect(ran.has('1:live')).toBe(false);

    const rows = await b.database.db.select().from(inbox);
    expect(rows.filter((r) => r.doneAt === null).map((r) => r.key)).toEqual(['1:live']);
  });
});
