import { describe, expect, it } from 'vitest';
import { standardUnits, useWorld } from './harness.ts';

/** `/wg holiday`: the working calendar, listed for anyone, changed by admins (issue #19). */
describe('/wg holiday', () => {
  const w = useWorld('pglite');

  it('lists the year’s days off and make-up working days by date, named in the chat’s language', async () => {
    const out = await w.say(w.admin, '/wg holiday list 2026');
    expect(out).toContain('Working calendar 2026: days off 12, make-up working days 0');
    expect(out).toContain('• 01/01/2026 (Thu): New Year');
    expect(out).toContain('• 17/02/2026 (Tue): Vietnamese New Year');
    expect(out).toContain('• 26/04/2026 (Sun): Hung Kings Commemorations');
    expect(out).toContain('• 27/04/2026 (Mon): day off in lieu of Hung Kings Commemorations');
    expect(out).toContain('• 01/09/2026 (Tue): National Day');
    await w.setup('/wg lang vi');
    const vi = await w.say(w.admin, '/wg holiday');
    expect(vi).toContain('Lịch làm việc 2026');
    expect(vi).toContain(
      '• 16/02/2026 (Thứ 2): Giao thừa Tết Nguyên Đán\n• 17/02/2026 (Thứ 3): Tết Nguyên Đán\n• 18/02/2026 (Thứ 4): Tết Nguyên Đán',
    );
    expect(vi).toContain('27/04/2026 (Thứ 2): nghỉ bù Giỗ tổ Hùng Vương');
  });

  it('admins add days off and make-up working days, each in the history; remove takes one back', async () => {
    expect(await w.say(w.admin, '/wg holiday add 31/08/2026 National Day bridge')).toBe(
      '31/08/2026 (Mon) is now a day off (day off: National Day bridge); reminders on it move to the working day before.',
    );
    expect(await w.say(w.admin, '/wg holiday workday 2026-08-22 make-up for 31/8')).toContain(
      '22/08/2026 (Sat) is now a working day (make-up working day: make-up for 31/8)',
    );
    expect(await w.say(w.admin, '/wg holiday add 31/08/2026 National Day bridge')).toContain('is already so');
    const list = await w.say(w.admin, '/wg holiday list 2026');
    expect(list).toContain('days off 13, make-up working days 1');
    expect(list).toContain('• 22/08/2026 (Sat): make-up working day: make-up for 31/8');
    expect(list).toContain('• 31/08/2026 (Mon): day off: National Day bridge');
    expect(await w.say(w.admin, '/wg holiday remove 31/08/2026')).toContain('it is a working day again');
    expect((await w.history('calendar', '2026-08-31')).map((h) => [h.action, h.actorName])).toEqual([
      ['day_off', 'root'],
      ['remove_day', 'root'],
    ]);
    expect((await w.history('calendar', '2026-08-22'))[0]?.changes).toMatchObject({
      name: 'make-up for 31/8',
    });
    // Vietnamese words for the operations, accents optional.
    expect(await w.say(w.admin, '/wg holiday thêm 05/05/2026 nghỉ bù')).toContain(
      '05/05/2026 (Tue) is now a day off',
    );
    expect(await w.say(w.admin, '/wg holiday xoá 05/05/2026')).toContain('it is a working day again');
    // Making a built-in holiday a working day: the calendar says so.
    await w.setup('/wg holiday workday 2026-04-27');
    expect(await w.app.services.calendar.get().then((c) => c.isWorking('2026-04-27'))).toBe(true);
  });

  it('bad input and non-admins: one line with the usage, nothing changed', async () => {
    await standardUnits(w);
    const member = await w.person('lan', 'member', 'MIC');
    const before = await w.historyCount();
    const usage = '/wg holiday [list [YEAR]] | add DATE [name] | remove DATE | workday DATE [name]';
    const cases: [string, string][] = [
      ['/wg holiday add', 'a date is missing'],
      ['/wg holiday add 31/02/2026', '31/02/2026'],
      ['/wg holiday list 20x6', '"20x6" is not a year'],
      ['/wg holiday remove 2026-05-05', 'nothing was added on 05/05/2026 (Tue) (a working day)'],
      ['/wg holiday remove 2026-04-30', 'built in or from the environment'],
      ['/wg holiday remove 2026-05-06 extra', 'too many'],
      ['/wg holiday frobnicate', 'frobnicate'],
    ];
    for (const [text, says] of cases) {
      const out = await w.say(w.admin, text);
      expect(out, text).toContain(says);
      expect(out.split('\n').length, text).toBeLessThanOrEqual(3);
      expect(out, text).toContain(usage);
    }
    const refused = await w.say(member, '/wg holiday add 2026-05-05');
    expect(refused).toMatch(/change the working calendar/);
    expect(await w.say(member, '/wg holiday list 2026')).toContain('Working calendar 2026');
    expect(await w.historyCount()).toBe(before);
  });

  it('/wg help lists it with its usage', async () => {
    const help = await w.say(w.admin, '/wg help');
    expect(help).toContain('/wg holiday [list [YEAR]] | add DATE [name] | remove DATE | workday DATE [name]');
    expect(help).toContain('the working calendar: public holidays, days off and make-up working days');
  });
});
