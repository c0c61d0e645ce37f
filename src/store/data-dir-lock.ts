import { closeSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The lock file of the embedded database: the pid of the one process that owns `DATA_DIR`. */
export const LOCK_FILE = 'steerbot.lock';
/** A takeover left behind by a process that died while breaking a stale lock is itself stale after this. */
const TAKEOVER_STALE_MS = 10_000;

/** A second process on the same embedded database: the one line it stops with. */
export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by process ${pid}; stop it, or set DATABASE_URL to a PostgreSQL server to run several processes`,
    );
  }
}

/** Whether a process with this pid runs (EPERM: it runs under another user). */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Creates `path` holding our pid; false when it exists. */
function createExclusive(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Makes this process the one owner of the embedded database in `dataDir`: a lock file created
 * exclusively with our pid. A lock whose process is gone (killed, crashed) is taken over; one of
 * a live process throws {@link DatabaseInUseError}. Breaking a stale lock goes through a second,
 * short-lived file so that two processes starting together cannot both take it over.
 * Returns the release (also run at exit).
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  const takeover = `${path}.takeover`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(path)) return releaser(path);
    const pid = readPid(path);
    if (pid !== undefined && alive(pid)) throw new DatabaseInUseError(dataDir, pid);
    if (!createExclusive(takeover)) {
      // Someone else is breaking it; unless they died doing so, they win.
      const age = Date.now() - (statSafe(takeover) ?? Date.now());
      if (age > TAKEOVER_STALE_MS) rmSync(takeover, { force: true });
      else throw new DatabaseInUseError(dataDir, readPid(takeover) ?? pid ?? 0);
      continue;
    }
    try {
      // Still the same stale lock (not one a faster process just created)?
      if (readPid(path) === pid) rmSync(path, { force: true });
    } finally {
      rmSync(takeover, { force: true });
    }
  }
  throw new DatabaseInUseError(dataDir, readPid(path) ?? 0);
}

function statSafe(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function releaser(path: string): () => void {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    try {
      if (readPid(path) === process.pid) unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.on('exit', release);
  return release;
}
