import { describe, expect, it } from 'vitest';
import { DB_KINDS, standardUnits, useWorld } from './harness.ts';

describe.each(DB_KINDS)('/hotline on %s', (kind) => {
  const w = useWorld(kind);
  /** How many blockers exist, as `/blocker list all` counts them. */
  const total = async () => Number(/\((\d+)\)/.exec(await w.say(w.admin, '/blocker list all'))?.[1]);

  it('logs a call as a new blocker with source hotline, caller and phone', async () => {
    await standardUnits(w);
    const out = await w.say(w.admin, '/hotline MOF: payment portal down since Monday phone:"0243 123 456"');
    expect(out).toMatch(/^Hotline call logged as B-1: payment portal down since Monday\n/);
    expect(out).toContain('Status: new');
    expect(out).toContain('Source: hotline');
    expect(out).toContain('Reported by: MOF · 0243 123 456');
    expect(out).toContain('Triage it: /blocker assign B-1 UNIT');
    expect(await w.say(w.admin, '/hotline "Mr. Tuan, Bac Ninh": land records missing')).toContain(
      'Reported by: Mr. Tuan, Bac Ninh',
    );
    expect(await w.say(w.admin, '/hotline just a complaint')).toMatch(
      /^Error: write the caller, a colon, then the problem/,
    );
    expect(await w.say(w.admin, '/hotline MOF:')).toMatch(/^Error: write the caller, a colon/);
    expect(await total()).toBe(2);
  });

  it('offers the open blocker of the same unit with a similar title instead of a second one', async () => {
    await standardUnits(w);
    await w.setup('/blocker add Cổng thanh toán điện tử không kết nối owner:MOF');
    const before = await w.historyCount();
    for (const call of [
      '/hotline MOF: cong thanh toan dien tu khong ket noi',
      '/hotline mof: Cổng thanh toán điện tử vẫn không kết nối được',
      '/hotline Bộ Tài chính: cổng thanh toán điện tử không kết nối',
      '/hotline bo tai chinh: CONG THANH TOAN DIEN TU khong ket noi',
      '/hotline Ministry of Finance: cổng thanh toán điện tử không kết nối',
    ]) {
      const out = await w.say(w.admin, call);
      expect(out, call).toMatch(/^This looks like B-1: Cổng thanh toán điện tử không kết nối\n/);
      expect(out, call).toContain('or log it anyway by adding force:yes');
    }
    expect(await w.historyCount()).toBe(before);
    expect(await total()).toBe(1);

    expect(await w.say(w.admin, '/hotline MOF: cong thanh toan dien tu khong ket noi force:yes')).toMatch(
      /^Hotline call logged as B-2/,
    );
    expect(await total()).toBe(2);
  });

  it('logs a new blocker for another unit, another problem, or once the first is closed', async () => {
    await standardUnits(w);
    await w.setup(
      '/blocker add Payment portal down owner:MOF',
      '/hotline "Anh Minh": scanner broken at the ward office',
    );
    expect(await w.say(w.admin, '/hotline MIC: payment portal down')).toMatch(/^Hotline call logged as B-3/);
    expect(await w.say(w.admin, '/hotline MOF: salary data export fails')).toMatch(
      /^Hotline call logged as B-4/,
    );
    expect(await w.say(w.admin, '/hotline anh minh: scanner broken at ward office')).toMatch(
      /^This looks like B-2/,
    );
    expect(await w.say(w.admin, '/hotline Chị Lan: scanner broken at ward office')).toMatch(
      /^Hotline call logged as B-5/,
    );
    await w.setup('/blocker resolve B-1 fixed');
    expect(await w.say(w.admin, '/hotline MOF: payment portal down again')).toMatch(
      /^Hotline call logged as B-6/,
    );
  });
});
