/**
 * Reading as of one instant: a `REPEATABLE READ`, read-only transaction sees the records as they
 * were at its first query, whatever commits meanwhile (a backup, a long export).
 */
import type { Db } from './db.ts';

/** Runs `work` in one REPEATABLE READ, read-only transaction. */
export function readSnapshot<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Db), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

/** A promise to wait on until `wake()` (one waiter at a time). */
function signal() {
  let wake: (() => void) | null = null;
  return {
    wait: () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      }),
    wake() {
      const w = wake;
      wake = null;
      w?.();
    },
  };
}

/**
 * The pieces of `body(tx)`, every one read in the same snapshot ({@link readSnapshot}), handed
 * out as the caller takes them. `readAhead` is how many pieces the body may make before they are
 * taken: 1 holds the transaction (one connection of the pool) for as long as the reader is
 * slow; `Infinity` reads the body to its end at once and commits (PGlite, whose one connection
 * a transaction holds for everybody: nothing else may wait on a slow reader). When the caller
 * stops early (a client gone), the body is stopped too and the transaction ends. At most
 * {@link OPEN_SNAPSHOTS} are open at once; the others wait their turn before they begin.
 */
export async function* snapshotStream<T>(
  db: Db,
  body: (tx: Db) => AsyncIterable<T>,
  readAhead: number,
): AsyncGenerator<T> {
  await slots.take();
  try {
    yield* inSnapshot(db, body, readAhead);
  } finally {
    slots.give();
  }
}

/**
 * How many streamed snapshots may be open at once: each holds a connection of the pool (10)
 * for as long as it is read, so a crowd of exports must leave the rest to chat. Those past it
 * wait for a free slot before they open theirs.
 */
export const OPEN_SNAPSHOTS = 4;

/** A counting semaphore: `take` waits while every slot is taken. */
function semaphore(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    async take(): Promise<void> {
      if (free > 0) {
        free--;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    give(): void {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

const slots = semaphore(OPEN_SNAPSHOTS);

async function* inSnapshot<T>(
  db: Db,
  body: (tx: Db) => AsyncIterable<T>,
  readAhead: number,
): AsyncGenerator<T> {
  const pieces: T[] = [];
  // In an object: the body and the reader change it from either side of an await.
  const run: { state: 'reading' | 'done' | 'stopped'; failure: { err: unknown } | null } = {
    state: 'reading',
    failure: null,
  };
  const taken = signal();
  const made = signal();
  const work = readSnapshot(db, async (tx) => {
    for await (const piece of body(tx)) {
      pieces.push(piece);
      made.wake();
      while (pieces.length >= readAhead && run.state === 'reading') await taken.wait();
      if (run.state === 'stopped') return;
    }
  }).then(
    () => {
      if (run.state === 'reading') run.state = 'done';
    },
    (err: unknown) => {
      run.failure = { err };
    },
  );
  work.finally(() => made.wake());
  try {
    for (;;) {
      if (pieces.length > 0) {
        const piece = pieces.shift() as T;
        taken.wake();
        yield piece;
        continue;
      }
      if (run.failure) throw run.failure.err;
      if (run.state === 'done') return;
      await made.wait();
    }
  } finally {
    if (run.state === 'reading') run.state = 'stopped';
    taken.wake();
    await work;
  }
}
