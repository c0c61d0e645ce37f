/** What two databases hold, compared the way a user and an operator would see a difference. */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { App } from '../../src/app.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { createQueueRuntime } from '../../src/queue/runtime.ts';
import { schemaTables } from '../../src/store/backup-repo.ts';
import type { Db } from '../../src/store/db.ts';
import { dropPrefix } from '../queue/support.ts';
import { freshPgDatabase, type TestClock, testApp } from '../support/app.ts';

export type Kind = 'pglite' | 'postgres';

/** A test app on `kind` (PGlite in memory, or a fresh database on the server), with its drop. */
export async function openApp(
  kind: Kind,
  clock: TestClock,
  env: Record<string, string> = {},
): Promise<{ app: App; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const app = await testApp({ clock, env });
    return { app, drop: () => app.close() };
  }
  const db = await freshPgDatabase('steerbot_backup');
  const app = await testApp({ clock, env: { ...env, DATABASE_URL: db.url } });
  return {
    app,
    async drop() {
      await app.close();
      await db.drop();
    },
  };
}

/**
 * Every table's rows as text, sorted: PostgreSQL's JSON of each row with timestamps in UTC to the
 * microsecond, so the same data reads the same on PGlite and on a server.
 */
export async function dump(app: App): Promise<Record<string, string[]>> {
  return app.database.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.execute(sql`set local time zone 'UTC'`);
    const out: Record<string, string[]> = {};
    for (const table of schemaTables()) {
      const res = (await tx.execute(
        sql`select row_to_json(t)::text as j from ${sql.identifier(table.name)} t`,
      )) as unknown as { rows: { j: string }[] };
      out[table.name] = res.rows.map((r) => r.j).sort();
    }
    return out;
  });
}

/** `/export/blockers.csv`, as bytes. */
export async function exportCsv(app: App): Promise<Buffer> {
  const http = createHttpServer(app);
  const port = await http.listen(0, '127.0.0.1');
  try {
    return Buffer.from(await (await fetch(`http://127.0.0.1:${port}/export/blockers.csv`)).arrayBuffer());
  } finally {
    await http.close();
  }
}

/** The reminder jobs the queue's reconcile derives from the database (on a fresh Redis prefix): their ids. */
export async function reconciledReminders(app: App): Promise<string[]> {
  const prefix = `bk${randomUUID().slice(0, 8)}`;
  const rt = createQueueRuntime(app, { prefix, platforms: [] });
  try {
    await rt.ready();
    await rt.reminders.reconcile();
    const jobs = await Promise.all(rt.queues().map((q) => q.getJobs(['delayed', 'waiting', 'prioritized'])));
    return jobs
      .flat()
      .filter((j) => j.name === 'deadline-reminder')
      .map((j) => String(j.id))
      .sort();
  } finally {
    await rt.close();
    await dropPrefix(prefix);
  }
}
