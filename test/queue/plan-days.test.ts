import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../support/app.ts';
import { captureSender, type QueueTest, queueTest, unitMic } from './support.ts';

/** The delayed reminder jobs of the schedule queue: offset → when they are planned to fire (ISO, on the app's clock). */
async function planned(t: QueueTest): Promise<Record<string, string>> {
  const [q] = t.rt.queues();
  const out: Record<string, string> = {};
  for (const j of (await q?.getDelayed()) ?? []) {
    out[`${j.data.type}-${j.data.id}:${j.data.offset}`] = new Date(j.data.at).toISOString();
  }
  return out;
}

describe('day-sized reminders on working days', () => {
  const clock = new TestClock(new Date('2026-11-23T03:00:00Z'));
  let t: QueueTest;
  beforeAll(async () => {
    t = await queueTest({
      env: {
        REMINDER_OFFSETS: '2d,0d',
        REMINDER_TIME: '08:00',
        HOLIDAYS: '2030-12-10',
        TZ_DEFAULT: 'Asia/Ho_Chi_Minh',
      },
      clock,
      sender: captureSender(),
      workers: false,
    });
    await unitMic(t);
  });
  afterAll(() => t.close());

  it('moves a reminder that falls on a Saturday or a holiday to the working day before, at REMINDER_TIME local', async () => {
    const ana = await t.person('ana');
    const s = t.app.services;
    // Monday 9 Dec 2030 10:00 (+07): 2 days before is Saturday → Friday 6 Dec 08:00 (+07).
    await s.blockers.add(t.admin, {
      title: 'Data exchange',
      ownerUnit: 'MIC',
      ownerPerson: ana.person,
      deadline: new Date('2030-12-09T03:00:00Z'),
    });
    // Thursday 12 Dec 2030: 2 days before is Tuesday 10 Dec, a holiday → Monday 9 Dec 08:00.
    await s.blockers.add(t.admin, {
      title: 'Portal',
      ownerUnit: 'MIC',
      ownerPerson: ana.person,
      deadline: new Date('2030-12-12T03:00:00Z'),
    });
    expect(await planned(t)).toEqual({
      'blocker-1:2d': '2030-12-06T01:00:00.000Z',
      'blocker-1:0d': '2030-12-09T01:00:00.000Z',
      'blocker-2:2d': '2030-12-09T01:00:00.000Z',
      'blocker-2:0d': '2030-12-12T01:00:00.000Z',
    });
    // BullMQ waits what the app's clock says is left, not what the machine's clock would say.
    const [q] = t.rt.queues();
    for (const j of (await q?.getDelayed()) ?? [])
      expect(j.opts.delay).toBe(j.data.at - clock.now().getTime());
  });

  it('adds nothing twice (deterministic ids) and moves the jobs with the deadline; resolving cancels', async () => {
    const s = t.app.services;
    expect(await t.rt.reminders.reconcile()).toMatchObject({ items: 2, added: 0, removed: 0 });
    await s.blockers.changeDue(t.admin, 1, new Date('2030-12-13T03:00:00Z'), 'moved');
    await s.flow.resolve(t.admin, 2, 'done');
    expect(await planned(t)).toEqual({
      'blocker-1:2d': '2030-12-11T01:00:00.000Z',
      'blocker-1:0d': '2030-12-13T01:00:00.000Z',
    });
    expect(await t.rt.reminders.reconcile()).toMatchObject({ items: 1, added: 0, removed: 0 });
  });

  it('a calendar change moves the reminders it touches: a day off added, then a make-up working day', async () => {
    const s = t.app.services;
    // blocker-1 is due Friday 13 Dec 2030; its 2d reminder is on Wednesday 11 Dec.
    await s.calendar.dayOff(t.admin, '2030-12-11', 'announced');
    await expect
      .poll(() => planned(t))
      .toEqual({
        'blocker-1:2d': '2030-12-09T01:00:00.000Z', // 10 Dec is in HOLIDAYS: Monday 9 Dec
        'blocker-1:0d': '2030-12-13T01:00:00.000Z',
      });
    // A make-up working day on the holiday of 10 Dec: the reminder goes there.
    await s.calendar.workday(t.admin, '2030-12-10', null);
    await expect
      .poll(() => planned(t))
      .toEqual({
        'blocker-1:2d': '2030-12-10T01:00:00.000Z',
        'blocker-1:0d': '2030-12-13T01:00:00.000Z',
      });
    await s.calendar.remove(t.admin, '2030-12-10');
    await s.calendar.remove(t.admin, '2030-12-11');
    await expect
      .poll(() => planned(t))
      .toEqual({
        'blocker-1:2d': '2030-12-11T01:00:00.000Z',
        'blocker-1:0d': '2030-12-13T01:00:00.000Z',
      });
  });
});
