/**
 * The queue side on the shared Redis (a random prefix, deleted after; never FLUSHALL): reminder
 * fan-out through the schedule and delivery queues to a platform without limits, next to raw
 * BullMQ no-op throughput on the same Redis; delivery against platforms that enforce Telegram's
 * and Slack's documented rates and answer 429 with retry_after; reminder lateness.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { type App, extraQueue } from '../src/app.ts';
import { type DeliveryPlatform, RateLimitedError, type Sender } from '../src/domain/ports.ts';
import type { Person } from '../src/domain/types.ts';
import type { QueueRuntime } from '../src/queue/runtime.ts';
import { PLATFORM_LIMITS } from '../src/queue/workers.ts';
import { renderText } from '../src/render/text.ts';
import { dropPrefix, lengthReaches } from '../test/queue/support.ts';
import { cleanupOnAbort, type Figure, pct, rssSampler } from './stats.ts';

/** A platform that takes every message and notes when (ms since the epoch) and what. */
function recordingSender(platform: DeliveryPlatform, rule?: { perSecond: number; perChat: boolean }) {
  const sent: { chatId: string; text: string; at: number }[] = [];
  let refused = 0;
  const windows = new Map<string, number[]>();
  const waiters: Array<() => void> = [];
  const sender: Sender = {
    platform,
    async send(chatId, reply) {
      const now = Date.now();
      if (rule) {
        // The documented rate as a sliding one-second window; over it: 429 with retry_after (s).
        const key = rule.perChat ? chatId : '*';
        const w = (windows.get(key) ?? []).filter((t) => t > now - 1000);
        if (w.length >= rule.perSecond) {
          refused++;
          windows.set(key, w);
          throw new RateLimitedError(1000); // both platforms say whole seconds; the window is one
        }
        w.push(now);
        windows.set(key, w);
      }
      sent.push({ chatId, text: renderText(reply), at: now });
      for (const f of waiters.splice(0)) f();
    },
    async directChat(person: Person) {
      return person.consoleUser;
    },
  };
  return {
    sender,
    sent,
    refused: () => refused,
    /** Resolves when `n` messages went out (rejects after `timeoutMs`). */
    until: (n: number, timeoutMs: number) => lengthReaches(sent, waiters, n, timeoutMs, `${platform} sent`),
  };
}

/** Raw BullMQ: `n` no-op jobs through one worker (concurrency 1, as a delivery queue), jobs/s. */
async function rawBullmq(url: string, n: number): Promise<number> {
  const prefix = `bench-raw-${randomUUID()}`;
  cleanupOnAbort(() => dropPrefix(prefix, url));
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue('noop', { connection, prefix });
  try {
    for (let i = 0; i < n; i += 1000)
      await queue.addBulk(
        Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({
          name: 'noop',
          data: { i: i + k },
          opts: { removeOnComplete: true },
        })),
      );
    let done = 0;
    const t = performance.now();
    const finished = new Promise<void>((resolve) => {
      const worker = new Worker('noop', async () => {}, { connection, prefix, concurrency: 1 });
      worker.on('completed', () => {
        if (++done === n) worker.close().then(() => resolve());
      });
    });
    await finished;
    return n / ((performance.now() - t) / 1000);
  } finally {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    connection.disconnect();
    await dropPrefix(prefix, url);
  }
}

/** Open blockers with a deadline: the items the fan-out reminds about. */
async function reminderItems(app: App, n: number): Promise<{ id: number; deadline: number }[]> {
  const r = await app.database.db.execute(
    sql`select id, deadline from blockers where status not in ('resolved', 'dropped') and deadline is not null order by id limit ${n}`,
  );
  const rows = ((r as { rows?: unknown[] }).rows ?? r) as { id: number; deadline: string | Date }[];
  return rows.map((x) => ({ id: Number(x.id), deadline: new Date(x.deadline).getTime() }));
}

