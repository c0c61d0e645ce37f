import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'steerbot-console-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bot as a user would, with `lines` piped to standard input. */
function run(cmd: string[], lines: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const [bin = 'npm', ...args] = cmd;
    const child = spawn(bin, args, {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', REDIS_URL: 'redis://127.0.0.1:6379', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}
const npmStart = (lines: string[], env: Record<string, string>) =>
  run(['npm', 'start', '--silent'], lines, env);
const tsxMain = (lines: string[], env: Record<string, string>) =>
  run([join(root, 'node_modules/.bin/tsx'), 'src/main.ts'], lines, env);

/** Checks that the patterns appear in this order, each after the one before: one per reply. */
function expectInOrder(text: string, patterns: (string | RegExp)[]) {
  let at = 0;
  for (const p of patterns) {
    const rest = text.slice(at);
    const m =
      typeof p === 'string'
        ? { index: rest.indexOf(p), len: p.length }
        : ((r) => (r ? { index: r.index, len: r[0].length } : null))(p.exec(rest));
    expect(m && m.index >= 0, `expected ${String(p)} after:\n${rest.slice(0, 400)}`).toBe(true);
    at += (m?.index ?? 0) + (m?.len ?? 0);
  }
}

const session = [
  '/unit add MIC "Ministry of Information" block:government kind:ministry',
  '/blocker add Data exchange platform not connected owner:MIC due:+14d cat:databases_platforms from:VNPT',
  '/blocker add Payment gateway contract unsigned owner:MOF due:20/12/2099 prio:critical',
  '/blocker list overdue',
  '/blocker due B-1 +30d waiting for decree',
  '/extension list',
  '/roadmap add MIC Publish data strategy due:eom',
  '/roadmap report R-1 25% draft circulated',
  '/summary',
  '/blocker add Broken owner:XYZ due:+1d',
  '/blocker add Broken owner:MIC due:30/02/2099',
  '/blocker assign B-2 MIC',
  '/blocker note B-2 contract draft with MOJ',
  '/blocker resolve B-2 signed',
  '/blocker reopen B-2 signature page missing',
  '/roadmap',
];

describe('the console bot, as a user runs it', () => {
  const dataDir = freshDir();

  it('answers a piped session line by line and exits 0 at the end of input', async () => {
    const out = await npmStart(session, { DATA_DIR: dataDir, USER: 'thu' });
    expect(out.code).toBe(0);
    expectInOrder(out.stdout, [
      'Unit MIC added: Ministry of Information',
      'Logged B-1: Data exchange platform not connected',
      'Reported by: VNPT',
      'Logged B-2: Payment gateway contract unsigned',
      'Priority: critical',
      'Blockers: overdue (0)',
      'Deadline of B-1 set to',
      /Original deadline: \d\d\/\d\d\/\d{4} \(moved 1×, 16 days later in all\)/,
      'Pending extension requests (0)',
      'Added R-1: Publish data strategy',
      'R-1 reported at 25%',
      'Weekly summary',
      'blockers 2 opened, 0 resolved, 2 open, 0 overdue',
      /^Error: unknown unit XYZ.*$/m,
      /^Usage: \/blocker add <title>/m,
      /^Error: there is no such date: 30\/02\/2099\.$/m,
      'B-2 is now owned by MIC',
      'Note added to B-2',
      'B-2 resolved',
      'B-2 reopened',
      /R-1 {2}Publish data strategy/,
    ]);
    expect(out.stdout).not.toMatch(/at .*\.ts:\d+/);
    expect(out.stdout.match(/^Logged B-/gm)).toHaveLength(2);
  }, 60_000);

  it('finds the records again in a second process on the same DATA_DIR', async () => {
    const out = await tsxMain(['/blocker show B-1', '/blocker list all', '/unit list block:government'], {
      DATA_DIR: dataDir,
      USER: 'thu',
    });
    expect(out.code).toBe(0);
    expectInOrder(out.stdout, [
      'B-1 · Data exchange platform not connected',
      'thu (console) · created',
      'thu (console) · deadline changed: waiting for decree',
      'Blockers: all (2)',
      'B-1  Data exchange platform not connected',
      'B-2  Payment gateway contract unsigned',
      'MIC  Ministry of Information',
    ]);
  }, 60_000);

  it('speaks Vietnamese after /wg lang vi', async () => {
    const out = await tsxMain(
      ['/wg lang vi', '/blocker list all', '/blocker add x owner:ABCD', '/wg lang en'],
      {
        DATA_DIR: dataDir,
      },
    );
    expectInOrder(out.stdout, [
      'tiếng Việt',
      'Vướng mắc: tất cả (2)',
      'Lỗi: không có đơn vị ABCD',
      'English',
    ]);
  }, 60_000);

  it('stops with one line naming a bad variable', async () => {
    const out = await tsxMain(['/help'], { DATA_DIR: freshDir(), TZ_DEFAULT: 'Mars/Base' });
    expect(out.code).toBe(1);
    const lines = out.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('TZ_DEFAULT');
    expect(out.stdout).toBe('');
  }, 30_000);
});
