import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overdueSweep } from '../../jobs/overdue-sweep.ts';
import { historyOf } from '../../src/store/history.ts';
import { unitsRepo } from '../../src/store/units-repo.ts';
import { TestClock } from '../support/app.ts';
import { captureSender, type QueueTest, queueTest, unitMic } from './support.ts';

/** The daily overdue pass and its escalation ladder, run by hand on fixed days (Asia/Ho_Chi_Minh, 08:00). */
describe('overdue nag and escalation', () => {
  const sender = captureSender();
  const clock = new TestClock(new Date('2030-11-25T03:00:00Z'));
  let t: QueueTest;
  beforeAll(async () => {
    t = await queueTest({ env: { ESCALATE_AFTER: '3', REMINDER_OFFSETS: '1d' }, clock, sender });
  });
  afterAll(() => t.close());

  const runOn = async (isoDay: string) => {
    clock.set(`${isoDay}T01:00:00Z`); // 08:00 local
    return overdueSweep.process(t.rt.context, {}, { id: 'test', attemptsMade: 0 });
  };
  const texts = () => sender.sent.map((m) => `${m.chatId}: ${m.text.split('\n')[0]}`);

  it('nags the owner, then the unit lead too, then tells the alerts chats and puts the unit on alert; never twice a day', async () => {
    const s = t.app.services;
    const ana = await t.person('ana');
    const binh = await t.person('binh');
    await unitMic(t, binh);
    await s.feeds.subscribe(t.admin, { platform: 'console', id: 'alerts-room' }, 'alerts');
    // Due Monday 2 Dec 2030, 10:00 local.
    const b = await s.blockers.add(t.admin, {
      title: 'Data exchange',
      ownerUnit: 'MIC',
      ownerPerson: ana.person,
      deadline: new Date('2030-12-02T03:00:00Z'),
    });

    await runOn('2030-12-03'); // 1 working day overdue: the owner
    await sender.waitFor(1);
    await runOn('2030-12-04'); // 2: the owner and the unit lead
    await sender.waitFor(3);
    await runOn('2030-12-05'); // 3 = ESCALATE_AFTER: the alerts chat too, the unit on alert
    await sender.waitFor(6);
    await runOn('2030-12-05'); // the same day again: nothing
    expect(await runOn('2030-12-07')).toEqual({ skipped: 'not a working day' });
    await runOn('2030-12-06'); // 4: owner and lead; the escalation was already told
    await sender.waitFor(8);
    expect((await unitsRepo.byCode(t.app.database.db, 'MIC'))?.onAlert).toBe(true);
    // steerbot did it on its own: the history names the scheduler, not a made-up admin.
    const alertOn = (await historyOf(t.app.database.db, 'unit', 'MIC')).filter(
      (h) => h.action === 'alert_on',
    );
    expect(alertOn.map((h) => [h.actorId, h.actorName])).toEqual([[null, 'steerbot scheduler']]);

    await s.flow.resolve(t.admin, b.id, 'done');
    expect(await runOn('2030-12-09')).toEqual({ nagged: 0 });

    const sorted = texts().sort();
    expect(sorted).toEqual(
      [
        'alerts-room: Overdue 3 working days: B-1 Data exchange (owner MIC); MIC is now on alert.',
        'ana: Overdue: B-1 Data exchange was due 02/12/2030 (days overdue: 1).',
        'ana: Overdue: B-1 Data exchange was due 02/12/2030 (days overdue: 2).',
        'ana: Overdue: B-1 Data exchange was due 02/12/2030 (days overdue: 3).',
        'ana: Overdue: B-1 Data exchange was due 02/12/2030 (days overdue: 4).',
        'binh: Overdue: B-1 Data exchange was due 02/12/2030 (days overdue: 2).',
        'binh: Overdue: B-1 Data exchange was due 02/12/2030 (days overdue: 3).',
        'binh: Overdue: B-1 Data exchange was due 02/12/2030 (days overdue: 4).',
      ].sort(),
    );
  });
});

/** Issue #19's "done when": the escalation ladder across Tết 2026 (built in: 14/02–22/02 off). */
describe('overdue across Tết', () => {
  const sender = captureSender();
  const clock = new TestClock(new Date('2026-02-02T03:00:00Z'));
  let t: QueueTest;
  beforeAll(async () => {
    t = await queueTest({ env: { ESCALATE_AFTER: '3', REMINDER_OFFSETS: '1d' }, clock, sender });
  });
  afterAll(() => t.close());

  it('a blocker overdue on the day before Tết is escalated after the break, counted in working days, and the notice says so', async () => {
    const s = t.app.services;
    const ana = await t.person('ana');
    await unitMic(t);
    await s.feeds.subscribe(t.admin, { platform: 'console', id: 'alerts-room' }, 'alerts');
    // Due Thursday 12/02/2026 17:00 local: overdue on Friday 13/02, the last working day before Tết.
    await s.blockers.add(t.admin, {
      title: 'Budget release',
      ownerUnit: 'MIC',
      ownerPerson: ana.person,
      deadline: new Date('2026-02-12T10:00:00Z'),
    });
    const days: [string, unknown][] = [];
    for (let d = 13; d <= 24; d++) {
      const day = `2026-02-${String(d).padStart(2, '0')}`;
      clock.set(`${day}T01:00:00Z`); // 08:00 local
      days.push([day, await overdueSweep.process(t.rt.context, {}, { id: 'test', attemptsMade: 0 })]);
    }
    const off = { skipped: 'not a working day' };
    expect(days).toEqual([
      ['2026-02-13', { nagged: 1 }], // 1 working day overdue
      ...['14', '15', '16', '17', '18', '19', '20', '21', '22'].map((d) => [`2026-02-${d}`, off]),
      ['2026-02-23', { nagged: 1 }], // 2
      ['2026-02-24', { nagged: 1 }], // 3 = ESCALATE_AFTER, 12 calendar days after the deadline
    ]);
    await sender.waitFor(4);
    expect(sender.sent.map((m) => `${m.chatId}: ${m.text.split('\n')[0]}`).sort()).toEqual([
      'alerts-room: Overdue 3 working days: B-1 Budget release (owner MIC); MIC is now on alert.',
      'ana: Overdue: B-1 Budget release was due 12/02/2026 (days overdue: 1).',
      'ana: Overdue: B-1 Budget release was due 12/02/2026 (days overdue: 11).',
      'ana: Overdue: B-1 Budget release was due 12/02/2026 (days overdue: 12).',
    ]);
    const alertOn = (await historyOf(t.app.database.db, 'unit', 'MIC')).filter(
      (h) => h.action === 'alert_on',
    );
    expect(alertOn.map((h) => h.changes)).toEqual([{ onAlert: true, reason: 'B-1 overdue 3 working days' }]);
  });
});
