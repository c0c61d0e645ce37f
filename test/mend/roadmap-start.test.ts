import { describe, expect, it } from 'vitest';
import { standardUnits, useWorld } from '../core/harness.ts';

describe('roadmap start: and "no report yet"', () => {
  const w = useWorld('pglite');

  it('a programme already running starts in the past; expected progress runs from it', async () => {
    await standardUnits(w);
    // T0 is 04/03/2026: started 01/01/2026, due 31/12/2026 → about 16 % expected now.
    const out = await w.say(
      w.admin,
      '/roadmap add MIC National data strategy due:31/12/2026 start:01/01/2026',
    );
    expect(out).toMatch(
      /^Added R-1: National data strategy\nUnit: MIC\nStart: 01\/01\/2026\nDeadline: 31\/12\/2026/,
    );
    expect(await w.say(w.admin, '/roadmap')).toMatch(
      /R-1 {2}National data strategy\n {2}at risk · MIC · due: 31\/12\/2026 · no report yet/,
    );
    expect(await w.say(w.admin, '/roadmap report R-1 10%')).toMatch(
      /at risk · MIC · due: 31\/12\/2026 · 10% \(16% expected by now\)/,
    );
    expect(await w.say(w.admin, '/roadmap report R-1 20%')).toMatch(/on track · MIC/);
    const [row] = await w.history('roadmap', 'R-1');
    expect(row?.changes).toMatchObject({ start: '2026-01-01T10:00:00.000Z' });
  });

  it('start defaults to now; an item never reported is at risk, not on track; start after due is refused', async () => {
    await standardUnits(w);
    await w.setup('/roadmap add MOF Finance database due:+60d');
    expect(await w.say(w.admin, '/roadmap')).toContain('at risk · MOF · due: 03/05/2026 · no report yet');
    expect(await w.say(w.admin, '/summary')).toMatch(/at risk/i);
    expect(await w.say(w.admin, '/roadmap add MOF Late start due:+10d start:+20d')).toMatch(
      /^Error: the start must come before the due date\./,
    );
    expect(await w.say(w.admin, '/roadmap add MOF Past due due:01/01/2026')).toMatch(/^Error: .*in the past/);
  });

  it('Vietnamese chat: chưa báo cáo', async () => {
    await standardUnits(w);
    await w.setup('/wg lang vi', '/roadmap add MOF Cơ sở dữ liệu tài chính due:+60d start:"hôm nay"');
    expect(await w.say(w.admin, '/roadmap')).toContain('chưa báo cáo');
  });
});
