import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Finished, ROOT, replies, runWithInput, STACK_FRAME, TSX } from '../console/run.ts';

const SESSION = [
  '/unit add MIC "Ministry of Information" block:government kind:ministry',
  '/blocker add Data platform not connected owner:MIC',
  '/as lan /blocker list',
  '/wg role lan hotline',
  '/as @lan /hotline MIC: portal down since Monday',
  '/as lan /blocker due B-2 fri',
  '/as lan /extension approve X-1',
  '/blocker show B-2',
  '/as',
  '/as lan',
  '/blocker void B-1 typed by mistake',
].join('\n');

describe('the console: /as, one warning, no unpressable actions', () => {
  let dir: string;
  let out: Finished;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'steerbot-mend-console-'));
    out = await runWithInput('npm', ['start', '--silent'], `${SESSION}\n`, {
      DATA_DIR: dir,
      USER: 'minh',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('/as @person runs the command as that person; the history names them and the admin who typed it', () => {
    expect(out.code).toBe(0);
    expect(out.stderr).not.toMatch(STACK_FRAME);
    const r = replies(out.stdout);
    expect(r).toHaveLength(SESSION.split('\n').length);
    expect(r[2]).toMatch(/^\[lan\] Blockers: open \(1\)\n• B-1 {2}Data platform not connected/);
    expect(r[3]).toBe('lan (console lan) is now a hotline handler');
    expect(r[4]).toMatch(/^\[lan\] Hotline call logged as B-2: portal down since Monday\n/);
    // A hotline handler's first deadline is set, not requested; an admin decision stays an admin's.
    expect(r[5]).toMatch(/^\[lan\] First deadline of B-2 set to /);
    expect(r[6]).toMatch(/^\[lan\] Error: not allowed: your role may not decide extension requests\./);
    expect(r[7]).toMatch(/ · lan \(by minh via console\) · created\n/);
    expect(r[7]).toMatch(/ · lan \(by minh via console\) · first deadline set — → /);
    expect(r[8]).toBe(
      'Error: say whom to act as, then the command: /as @lan /blocker list mine.\nUsage: /as @person <command>',
    );
    expect(r[9]).toBe(r[8]);
  });

  it('a void keeps the history chain intact: npm run verify-history passes', async () => {
    expect(replies(out.stdout)[10]).toMatch(
      /^B-1 is void and counted nowhere now: Data platform not connected\n/,
    );
    const v = await runWithInput(TSX, ['src/verify-history.ts'], '', { DATA_DIR: dir });
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^History intact: \d+ rows, every link checks\.\n$/);
  }, 60_000);

  it('cards end with the commands one could type, never an "Actions:" line', () => {
    expect(out.stdout).not.toContain('Actions:');
    expect(replies(out.stdout)[1]).toMatch(
      /\n→ \/blocker start B-1 · \/blocker resolve B-1 \[note\] · \/blocker due B-1 DATE \[reason\]$/,
    );
  });

  it('the Redis warning is printed once', () => {
    const warnings = out.stderr.split('\n').filter((l) => /redis/i.test(l));
    expect(warnings).toEqual([
      'steerbot: warning: Redis at redis://127.0.0.1:1 is not reachable; reminders and scheduled summaries are off.',
    ]);
  });
});

describe('a bad or unreachable DATABASE_URL', () => {
  it('is one line naming it, the password masked', async () => {
    const res = await runWithInput('npm', ['start', '--silent'], '/help\n', {
      DATABASE_URL: 'postgres://steerbot:s3cret@127.0.0.1:1/steerbot',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      'steerbot: cannot connect to the PostgreSQL server in DATABASE_URL (postgres://steerbot:***@127.0.0.1:1/steerbot): connection refused\n',
    );
    expect(res.stderr).not.toContain('s3cret');
  }, 60_000);
});

const hasScript = spawnSync('script', ['--version']).status === 0;

describe.skipIf(!hasScript)('the interactive console (a terminal)', () => {
  it('keeps JSON log lines off the screen: they go to DATA_DIR/steerbot.log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'steerbot-mend-tty-'));
    try {
      const child = spawn('script', ['-qec', `${TSX} src/main.ts`, '/dev/null'], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATA_DIR: dir,
          REDIS_URL: 'redis://127.0.0.1:1',
          DATABASE_URL: '',
          USER: 'minh',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let screen = '';
      const waiters: { text: string; done: () => void }[] = [];
      const seen = (text: string) => new Promise<void>((done) => waiters.push({ text, done }));
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        screen += d;
        for (const w of waiters.splice(0)) {
          if (screen.includes(w.text)) w.done();
          else waiters.push(w);
        }
      });
      const closed = new Promise<void>((done) => child.on('close', () => done()));
      await seen('[Y/n]');
      child.stdin.write('y\n');
      await seen('steerbot> ');
      child.stdin.write('/blocker add Data platform owner:MOF\n');
      await seen('Logged B-1');
      child.stdin.write('exit\n');
      await closed;
      expect(screen).toContain(`logs go to ${join(dir, 'steerbot.log')}`);
      expect(screen).not.toContain('"level"');
      expect(screen.match(/Redis at redis:\/\/127\.0\.0\.1:1 is not reachable/g)).toHaveLength(1);
      expect(await readFile(join(dir, 'steerbot.log'), 'utf8')).toMatch(/"level":30.*unit directory loaded/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
