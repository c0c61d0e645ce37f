import type { Redis } from 'ioredis';
import type { Clock } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';

/** How often a process checks that Redis still has its data, and how often it reconciles anyway. */
export interface WatchTimes {
  /** Default 15 s. */
  checkMs?: number | undefined;
  /** Default one hour. */
  reconcileMs?: number | undefined;
}

/**
 * Notices, from a timer in the process (not from a job in the Redis it watches), that Redis lost
 * its data: a marker key gone (`FLUSHALL`, a new empty server) or a new `run_id` (a restart).
 * Then `rebuild` runs (reminders and schedulers from the database). Also runs `reconcile` on its
 * own hourly timer, so the periodic repair does not depend on a job scheduler Redis may have lost.
 */
export class RedisWatch {
  private runId: string | null = null;
  private timers: NodeJS.Timeout[] = [];
  private checking: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly markerKey: string,
    private readonly rebuild: (why: string) => Promise<unknown>,
    private readonly reconcile: () => Promise<unknown>,
    private readonly log: Logger,
    private readonly opts: {
      /** Told once per loss (the process that puts the marker back): the alerts chats hear of it. */
      announce?: (marker: string) => Promise<void>;
      clock: Clock;
    },
  ) {}

  private marker(): string {
    return String(this.opts.clock.now().getTime());
  }

  /** Records the server as it is now (after a rebuild at start). */
  async mark(): Promise<void> {
    this.runId = await this.serverRunId();
    await this.redis.set(this.markerKey, this.marker());
  }

  private async serverRunId(): Promise<string | null> {
    const info = await this.redis.info('server');
    return /run_id:(\w+)/.exec(info)?.[1] ?? null;
  }

  /** One check: rebuild when the data is gone; true when it rebuilt. */
  async check(): Promise<boolean> {
    const runId = await this.serverRunId();
    const present = await this.redis.exists(this.markerKey);
    const why =
      present === 0 ? 'its data is gone' : this.runId && runId !== this.runId ? 'it restarted' : null;
    if (!why) return false;
    this.log.warn({ why }, 'Redis lost its data: rebuilding reminders and schedules from the database');
    await this.rebuild(why);
    this.runId = runId;
    // Several processes may rebuild the same loss; the one that puts the marker back tells.
    const marker = this.marker();
    if ((await this.redis.set(this.markerKey, marker, 'NX')) === 'OK') await this.opts.announce?.(marker);
    return true;
  }

  start(times: WatchTimes = {}): void {
    const tick = () => {
      if (this.checking) return;
      this.checking = this.check()
        .then(() => undefined)
        .catch((err: unknown) => this.log.debug({ err }, 'Redis check failed (down?); trying again'))
        .finally(() => {
          this.checking = null;
        });
    };
    const reconcile = () => {
      this.reconcile().catch((err: unknown) => this.log.warn({ err }, 'hourly reconcile failed'));
    };
    this.timers.push(
      setInterval(tick, times.checkMs ?? 15_000),
      setInterval(reconcile, times.reconcileMs ?? 3_600_000),
    );
    for (const t of this.timers) t.unref();
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.checking;
  }
}
