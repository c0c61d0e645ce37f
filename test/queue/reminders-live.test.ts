import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunningClock } from '../support/app.ts';
import { captureSender, type QueueTest, queueTest, settled, unitMic } from './support.ts';

/**
 * Real Redis, minute-sized offsets (`1m,0m`), four blockers due about a minute from now. The 1m
 * reminders fire on BullMQ's own delays, seconds away; for the 0m ones, a minute later, the test
 * moves the clock to each one's time and reconciles, which runs the reminder whose time has come
 * by the clock: no minute of real waiting. Times are the app's clock, as the reminders are planned.
 */
describe('deadline reminders, live', () => {
  const clock = new RunningClock();
  const sender = captureSender('console', clock);
  let t: QueueTest;
  beforeAll(async () => {
    t = await queueTest({ env: { REMINDER_OFFSETS: '1m,0m' }, sender, clock });
    await unitMic(t);
  });
  afterAll(() => t.close());

  it('each reminder once, at its time, to the right person; none when resolved; moved with the deadline; to the new owner when reassigned', async () => {
    const s = t.app.services;
    const ana = await t.person('ana');
    const binh = await t.person('binh');
    const t0 = clock.now().getTime();
    const add = (title: string, dueInS: number) =>
      s.blockers.add(t.admin, {
        title,
        ownerUnit: 'MIC',
        ownerPerson: ana.person,
        deadline: new Date(t0 + dueInS * 1000),
      });
    await add('kept', 64); // reminders at +4 s and +64 s
    const resolved = await add('resolved', 64);
    const moved = await add('moved', 120); // would be +60 s and +120 s
    const reassigned = await add('reassigned', 68); // +8 s and +68 s
    await s.flow.resolve(t.admin, resolved.id, 'done');
    await s.blockers.changeDue(t.admin, moved.id, new Date(t0 + 66_000), 'earlier'); // → +6 s and +66 s
    await s.blockers.assign(t.admin, reassigned.id, 'MIC', binh.person);

    await sender.waitFor(3, 30_000); // the 1m reminders, in real time
    for (const [n, atS] of [
      [4, 64],
      [5, 66],
      [6, 68],
    ] as const) {
      clock.set(t0 + atS * 1000);
      await t.rt.reminders.reconcile();
      await sender.waitFor(n);
    }
    // Past every time any of them ever had (the moved one's old +120 s too): nothing more comes.
    clock.set(t0 + 130_000);
    await t.rt.reminders.reconcile();
    await settled(t.rt.queues());
    const got = sender.sent.map((m) => ({
      to: m.chatId,
      what: /B-\d+ (\w+)/.exec(m.text)?.[1],
      left: /\((\w+)\)/.exec(m.text)?.[1],
      atS: Math.round((m.at - t0) / 1000),
    }));
    expect(got.map(({ atS: _, ...g }) => g)).toEqual([
      { to: 'ana', what: 'kept', left: '1m' },
      { to: 'ana', what: 'moved', left: '1m' },
      { to: 'binh', what: 'reassigned', left: '1m' },
      { to: 'ana', what: 'kept', left: '0m' },
      { to: 'ana', what: 'moved', left: '0m' },
      { to: 'binh', what: 'reassigned', left: '0m' },
    ]);
    const expected = [4, 6, 8, 64, 66, 68];
    got.forEach((g, i) => {
      expect(Math.abs(g.atS - (expected[i] as number))).toBeLessThanOrEqual(3);
    });
  }, 100_000);
});
