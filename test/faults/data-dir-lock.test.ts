import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../console/run.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { FORM, postToBolt, slashCommandBody } from '../fakes/slack-sign.ts';
import { SECRET, USERS, WG } from '../slack/harness.ts';
import { type BotProcess, portOf, spawnBot, tally } from './bot-process.ts';

/** Runs an entry point to its end (as `npm run <script>` would, without npm's own lines). */
function runToEnd(script: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const clean = { ...process.env };
    for (const k of Object.keys(clean)) if (/^(SLACK_|TELEGRAM_|DATABASE_URL|PORT)/.test(k)) delete clean[k];
    execFile(
      process.execPath,
      ['--import', 'tsx', script],
      { cwd: ROOT, env: { ...clean, LOG_LEVEL: 'info', ...env } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('a second process on the same embedded DATA_DIR', () => {
  let fake: FakeSlack;
  let dir: string;
  let env: Record<string, string>;
  let first: BotProcess;
  let url: string;

  beforeAll(async () => {
    fake = await startFakeSlack({ users: Object.values(USERS), channels: [WG] });
    dir = await mkdtemp(join(tmpdir(), 'steerbot-lock-'));
    env = {
      DATA_DIR: dir,
      SLACK_BOT_TOKEN: fake.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
      PORT: '0',
      REDIS_URL: 'redis://127.0.0.1:1',
    };
    first = spawnBot(env);
    url = `http://127.0.0.1:${await portOf(first)}/slack/events`;
  });

  afterAll(async () => {
    await first?.kill();
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const inUse = (who: string) =>
    new RegExp(
      `^${who}: the embedded database in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by process ${first.child.pid}; stop it, or set DATABASE_URL to a PostgreSQL server to run several processes\\n$`,
    );

  it('refuses npm start, npm run seed and npm run verify-history with one line naming DATA_DIR and DATABASE_URL, exit 1', async () => {
    const [start, seed, verify] = await Promise.all([
      runToEnd('src/main.ts', env),
      runToEnd('src/seed.ts', env),
      runToEnd('src/verify-history.ts', env),
    ]);
    expect(start).toMatchObject({ code: 1, stdout: '' });
    expect(start.stderr).toMatch(inUse('steerbot'));
    expect(seed).toMatchObject({ code: 1 });
    expect(seed.stderr).toMatch(inUse('steerbot seed'));
    expect(verify).toMatchObject({ code: 1 });
    expect(verify.stderr).toMatch(inUse('verify-history'));
  });

  it('refuses npm run worker on the embedded database, saying DATABASE_URL is needed', async () => {
    const worker = await runToEnd('src/worker.ts', env);
    expect(worker.code).toBe(1);
    expect(worker.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(worker.stderr).toContain(dir);
    expect(worker.stderr).toContain('DATABASE_URL');
  });

  it('leaves the first process working', async () => {
    const body = slashCommandBody({
      command: '/blocker',
      text: 'add Still answering after the refusal',
      user_id: USERS.member.id,
      user_name: USERS.member.name,
      channel_id: WG,
      response_url: fake.responseUrl('lock-1', WG),
    });
    expect((await postToBolt(url, SECRET, body, FORM)).status).toBe(200);
    const posted = await fake.waitFor(
      (c) =>
        c.method === 'response_url' && JSON.stringify(c.body).includes('Still answering after the refusal'),
      15_000,
    );
    const delivered = JSON.stringify(posted.body).includes('B-1') ? 1 : 0;
    tally(1, delivered, 1 - delivered, 0);
    expect(delivered).toBe(1);
    expect(first.child.exitCode).toBeNull();
  });
});
