/**
 * Metrics that move, read through GET /metrics: commands by name and outcome, deliveries and 429s,
 * reminders sent and their lateness, and the queue depth read from BullMQ when scraped.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineReminder } from '../../jobs/deadline-reminder.ts';
import { RateLimitedError, type Sender } from '../../src/domain/ports.ts';
import { reply } from '../../src/domain/reply.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { captureSender, type QueueTest, queueTest } from '../queue/support.ts';
import { TestClock } from '../support/app.ts';

const clock = new TestClock(new Date('2030-12-02T01:00:00Z')); // Monday 08:00 local
let t: QueueTest;
let http: HttpServer;
let base = '';

beforeAll(async () => {
  t = await queueTest({ clock, sender: captureSender('console'), workers: false });
  http = createHttpServer(t.app);
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

const scrape = async () => (await fetch(`${base}/metrics`)).text();
const sample = (text: string, name: string, labels: string) =>
  new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, 'm').exec(text)?.[1];

describe('GET /metrics', () => {
  it('counts commands by platform, name and outcome', async () => {
    const who = { platform: 'console' as const, id: 'admin', name: 'admin' };
    const chat = { platform: 'console' as const, id: 'console' };
    const before = await scrape();
    expect(before).toContain('# TYPE steerbot_commands_total counter');
    for (const text of ['/summary', '/summary', '/sumary', '/blocker add'])
      await t.app.dispatcher.handle({ text, who, chat, asAdmin: true });
    const text = await scrape();
    expect(sample(text, 'steerbot_commands_total', 'platform="console",command="summary",outcome="ok"')).toBe(
      '2',
    );
    expect(
      sample(text, 'steerbot_commands_total', 'platform="console",command="unknown",outcome="user_error"'),
    ).toBe('1');
    expect(
      sample(text, 'steerbot_commands_total', 'platform="console",command="blocker",outcome="user_error"'),
    ).toBe('1');
  });

  it('counts deliveries by outcome and the platform’s 429s', async () => {
    let calls = 0;
    const flaky: Sender = {
      platform: 'slack',
      async send() {
        calls++;
        if (calls === 1) throw new RateLimitedError(3000);
      },
      directChat: async () => null,
    };
    t.app.senders.register(flaky);
    const slack = t.app.senders.get('slack');
    await expect(slack?.send('C1', reply.ok('hi'), 'en')).rejects.toBeInstanceOf(RateLimitedError);
    await slack?.send('C1', reply.ok('hi'), 'en');
    const text = await scrape();
    expect(sample(text, 'steerbot_deliveries_total', 'platform="slack",outcome="rate_limited"')).toBe('1');
    expect(sample(text, 'steerbot_deliveries_total', 'platform="slack",outcome="sent"')).toBe('1');
    expect(sample(text, 'steerbot_platform_rate_limited_total', 'platform="slack"')).toBe('1');
  });

  it('counts reminders sent with their lateness, and shows the queue depth when scraped', async () => {
    const s = t.app.services;
    const ana = await t.person('ana');
    await s.units.add(t.admin, {
      code: 'MIC',
      name: 'Ministry of Information',
      block: 'government',
      kind: 'ministry',
    });
    const b = await s.blockers.add(t.admin, {
      title: 'Data exchange',
      ownerUnit: 'MIC',
      ownerPerson: ana.person,
      deadline: new Date('2030-12-03T10:00:00Z'),
    });
    const planned = clock.now().getTime() - 90_000; // the worker picked it up 90 s late
    await deadlineReminder.process(
      t.rt.context,
      { type: 'blocker', id: b.id, offset: '1d', deadline: b.deadline?.getTime() ?? 0 },
      { id: 'r1', attemptsMade: 0, scheduledAt: planned },
    );
    const text = await scrape();
    expect(sample(text, 'steerbot_reminders_sent_total', 'type="blocker"')).toBe('1');
    expect(sample(text, 'steerbot_reminder_lateness_seconds_bucket', 'le="60"')).toBe('0');
    expect(sample(text, 'steerbot_reminder_lateness_seconds_bucket', 'le="300"')).toBe('1');
    expect(sample(text, 'steerbot_reminder_lateness_seconds_sum', '')).toBeUndefined();
    expect(text).toMatch(/^steerbot_reminder_lateness_seconds_sum 90$/m);
    // No worker runs here: the reminder's delivery waits in the console delivery queue.
    expect(sample(text, 'steerbot_queue_jobs', 'queue="deliver-console",state="waiting"')).toBe('1');
  });

  const promtool = (() => {
    try {
      execFileSync('promtool', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!promtool)(
    'passes promtool check metrics (apart from prom-client’s own default metrics)',
    async () => {
      const text = await scrape();
      let out = '';
      try {
        execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', stdio: 'pipe' });
      } catch (err) {
        out = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
      }
      const ours = out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .filter((l) => !/steerbot_(process|nodejs)_/.test(l));
      expect(ours).toEqual([]);
    },
  );
});
