import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = join(import.meta.dirname, '..', '..');
export const run = promisify(execFile);

/** The environment of a started bot: the test's, minus what would reach a platform, a database or a port. */
export function cleanEnv(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (
      v !== undefined &&
      !/^(SLACK_|TELEGRAM_|DATABASE_URL|DATA_DIR|CONSOLE|PORT|ADMINS|WORKERS|REDIS_URL)/.test(k)
    )
      base[k] = v;
  return { LOG_LEVEL: 'info', ...base, ...env };
}

/** `npm run <name>`'s command line, split into words (`node dist/src/main.js` → ['node', 'dist/src/main.js']). */
export function scriptWords(name: string, root = ROOT): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = pkg.scripts[name];
  if (!script) throw new Error(`package.json has no script ${name}`);
  return script.split(/\s+/);
}

/** A started process with its output gathered; `waitForLog` awaits a JSON log line on stderr. */
export interface Started {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  waitForLog(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  exited: Promise<number | string>;
}

export function start(
  command: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
): Started {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    for (const w of waiters) w();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
    for (const w of waiters) w();
  });
  const logLines = () =>
    err.split('\n').flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLog(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`no such log line in ${timeoutMs} ms:\n${err}`)),
          timeoutMs,
        );
        const done = (e: Error | null, line?: Record<string, unknown>) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (e) reject(e);
          else resolve(line as Record<string, unknown>);
        };
        const check = () => {
          const hit = logLines().find(match);
          if (hit) done(null, hit);
          else if (gone) done(new Error(`the process exited:\n${err}`));
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** The port a started bot listens on, from its "HTTP server listening" log line. */
export async function listeningPort(p: Started, timeoutMs?: number): Promise<number> {
  return Number((await p.waitForLog((l) => l.msg === 'HTTP server listening', timeoutMs)).port);
}

/** Every file under `dir`, relative to it. */
export function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1));
}
