import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const TSX = join(ROOT, 'node_modules/.bin/tsx');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command` in the project root with `input` piped to standard input (not a terminal), and
 * resolves when it exits. The environment is the test's, minus anything that would make the bot
 * talk to a platform or a real database, plus `env`.
 */
export function runWithInput(command: string, args: string[], input: string, env: Record<string, string>) {
  const base = { ...process.env };
  for (const k of Object.keys(base))
    if (/^(SLACK_|TELEGRAM_|DATABASE_URL|CONSOLE|PORT|ADMINS|TZ_DEFAULT|BOT_LOCALE)/.test(k)) delete base[k];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdin.end(input);
  return new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The replies in the console's piped output: each is a block of lines ended by a blank line.
 * `npm start` first echoes its script (`> steerbot@… start`, `> tsx src/main.ts`): skipped.
 */
export function replies(stdout: string): string[] {
  const body = stdout.replace(/^\n*(?:> [^\n]*\n)+/, '');
  return body
    .split('\n\n')
    .map((b) => b.replace(/^\n+/, ''))
    .filter((b) => b.trim() !== '');
}

/** A JavaScript stack frame, as an uncaught error would print it. */
export const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(node:)/m;