/** Adds `n` deadline reminders due at `due(i)` (ms), as the reminder scheduler adds them. */
async function addReminders(rt: QueueRuntime, app: App, n: number, tag: string, due: (i: number) => number) {
  const items = await reminderItems(app, n);
  if (items.length === 0) throw new Error('no open blockers with a deadline to remind about');
  const schedule = rt.queues()[0];
  if (!schedule) throw new Error('no schedule queue');
  const t = Date.now();
  for (let i = 0; i < n; i += 1000) {
    await schedule.addBulk(
      Array.from({ length: Math.min(1000, n - i) }, (_, k) => {
        const j = i + k;
        const item = items[j % items.length] as { id: number; deadline: number };
        return {
          name: 'deadline-reminder',
          data: { type: 'blocker' as const, id: item.id, offset: `${tag}${j}`, deadline: item.deadline },
          opts: {
            jobId: `bench_${tag}_${j}`,
            delay: Math.max(0, due(j) - t),
            timestamp: t,
            attempts: 5,
            backoff: { type: 'exponential', delay: 5000 },
            removeOnComplete: true,
          },
        };
      }),
    );
  }
}

/** Both rate-limited platforms at once, each sent `seconds` worth of messages at its allowed rate. */
async function rateRun(
  app: App,
  url: string,
  seconds: number,
  limits: Record<string, { max: number; duration: number }> | undefined,
  label: string,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const prefix = `bench-${randomUUID()}`;
  cleanupOnAbort(() => dropPrefix(prefix, url));
  const telegram = recordingSender('telegram', { perSecond: 30, perChat: false });
  const slack = recordingSender('slack', { perSecond: 1, perChat: true });
  for (const s of [telegram, slack]) app.senders.register(s.sender);
  const rt = extraQueue(app, {
    url,
    prefix,
    platforms: ['telegram', 'slack'],
    ...(limits ? { limits } : {}),
  });
  try {
    const tn = Math.round(30 * seconds);
    const sn = Math.max(5, Math.round(seconds));
    const notice = (i: number) => ({
      kind: 'notice.reminder',
      params: { id: 'B-1', title: `rate ${i}`, date: '-', left: '1d' },
    });
    for (let i = 0; i < tn; i++)
      await rt.delivery.add({
        platform: 'telegram',
        target: { chatId: `tg${i}` },
        content: { notice: notice(i) },
        key: `rate_tg_${prefix}_${i}`,
      });
    for (let i = 0; i < sn; i++)
      await rt.delivery.add({
        platform: 'slack',
        target: { chatId: 'C0BENCH01' },
        content: { notice: notice(i) },
        key: `rate_sl_${prefix}_${i}`,
      });
    rt.startWorkers();
    await Promise.all([telegram.until(tn, 10 * 60_000), slack.until(sn, 10 * 60_000)]);
    for (const [platform, name, s, n, allowed] of [
      ['telegram', 'Telegram (30 msg/s per bot)', telegram, tn, 30],
      ['slack', 'Slack (1 msg/s per channel)', slack, sn, 1],
    ] as const) {
      const at = s.sent.map((x) => x.at);
      const achieved = (n - 1) / ((Math.max(...at) - Math.min(...at)) / 1000);
      const unique = new Set(s.sent.map((x) => x.chatId + x.text)).size;
      const limit = limits?.[platform] ?? PLATFORM_LIMITS[platform];
      const how = `${label}, limiter ${limit?.max}/${limit?.duration} ms`;
      figures.push(
        {
          section: 'delivery',
          name: `${name}, ${how}: achieved / allowed`,
          unit: '%',
          value: (100 * achieved) / allowed,
          target: '≥ 95',
        },
        {
          section: 'delivery',
          name: `${name}, ${how}: lost / duplicated`,
          unit: 'msgs',
          value: n - unique,
          extra: s.sent.length - unique,
          target: '0',
        },
        { section: 'delivery', name: `${name}, ${how}: 429 answered`, unit: 'times', value: s.refused() },
      );
    }
    return figures;
  } finally {
    await rt.close(5000);
    await dropPrefix(prefix, url);
  }
}

