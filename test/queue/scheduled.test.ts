import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSummary } from '../../jobs/post-summary.ts';
import { reportRequest } from '../../jobs/report-request.ts';
import { TestClock } from '../support/app.ts';
import { captureSender, type QueueTest, queueTest, unitMic } from './support.ts';

const meta = { id: 'test', attemptsMade: 0 };

/** What the job schedulers start: summaries to subscribed chats, weekly report requests to leads. */
describe('scheduled summaries and report requests', () => {
  const sender = captureSender();
  const clock = new TestClock(new Date('2030-12-05T02:00:00Z')); // Thursday 09:00 local
  let t: QueueTest;
  beforeAll(async () => {
    t = await queueTest({ clock, sender, env: { REMINDER_OFFSETS: '1d' } });
  });
  afterAll(() => t.close());

  it('subscribing upserts the chat’s scheduler with the time zone, unsubscribing removes it', async () => {
    const [schedule] = t.rt.queues();
    const chat = { platform: 'console' as const, id: 'room' };
    await t.app.services.feeds.subscribe(t.admin, chat, 'weekly');
    await t.app.services.feeds.subscribe(t.admin, chat, 'monthly');
    const got = (await schedule?.getJobSchedulers())?.map((s) => [s.key, s.pattern, s.tz]).sort();
    expect(got).toEqual([
      ['sub_monthly_console_room', '0 9 * * *', 'Asia/Ho_Chi_Minh'],
      ['sub_weekly_console_room', '0 16 * * *', 'Asia/Ho_Chi_Minh'],
    ]);
    // Daily at the post's time; the job knows its days (the cron's Friday, the 14th).
    const data = (await schedule?.getJobSchedulers())
      ?.map((s) => s.template?.data)
      .sort((a, b) => String(a?.period).localeCompare(String(b?.period)));
    expect(data).toEqual([
      { period: 'month', platform: 'console', chatId: 'room', monthDay: 14 },
      { period: 'week', platform: 'console', chatId: 'room', weekdays: [5] },
    ]);
    await t.app.services.feeds.unsubscribe(t.admin, chat, 'monthly');
    expect((await schedule?.getJobSchedulers())?.map((s) => s.key)).toEqual(['sub_weekly_console_room']);
  });

  it('posts the weekly summary once a day per chat, and asks leads for the week’s reports of items not reported on', async () => {
    const lead = await t.person('binh');
    await unitMic(t, lead);
    const s = t.app.services;
    await s.roadmap.add(t.admin, 'MIC', 'Portal', new Date('2031-03-01T00:00:00Z'));
    const reported = await s.roadmap.add(t.admin, 'MIC', 'Registry', new Date('2031-03-01T00:00:00Z'));
    await s.roadmap.report(t.admin, reported.id, 40, null);

    const ctx = t.rt.context;
    await postSummary.process(ctx, { period: 'week', platform: 'console', chatId: 'room' }, meta);
    await postSummary.process(ctx, { period: 'week', platform: 'console', chatId: 'room' }, meta);
    await reportRequest.process(ctx, {}, meta);
    await reportRequest.process(ctx, {}, meta);
    await sender.waitFor(2);
    expect(sender.sent.find((m) => m.chatId === 'binh')?.text).toContain('• R-1 Portal (MIC)');
    const lines = sender.sent.map((m) => `${m.chatId}: ${m.text.split('\n')[0]}`).sort();
    expect(lines).toEqual([
      'binh: Roadmap items of your units with no report yet this week (1); report each with /roadmap report R-n <percent>% <note>:',
      expect.stringMatching(/^room: Weekly summary /),
    ]);
    // The scheduled summary carries the same chart as /summary.
    expect(sender.sent.find((m) => m.chatId === 'room')?.text).toContain('(chart: summary.png)');
  });

  it('a Friday summary whose Friday is a day off goes on the working day before, once', async () => {
    const s = t.app.services;
    await s.calendar.dayOff(t.admin, '2030-12-13', 'announced');
    const week = { period: 'week' as const, platform: 'console', chatId: 'fri-off', weekdays: [5] };
    const before = sender.sent.length;
    clock.set(new Date('2030-12-11T09:00:00Z')); // Wednesday 16:00 local: not yet
    expect(await postSummary.process(t.rt.context, week, meta)).toEqual({ skipped: 'not its day' });
    clock.set(new Date('2030-12-12T09:00:00Z')); // Thursday 16:00: the working day before the Friday off
    await postSummary.process(t.rt.context, week, meta);
    await postSummary.process(t.rt.context, week, meta);
    clock.set(new Date('2030-12-13T09:00:00Z')); // the Friday off itself
    expect(await postSummary.process(t.rt.context, week, meta)).toEqual({ skipped: 'not its day' });
    await sender.waitFor(before + 1);
    expect(sender.sent.filter((m) => m.chatId === 'fri-off').map((m) => m.text.split('\n')[0])).toEqual([
      expect.stringMatching(/^Weekly summary /),
    ]);
    await s.calendar.remove(t.admin, '2030-12-13');
  });

  it('the weekly report request, daily at WEEKLY_REPORT_CRON’s time, asks on its Thursday or the working day before', async () => {
    await t.rt.schedules.sync();
    const [schedule] = t.rt.queues();
    const request = (await schedule?.getJobSchedulers())?.find((j) => j.key === 'report-request');
    expect([request?.pattern, request?.template?.data]).toEqual(['0 9 * * *', { weekdays: [4] }]);
    await t.app.services.calendar.dayOff(t.admin, '2030-12-19', null);
    clock.set(new Date('2030-12-19T02:00:00Z')); // the Thursday off, 09:00 local
    expect(await reportRequest.process(t.rt.context, { weekdays: [4] }, meta)).toEqual({
      skipped: 'not its day',
    });
    clock.set(new Date('2030-12-18T02:00:00Z')); // Wednesday: the working day before
    expect(await reportRequest.process(t.rt.context, { weekdays: [4] }, meta)).toHaveProperty('asked');
    await t.app.services.calendar.remove(t.admin, '2030-12-19');
  });
});
