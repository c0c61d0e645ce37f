import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { hasKey } from '../../src/i18n/index.ts';
import { verifyHistory } from '../../src/store/history.ts';
import { freshPgDatabase, testApp } from '../support/app.ts';
import { DB_KINDS, emptyDatabase, queryRows, standardUnits, useWorld, type World } from './harness.ts';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules/.bin/tsx');

/** A history with every kind of change: units, people, blockers, extensions, roadmap, chats. */
async function busyDay(w: World): Promise<void> {
  await standardUnits(w);
  const ana = await w.person('ana', 'lead', 'MIC');
  await w.setup(
    '/blocker add Data exchange not connected owner:MIC from:VNPT due:+14d',
    '/blocker assign B-1 MIC <@UANA>',
    '/blocker start B-1',
    '/blocker due B-1 +20d',
    '/hotline HUE: portal down',
    '/roadmap add MIC Publish data strategy due:eom',
    '/unit alert MOF on',
    '/wg subscribe weekly',
    '/wg lang vi',
    '/wg lang en',
  );
  await w.say(ana, '/blocker note B-1 Ministry answered');
  await w.say(ana, '/blocker due B-1 +40d');
  await w.say(ana, '/roadmap report R-1 10%');
  await w.setup(
    '/extension reject X-1 no retreat',
    '/blocker resolve B-1 done',
    '/blocker reopen B-1',
    '/blocker drop B-2 duplicate',
  );
}

const exec = async (app: App, query: ReturnType<typeof sql>) => app.database.db.execute(query);

describe.each(DB_KINDS)('history hash chain on %s', (kind) => {
  const w = useWorld(kind);

  it('verifies a real history, and every action in it has words in both languages', async () => {
    await busyDay(w);
    const result = await verifyHistory(w.app.database.db);
    expect(result.ok).toBe(true);
    expect(result.rows).toBe(await w.historyCount());
    const rows = await queryRows<{ action: string }>(w.app, sql`select distinct action from history`);
    const actions = rows.map((r) => r.action);
    expect(actions.length).toBeGreaterThan(15);
    expect(actions.filter((a) => !hasKey(`action.${a}`))).toEqual([]);
  });

  it('reports a changed row at its seq', async () => {
    await busyDay(w);
    const target = (await w.history('blocker', 'B-1'))[3]; // the `due` row
    expect(target?.action).toBe('due');
    await exec(
      w.app,
      sql`update history set changes = jsonb_set(changes, '{deadline,to}', '"2099-01-01T10:00:00.000Z"') where seq = ${target?.seq}`,
    );
    expect(await verifyHistory(w.app.database.db)).toMatchObject({
      ok: false,
      rows: (target?.seq ?? 0) - 1,
      brokenAt: { seq: target?.seq, reason: 'row content changed' },
    });
  });

  it('reports a changed actor or time at its seq', async () => {
    await busyDay(w);
    await exec(w.app, sql`update history set actor_name = 'someone else' where seq = 5`);
    expect((await verifyHistory(w.app.database.db)).brokenAt).toEqual({
      seq: 5,
      reason: 'row content changed',
    });
    await exec(w.app, sql`update history set actor_name = 'root' where seq = 5`);
    expect((await verifyHistory(w.app.database.db)).ok).toBe(true);
    await exec(w.app, sql`update history set at = at + interval '1 day' where seq = 7`);
    expect((await verifyHistory(w.app.database.db)).brokenAt).toEqual({
      seq: 7,
      reason: 'row content changed',
    });
  });

  it('reports a deleted row, a deleted last row and a re-linked row', async () => {
    await busyDay(w);
    const n = await w.historyCount();
    await exec(w.app, sql`delete from history where seq = 9`);
    expect((await verifyHistory(w.app.database.db)).brokenAt).toEqual({ seq: 9, reason: 'row missing' });

    await emptyAndRedo(w);
    await exec(w.app, sql`delete from history where seq = ${n}`);
    expect((await verifyHistory(w.app.database.db)).brokenAt).toEqual({
      seq: n,
      reason: 'rows after this one were removed',
    });

    await emptyAndRedo(w);
    // Re-link row 12 to row 10's hash, as if row 11 had never been there.
    await exec(
      w.app,
      sql`update history set prev_hash = (select hash from history where seq = 10) where seq = 12`,
    );
    expect((await verifyHistory(w.app.database.db)).brokenAt).toEqual({
      seq: 12,
      reason: 'link to previous row broken',
    });
  });
});

/** Empties the database and replays the busy day (same seqs). */
async function emptyAndRedo(w: World) {
  await emptyDatabase(w.app);
  await busyDay(w);
}

/** An app with a unit and a blocker: three history rows (first contact, unit, blocker). */
async function threeRows(env: Record<string, string>): Promise<App> {
  const app = await testApp({ env });
  const root = { platform: 'console' as const, id: 'root', name: 'root' };
  const actor = await app.services.identity.resolve(root, { asAdmin: true });
  await app.services.units.add(actor, {
    code: 'MIC',
    name: 'Ministry of Information',
    block: 'government',
    kind: 'ministry',
  });
  await app.services.blockers.add(actor, { title: 'Data exchange not connected', ownerUnit: 'MIC' });
  return app;
}

/** Runs `command`; its exit code and output whether it succeeds or not. */
const exitOf = (command: string, args: string[], env: Record<string, string>) =>
  run(command, args, { env: { ...process.env, LOG_LEVEL: 'silent', ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );

describe('npm run verify-history', () => {
  it('exits 0 on an intact history (server)', async () => {
    const db = await freshPgDatabase();
    try {
      await (await threeRows({ DATABASE_URL: db.url })).close();
      expect(await exitOf(TSX, ['src/verify-history.ts'], { DATABASE_URL: db.url })).toEqual({
        code: 0,
        stdout: 'History intact: 3 rows, every link checks.\n',
      });
    } finally {
      await db.drop();
    }
  });

  it('prints the first broken row and exits 2 on an embedded DATA_DIR', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'steerbot-verify-'));
    try {
      const app = await threeRows({ DATA_DIR: dir });
      await app.database.db.execute(
        sql`update history set changes = '{"title":"Nothing to see"}' where seq = 3`,
      );
      await app.close();
      expect(await exitOf('npm', ['run', '--silent', 'verify-history'], { DATA_DIR: dir })).toEqual({
        code: 2,
        stdout: 'History BROKEN at row 3: row content changed (rows 1–2 before it are intact).\n',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
