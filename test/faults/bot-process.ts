import { type ChildProcess, spawn } from 'node:child_process';
import { ROOT } from '../console/run.ts';

/** A bot started as `npm start` does (`tsx src/main.ts`), in its own process, with its JSON log read back. */
export interface BotProcess {
  child: ChildProcess;
  /** Parsed log lines (stderr JSON); non-JSON stderr lines are kept as `{ raw }`. */
  lines: Array<Record<string, unknown>>;
  stderr(): string;
  /** Resolves with the first log line, seen or to come, that matches; rejects if the process exits first. */
  waitFor(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Spawns `<script>` as `npm start` runs it (through tsx) in the project root, with a clean
 * environment (no platform, database or port variables from the test's own) plus `env`. The
 * `tsx` command would run the bot in a grandchild that a SIGKILL of the child does not reach, so
 * this is `node --import tsx`: one process, the bot itself.
 */
export function spawnBot(env: Record<string, string>, script = 'src/main.ts'): BotProcess {
  const base = { ...process.env };
  for (const k of Object.keys(base))
    if (
      /^(SLACK_|TELEGRAM_|ZALO_|PUBLIC_URL|DATABASE_URL|DATA_DIR|CONSOLE|PORT|ADMINS|WORKERS|REDIS_URL)/.test(
        k,
      )
    )
      delete base[k];
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { LOG_LEVEL: 'info', ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  let raw = '';
  let pending = '';
  child.stdout?.resume();
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    raw += d;
    pending += d;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts.filter(Boolean)) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        lines.push({ raw: part });
      }
    }
    for (const w of waiters) w();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
    for (const w of waiters) w();
  });
  return {
    child,
    lines,
    stderr: () => raw,
    exited,
    waitFor(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching log line within ${timeoutMs} ms; stderr:\n${raw.slice(-3000)}`));
        }, timeoutMs);
        const check = () => {
          const hit = lines.find(match);
          if (hit || gone) {
            clearTimeout(timer);
            waiters.delete(check);
            if (hit) resolve(hit);
            else reject(new Error(`the process exited; stderr:\n${raw.slice(-3000)}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The port a started bot listens on (from its "HTTP server listening" log line). */
export async function portOf(bot: BotProcess, timeoutMs = 30_000): Promise<number> {
  const line = await bot.waitFor((l) => l.msg === 'HTTP server listening', timeoutMs);
  return Number(line.port);
}

/** Prints and returns the tally every fault test ends with. */
export function tally(expected: number, delivered: number, lost: number, duplicated: number): string {
  const line = `${expected} expected, ${delivered} delivered, ${lost} lost, ${duplicated} duplicated`;
  console.log(line);
  return line;
}
