import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineReminder } from '../../jobs/deadline-reminder.ts';
import { actionToCommand } from '../../src/dispatch.ts';
import { translator } from '../../src/i18n/index.ts';
import { noticeReply } from '../../src/present/notice.ts';
import { snoozeJobId } from '../../src/queue/names.ts';
import { renderTelegram } from '../../src/render/telegram.ts';
import { renderText } from '../../src/render/text.ts';
import { freshPgDatabase, TestClock, testApp } from '../support/app.ts';
import { captureSender, type QueueTest, queueTest, unitMic } from './support.ts';

const DAY = 24 * 3600_000;
const NOW = new Date('2030-12-02T03:00:00Z'); // Monday 10:00 (+07)
const DEADLINE = new Date('2030-12-09T03:00:00Z');

/** The delayed snoozed reminders: job id → when it fires (ISO, on the app's clock). */
async function snoozed(t: QueueTest): Promise<Record<string, string>> {
  const [q] = t.rt.queues();
  const out: Record<string, string> = {};
  for (const j of (await q?.getDelayed()) ?? []) {
    if (!String(j.data.offset).startsWith('snooze')) continue;
    out[j.id ?? ''] = new Date(j.data.snoozedUntil).toISOString();
  }
  return out;
}

describe('snoozing a reminder', () => {
  const sender = captureSender();
  const clock = new TestClock(NOW);
  let t: QueueTest;
  beforeAll(async () => {
    t = await queueTest({ clock, sender, workers: false, env: { REMINDER_OFFSETS: '1d' } });
    await unitMic(t);
  });
  afterAll(() => t.close());

  /** A button press as the dispatcher gets it from an adapter. */
  const press = async (who: string, action: string, value: string) => {
    const text = actionToCommand(action, value);
    if (!text) throw new Error(`no command for ${action} ${value}`);
    const out = await t.app.dispatcher.handle({
      text,
      who: { platform: 'console', id: who, name: who },
      chat: { platform: 'console', id: who, direct: true },
      asAdmin: who === 'admin',
    });
    return { kind: out.reply.kind, text: renderText(out.reply) };
  };
  const snoozeRows = async (id: number) =>
    (await t.app.services.queries.history(id)).filter((h) => h.action === 'snooze');

  it('the reminder notice carries Snooze 1 day and 3 days; the buttons map to /blocker snooze', () => {
    const t_ = translator('en');
    const r = noticeReply(t_, {
      kind: 'notice.reminder',
      params: { id: 'B-12', title: 'x', date: 'd', left: '1d' },
      ref: { type: 'blocker', id: 12 },
    });
    const snoozes = (r.buttons ?? []).filter((b) => b.action === 'reminder.snooze');
    expect(snoozes).toEqual([
      { label: 'Snooze 1 day', action: 'reminder.snooze', value: 'B-12:1' },
      { label: 'Snooze 3 days', action: 'reminder.snooze', value: 'B-12:3' },
    ]);
    // Telegram's callback_data limit holds (render throws beyond 64 bytes).
    expect(() => renderTelegram(r)).not.toThrow();
    // Other blocker notices get no snooze.
    const other = noticeReply(t_, {
      kind: 'notice.overdue',
      params: { id: 'B-12', title: 'x', date: 'd', days: 2 },
      ref: { type: 'blocker', id: 12 },
    });
    expect(other.buttons?.some((b) => b.action === 'reminder.snooze')).toBe(false);
    expect(actionToCommand('reminder.snooze', 'B-12:1')).toBe('/blocker snooze B-12 1');
    expect(actionToCommand('reminder.snooze', 'B-12:3')).toBe('/blocker snooze B-12 3');
    expect(actionToCommand('reminder.snooze', 'B-12:2')).toBeNull();
    expect(actionToCommand('reminder.snooze', 'B-12')).toBeNull();
  });

  it('Snooze 1 day adds one delayed reminder a day from now and records it; pressing again adds nothing', async () => {
    const ana = await t.person('ana');
    const b = await t.app.services.blockers.add(t.admin, {
      title: 'Data exchange',
      ownerUnit: 'MIC',
      ownerPerson: ana.person,
      deadline: DEADLINE,
    });
    const first = await press('ana', 'reminder.snooze', 'B-1:1');
    expect(first).toMatchObject({ kind: 'ok' });
    expect(first.text).toMatch(/^Reminder for B-1 snoozed until /);
    const jobId = snoozeJobId({ type: 'blocker', id: b.id }, 1, DEADLINE);
    const until = new Date(NOW.getTime() + DAY).toISOString();
    expect(await snoozed(t)).toEqual({ [jobId]: until });
    const rows = await snoozeRows(b.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.changes).toEqual({ days: 1, until });
    expect(rows[0]?.actorName).toBe('ana');

    const again = await press('ana', 'reminder.snooze', 'B-1:1');
    expect(again.kind).toBe('ok');
    expect(again.text).toMatch(/already snoozed/);
    expect(await snoozed(t)).toEqual({ [jobId]: until });
    expect(await snoozeRows(b.id)).toHaveLength(1);

    // Rescheduling (reconcile, any change) keeps the snoozed reminder while the deadline stands.
    await t.rt.reminders.reconcile();
    expect(await snoozed(t)).toEqual({ [jobId]: until });
  });

  it('the snoozed reminder goes out as a reminder with the time then left, once', async () => {
    const [q] = t.rt.queues();
    const job = await q?.getJob(snoozeJobId({ type: 'blocker', id: 1 }, 1, DEADLINE));
    expect(job).toBeTruthy();
    const meta = { id: job?.id ?? '', attemptsMade: 0 };
    t.rt.startWorkers(); // to deliver; the snoozed job itself is years away, so it is run here
    await deadlineReminder.process(t.rt.context, job?.data, meta);
    await sender.waitFor(1);
    expect(sender.sent[0]?.chatId).toBe('ana');
    expect(sender.sent[0]?.text).toMatch(/^Reminder: B-1 Data exchange is due .* \(6d\)\./);
  });

  it('a person without rights is refused and nothing is scheduled or recorded', async () => {
    const eve = await t.person('eve');
    await t.app.services.identity.setRole(t.admin, eve.person, 'external', null);
    const out = await press('eve', 'reminder.snooze', 'B-1:3');
    expect(out.kind).toBe('error');
    expect(Object.keys(await snoozed(t))).toHaveLength(1);
    expect(await snoozeRows(1)).toHaveLength(1);
  });

  it('a resolved blocker cannot be snoozed, and resolving removes its snoozed reminder', async () => {
    await t.app.services.flow.resolve(t.admin, 1, 'done');
    expect(await snoozed(t)).toEqual({});
    const out = await press('admin', 'reminder.snooze', 'B-1:3');
    expect(out.kind).toBe('error');
    expect(out.text).toMatch(/B-1 is closed/);
    expect(await snoozed(t)).toEqual({});
    expect(await snoozeRows(1)).toHaveLength(1);
  });

  it('without a queue it refuses honestly and records nothing', async () => {
    // A process made without Redis: the same services, no queue behind them (on PostgreSQL: a
    // database there is made faster than a second PGlite).
    const db = await freshPgDatabase();
    const app = await testApp({ clock, env: { REMINDER_OFFSETS: '1d', DATABASE_URL: db.url } });
    try {
      const admin = await app.services.identity.resolve(
        { platform: 'console', id: 'admin', name: 'admin' },
        { asAdmin: true },
      );
      await app.services.units.add(admin, {
        code: 'MIC',
        name: 'Ministry',
        block: 'government',
        kind: 'ministry',
      });
      const b = await app.services.blockers.add(admin, {
        title: 'Portal',
        ownerUnit: 'MIC',
        deadline: DEADLINE,
      });
      const out = await app.dispatcher.handle({
        text: actionToCommand('reminder.snooze', `B-${b.id}:1`) ?? '',
        who: { platform: 'console', id: 'admin', name: 'admin' },
        chat: { platform: 'console', id: 'admin', direct: true },
        asAdmin: true,
      });
      expect(out.reply.kind).toBe('error');
      expect(renderText(out.reply)).toMatch(/reminders are off/);
      expect((await app.services.queries.history(b.id)).filter((h) => h.action === 'snooze')).toHaveLength(0);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
