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