export async function queueSide(app: App, opts: { url: string; reminders: number; rateSeconds: number }) {
  const figures: Figure[] = [];
  const fig = (name: string, unit: string, value: number, extra?: Partial<Figure>) =>
    figures.push({ section: 'queue', name, unit, value, ...extra });
  const raw = await rawBullmq(opts.url, opts.reminders);

  const prefix = `bench-${randomUUID()}`;
  cleanupOnAbort(() => dropPrefix(prefix, opts.url));
  const unlimited = recordingSender('console');
  app.senders.register(unlimited.sender);
  let closed = false;
  const rt = extraQueue(app, {
    url: opts.url,
    prefix,
    platforms: ['console'],
    limits: { console: { max: 1_000_000, duration: 1000 } },
  });
  const sampler = rssSampler();
  try {
    // Fan-out: every reminder due at the same moment, then the workers start.
    const n = opts.reminders;
    const t0 = Date.now() + 1000;
    await addReminders(rt, app, n, 'burst', () => t0);
    while (Date.now() < t0) await new Promise((r) => setTimeout(r, 20));
    const cpu0 = process.cpuUsage();
    rt.startWorkers();
    await unlimited.until(n, 30 * 60_000);
    const cpu = process.cpuUsage(cpu0);
    const last = Math.max(...unlimited.sent.map((s) => s.at));
    const rate = n / ((last - t0) / 1000);
    fig(`reminder fan-out, ${n} due at once → messages`, 'msg/s', rate);
    fig('raw BullMQ no-op, same Redis (1 worker)', 'jobs/s', raw);
    const share = (100 * rate) / raw;
    fig('fan-out / raw BullMQ', '%', share, { target: '≥ 50' });
    // The target as a ratio: 1 or more meets it.
    fig('fan-out / raw BullMQ as a ratio to the 50 % target', '×', share / 50, { target: '≥ 1' });
    // What the burst cost this process (the bot's workers and the fake platform), per message.
    fig('CPU of this process per fanned-out message', 'ms', (cpu.user + cpu.system) / 1000 / n);
    const burstLate = unlimited.sent.map((s) => s.at - t0);
    fig('burst lateness p50 / p99', 'ms', pct(burstLate, 50), { extra: pct(burstLate, 99) });

    // Lateness in a steady flow: reminders due evenly over `spread` ms.
    const m = Math.max(50, Math.round(n / 4));
    const spread = Math.max(5000, Math.round((60_000 * n) / 10_000));
    const s0 = Date.now() + 1000;
    const dueAt = (j: number) => s0 + Math.floor((j * spread) / m);
    const before = unlimited.sent.length;
    await addReminders(rt, app, m, 'flow', dueAt);
    await unlimited.until(before + m, 30 * 60_000);
    const flow = unlimited.sent.slice(before).map((s) => {
      const j = Number(/flow(\d+)/.exec(s.text)?.[1] ?? Number.NaN);
      return s.at - dueAt(j);
    });
    fig(`reminder lateness p50 / p99 (${m} due over ${spread / 1000} s)`, 'ms', pct(flow, 50), {
      extra: pct(flow, 99),
    });

    await rt.close(5000);
    closed = true;
    // Rate-limited platforms: the production limiter, then one that spaces messages evenly.
    figures.push(...(await rateRun(app, opts.url, opts.rateSeconds, undefined, 'production')));
    figures.push(
      ...(await rateRun(
        app,
        opts.url,
        opts.rateSeconds,
        { telegram: { max: 1, duration: 35 }, slack: { max: 1, duration: 1050 } },
        'evenly spaced',
      )),
    );
    return { figures, peakRssMb: sampler.stop() };
  } finally {
    sampler.stop();
    if (!closed) await rt.close(5000);
    await dropPrefix(prefix, opts.url);
  }
}
