/**
 * `/wg digest on|off` and the daily digest, through the real jobs on a test clock (Asia/Ho_Chi_Minh,
 * REMINDER_TIME 08:00): what each person finds in it, nothing when there is nothing, the day-sized
 * reminders and nags inside it instead of alone, reminders as before with the digest off, once a day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineReminder } from '../../jobs/deadline-reminder.ts';
import { digest } from '../../jobs/digest.ts';
import { overdueSweep } from '../../jobs/overdue-sweep.ts';
import { renderText } from '../../src/render/text.ts';
import { historyOf } from '../../src/store/history.ts';
import { TestClock } from '../support/app.ts';
import { captureSender, type QueueTest, queueTest, settled, unitMic } from './support.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const meta = { id: 'test', attemptsMade: 0 };

describe('the daily digest', () => {
  const sender = captureSender();
  const clock = new TestClock(new Date('2030-11-28T10:00:00+07:00')); // Thursday
  let t: QueueTest;
  beforeAll(async () => {
    t = await queueTest({ clock, sender });
  });
  afterAll(() => t.close());

  const say = async (who: string, text: string) =>
    renderText(
      (
        await t.app.dispatcher.handle({
          text,
          who: { platform: 'console', id: who, name: who },
          chat: { platform: 'console', id: `dm-${who}` },
          asAdmin: who === 'admin',
        })
      ).reply,
    );
  const to = (name: string) => sender.sent.filter((m) => m.chatId === name).map((m) => m.text);

  it('brings each person only what needs them, once a day, with their day-sized reminders inside', async () => {
    const s = t.app.services;
    const ana = await t.person('ana');
    const binh = await t.person('binh');
    const dan = await t.person('dan');
    await t.person('chi');
    await unitMic(t, binh);
    const add = (title: string, owner: typeof ana, due: string) =>
      s.blockers.add(t.admin, {
        title,
        ownerUnit: 'MIC',
        ownerPerson: owner.person,
        deadline: new Date(due),
      });
    await add('Data exchange', ana, '2030-12-02T17:00:00+07:00'); // B-1: due Monday
    await add('Tax mapping', ana, '2030-12-05T17:00:00+07:00'); // B-2: its 3d reminder is Monday
    await add('Portal login', ana, '2030-11-29T17:00:00+07:00'); // B-3: overdue by Monday
    await add('Registry sync', dan, '2030-12-05T17:00:00+07:00'); // B-4: dan keeps the digest off
    expect(await say('ana', '/blocker due B-2 +30d waiting for the decree')).toContain('X-1');
    expect(await say('chi', '/unit join MIC')).toContain('MIC');
    expect(await say('ana', '/wg digest bật')).toBe(
      'Daily digest on: on working days at 08:00 (your time) one message with what needs you; its reminders no longer come one by one.',
    );
    expect(await say('ana', '/wg digest on')).toBe(
      'Your daily digest is already on (08:00 on working days).',
    );
    for (const who of ['binh', 'chi', 'admin']) await say(who, '/wg digest on');
    expect(await say('dan', '/wg digest maybe')).toContain('/wg digest on|off');
    const changes = (await historyOf(t.app.database.db, 'person', String(ana.person.id))).map(
      (h) => h.changes,
    );
    expect(changes).toContainEqual({ digest: { from: false, to: true } });

    // Friday 29/11 is a working day too; Monday 02/12, 08:00: the reminders fire before the digest job.
    await settled(t.rt.queues());
    clock.set('2030-12-02T08:00:00+07:00');
    sender.sent.length = 0;
    const reminder = (id: number, offset: string, due: string) =>
      deadlineReminder.process(
        t.rt.context,
        { type: 'blocker', id, offset, deadline: new Date(due).getTime() },
        meta,
      );
    expect(await reminder(2, '3d', '2030-12-05T17:00:00+07:00')).toEqual({ digest: ana.person.id });
    expect(await reminder(1, '0d', '2030-12-02T17:00:00+07:00')).toEqual({ digest: ana.person.id });
    expect(await reminder(4, '3d', '2030-12-05T17:00:00+07:00')).toEqual({ to: dan.person.id });
    await overdueSweep.process(t.rt.context, {}, meta);
    await digest.process(t.rt.context, { tz: TZ }, meta);
    await digest.process(t.rt.context, { tz: TZ }, meta); // a second run the same day: nothing more
    await settled(t.rt.queues());

    expect(to('ana')).toEqual([
      [
        'Your digest for 02/12/2030: what needs you today',
        'Due today (1):',
        '• B-1 Data exchange, due 02/12/2030 17:00',
        'Coming due (1):',
        '• B-2 Tax mapping, due 05/12/2030 17:00 (3d)',
        'Overdue, yours and your units’ (1):',
        '• B-3 Portal login, was due 29/11/2030 17:00 (days overdue: 3)',
      ].join('\n'),
    ]);
    expect(to('binh')).toEqual([
      [
        'Your digest for 02/12/2030: what needs you today',
        'Overdue, yours and your units’ (1):',
        '• B-3 Portal login, was due 29/11/2030 17:00 (days overdue: 3)',
        'Join requests waiting (1):',
        '• chi asks to join MIC (/unit approve MIC chi)',
      ].join('\n'),
    ]);
    expect(to('admin')).toEqual([
      [
        'Your digest for 02/12/2030: what needs you today',
        'Extension requests waiting for your decision (1):',
        '• X-1 for B-2: 05/12/2030 → 28/12/2030 (/extension approve X-1 or reject X-1 <reason>)',
        'Join requests waiting (1):',
        '• chi asks to join MIC (/unit approve MIC chi)',
      ].join('\n'),
    ]);
    expect(to('chi')).toEqual([]); // nothing needs chi: nothing sent
    // dan's digest is off: his reminder goes alone, as before.
    expect(to('dan').map((x) => x.split('\n')[0])).toEqual([
      'Reminder: B-4 Registry sync is due 05/12/2030 17:00 (3d).',
    ]);
  });

  it('keeps one digest scheduler per time zone in use, at REMINDER_TIME every day', async () => {
    await say('binh', '/wg tz Asia/Tokyo');
    await t.rt.schedules.sync();
    const [schedule] = t.rt.queues();
    const got = (await schedule?.getJobSchedulers(0, -1))
      ?.filter((x) => x.key.startsWith('digest_'))
      .map((x) => [x.key, x.pattern, x.tz])
      .sort();
    expect(got).toEqual([
      ['digest_Asia/Ho_Chi_Minh', '0 8 * * *', TZ],
      ['digest_Asia/Tokyo', '0 8 * * *', 'Asia/Tokyo'],
    ]);
  });
});
