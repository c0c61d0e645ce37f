import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { blockers } from '../../src/store/schema.ts';
import { ROOT, TSX } from '../console/run.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { FORM, postToBolt, slashCommandBody } from '../fakes/slack-sign.ts';
import { SECRET, USERS, WG } from '../slack/harness.ts';
import { freshPgDatabase } from '../support/app.ts';
import { type BotProcess, portOf, spawnBot, tally } from './bot-process.ts';

const COMMANDS = 200;
/**
 * The bot is killed once it has answered this many commands in the channel, or once this many
 * were acknowledged, whichever comes first: some commands are done, some acknowledged and not
 * yet done, some in flight.
 */
const KILL_AFTER_ANSWERS = 20;
const KILL_AFTER_ACKS = 150;
const SENDERS = [USERS.admin, USERS.lead, USERS.member, USERS.member2];

/** `npm run verify-history` on the same database: its one line. */
async function verifyHistory(env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(TSX, ['src/verify-history.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', DATA_DIR: '', ...env },
  });
  return stdout.trim();
}

describe.each(['postgres', 'pglite'] as const)(
  'SIGKILL of the bot in the middle of 200 signed slash commands (%s)',
  (kind) => {
    let fake: FakeSlack;
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    let bot: BotProcess | undefined;

    beforeAll(async () => {
      fake = await startFakeSlack({ users: Object.values(USERS), channels: [WG] });
      const base = {
        SLACK_BOT_TOKEN: fake.token,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.url,
        PORT: '0',
        // No Redis here: what is under test is the inbox, not the queue.
        REDIS_URL: 'redis://127.0.0.1:1',
        ADMINS: `slack:${USERS.admin.id}`,
      };
      if (kind === 'postgres') {
        const db = await freshPgDatabase();
        env = { ...base, DATABASE_URL: db.url };
        cleanup = () => db.drop();
      } else {
        const dir = await mkdtemp(join(tmpdir(), 'steerbot-kill-'));
        env = { ...base, DATA_DIR: dir };
        cleanup = () => rm(dir, { recursive: true, force: true });
      }
    });

    afterAll(async () => {
      await bot?.kill();
      await fake?.close();
      await cleanup?.();
    });

    it('stores every acknowledged command exactly once after a restart, ids gapless, history intact', async () => {
      bot = spawnBot(env);
      const first = bot;
      const url = `http://127.0.0.1:${await portOf(first)}/slack/events`;

      let answers = 0;
      void fake
        .waitFor((c) => c.method === 'response_url' && ++answers === KILL_AFTER_ANSWERS, 60_000)
        .then(() => first.child.kill('SIGKILL'))
        .catch(() => {});
      let acks = 0;
      const sent = await Promise.all(
        Array.from({ length: COMMANDS }, async (_, i) => {
          const title = `Kill test ${String(i).padStart(3, '0')}`;
          const user = SENDERS[i % SENDERS.length] ?? USERS.admin;
          const body = slashCommandBody({
            command: '/blocker',
            text: `add ${title}`,
            user_id: user.id,
            user_name: user.name,
            channel_id: WG,
            response_url: fake.responseUrl(`kill-${i}`, WG),
          });
          try {
            const res = await postToBolt(url, SECRET, body, FORM);
            if (res.status !== 200) return { title, acked: false };
            if (++acks === KILL_AFTER_ACKS) first.child.kill('SIGKILL');
            return { title, acked: true };
          } catch {
            return { title, acked: false }; // the connection died with the process: never acknowledged
          }
        }),
      );
      expect(await first.exited).toBe('SIGKILL');
      const acked = sent.filter((s) => s.acked).map((s) => s.title);
      expect(acked.length).toBeGreaterThan(0);

      bot = spawnBot(env);
      const recovered = await bot.waitFor(
        (l) => l.msg === 'inbox: startup recovery done' && l.platform === 'slack',
        90_000,
      );

      let rows: Array<{ id: number; title: string }>;
      if (kind === 'pglite') await bot.kill(); // the embedded database has one owner: stop it to read it
      const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? '' });
      try {
        rows = await database.db
          .select({ id: blockers.id, title: blockers.title })
          .from(blockers)
          .orderBy(asc(blockers.id));
      } finally {
        await database.close();
      }

      const count = new Map<string, number>();
      for (const r of rows) count.set(r.title, (count.get(r.title) ?? 0) + 1);
      const lost = acked.filter((t) => !count.has(t)).length;
      const duplicated = [...count.values()].filter((n) => n > 1).length;
      const delivered = acked.filter((t) => count.get(t) === 1).length;
      console.log(
        `${kind}: ${acked.length} of ${COMMANDS} acknowledged before the kill; after restart ${recovered.replayed} replayed, ${recovered.finished} already applied; ${rows.length} stored`,
      );
      tally(acked.length, delivered, lost, duplicated);
      expect({ lost, duplicated, delivered }).toEqual({ lost: 0, duplicated: 0, delivered: acked.length });
      // Ids without gaps: B-1 … B-n.
      expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => i + 1));
      if (kind === 'pglite') await bot.kill();
      expect(await verifyHistory(env)).toMatch(/^History intact: \d+ rows, every link checks\.$/);
    }, 180_000);
  },
);
