import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureSender, type QueueTest, queueTest, unitMic } from './support.ts';

/**
 * Real time, real Redis, minute-sized offsets (`1m,0m`): four blockers due about a minute from now,
 * watched together so the whole file takes one minute.
 */
describe('deadline reminders, live', () => {
  const sender = captureSender();
  let t: QueueTest;
  beforeAll(async () => {
    t = await queueTest({ env: { REMINDER_OFFSETS: '1m,0m' }, sender });
    await unitMic(t);
  });
  afterAll(() => t.close());

  it('each reminder once, at its time, to the right person; none when resolved; moved with the deadline; to the new owner when reassigned', async () => {
    const s = t.app.services;
    const ana = await t.person('ana');
    const binh = await t.person('binh');
    const t0 = Date.now();
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

    await sender.waitFor(6, 90_000);
    await new Promise((r) => setTimeout(r, 1500)); // nothing more may come
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
