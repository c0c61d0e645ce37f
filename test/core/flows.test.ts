import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { Notice } from '../../src/domain/notice.ts';
import { renderText } from '../../src/render/text.ts';
import { loadSeedUnits } from '../../src/seed-data.ts';
import type { PlatformIdentity } from '../../src/services/identity.ts';
import { verifyHistory } from '../../src/store/history.ts';
import { history } from '../../src/store/schema.ts';
import { freshPgDatabase, testApp } from '../support/app.ts';

/** People of the working group, as Slack would name them. */
const admin: PlatformIdentity = { platform: 'slack', id: 'UADMIN', name: 'Admin An' };
const lead: PlatformIdentity = { platform: 'slack', id: 'ULEAD', name: 'Lead Lan' };
const member: PlatformIdentity = { platform: 'slack', id: 'UMEM', name: 'Member Minh' };
const hotline: PlatformIdentity = { platform: 'slack', id: 'UHOT', name: 'Hotline Hoa' };
const external: PlatformIdentity = {
  platform: 'telegram',
  id: '777',
  name: 'Vu of VNPT',
  username: 'vu_vnpt',
};
const chat = { platform: 'slack' as const, id: 'CWG' };

describe.each(['pglite', 'postgres'] as const)('working-group flows on %s', (kind) => {
  let app: App;
  let drop: (() => Promise<void>) | undefined;
  const notices: { to: string; notice: Notice }[] = [];

  /** Runs a command as `who` and returns what the user would read. */
  const as = async (who: PlatformIdentity, text: string) =>
    renderText((await app.dispatcher.handle({ text, who, chat })).reply);
  const ok = async (who: PlatformIdentity, text: string) => {
    const out = await as(who, text);
    expect(out, `${text} →\n${out}`).not.toMatch(/^Error/);
    return out;
  };

  beforeAll(async () => {
    if (kind === 'postgres') {
      const db = await freshPgDatabase();
      drop = db.drop;
      app = await testApp({ env: { DATABASE_URL: db.url, ADMINS: 'slack:UADMIN' } });
    } else app = await testApp({ env: { ADMINS: 'slack:UADMIN' } });
    app.notices.add({
      toFeed: async (feed, notice) => void notices.push({ to: `feed:${feed}`, notice }),
      toPerson: async (id, notice) => void notices.push({ to: `person:${id}`, notice }),
    });
    const root = await app.services.identity.resolve(admin);
    await app.services.units.seed(root, await loadSeedUnits());
    for (const p of [lead, member, hotline, external]) await as(p, '/help');
    await ok(admin, '/unit lead MOF <@ULEAD>');
    await ok(admin, '/wg role <@UHOT> hotline');
    await ok(admin, '/wg role @vu_vnpt external unit:VNPT');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('takes a blocker from logged to resolved, reopened and dropped, with every step in its history', async () => {
    expect(
      await ok(member, '/blocker add Payment gateway contract unsigned owner:MOF due:+10d prio:high'),
    ).toMatch(/Logged B-(\d+): Payment gateway contract unsigned/);
    const id = /B-\d+/.exec(await ok(member, '/blocker list mine'))?.[0] ?? 'B-?';
    expect(await ok(lead, `/blocker start ${id}`)).toContain('in progress');
    expect(await as(lead, `/blocker start ${id}`)).toMatch(/^Error: it is already in progress/);
    expect(await ok(lead, `/blocker resolve ${id} signed on Monday`)).toContain(`${id} resolved`);
    expect(await as(lead, `/blocker note ${id}`)).toMatch(/^Error: /);
    expect(await ok(lead, `/blocker reopen ${id} signature missing`)).toContain(`${id} reopened`);
    expect(await as(member, `/blocker drop ${id}`)).toMatch(/^Error: say why/);
    expect(await ok(admin, `/blocker drop ${id} withdrawn by MOF`)).toContain(`${id} dropped`);
    const shown = await ok(member, `/blocker show ${id}`);
    for (const step of ['created', 'started', 'resolved', 'reopened', 'dropped'])
      expect(shown).toContain(step);
    expect(shown).toContain('Member Minh (slack)');
    expect(shown).toContain('Lead Lan (slack)');
  });

  it('lets only admins move a deadline; anyone else files an extension that an admin decides', async () => {
    const added = await ok(lead, '/blocker add Decree on data sharing not issued owner:MOF due:+5d');
    const id = /B-\d+/.exec(added)?.[0] ?? '';
    const before = /Deadline: (\S+)/.exec(await ok(lead, `/blocker show ${id}`))?.[1];

    const asked = await ok(lead, `/blocker due ${id} +40d waiting for the ministry of justice`);
    const x = /X-\d+/.exec(asked)?.[0] ?? '';
    expect(asked).toContain(`Extension ${x} requested`);
    expect(/Deadline: (\S+)/.exec(await ok(lead, `/blocker show ${id}`))?.[1]).toBe(before);

    expect(await as(lead, `/extension approve ${x}`)).toMatch(/^Error: not allowed/);
    expect(await ok(admin, '/extension list')).toContain(x);
    expect(await ok(admin, `/extension approve ${x} one time only`)).toContain(`${x} approved`);
    const after = await ok(lead, `/blocker show ${id}`);
    expect(/Deadline: (\S+)/.exec(after)?.[1]).not.toBe(before);
    expect(after).toMatch(/Original deadline: .*moved 1×, 35 days later/);
    expect(await as(admin, `/extension approve ${x}`)).toMatch(/^Error: .*already been decided/);

    const again = await ok(lead, `/blocker due ${id} +90d more time`);
    const x2 = /X-\d+/.exec(again)?.[0] ?? '';
    expect(await as(admin, `/extension reject ${x2}`)).toMatch(/^Error: say why/);
    expect(await ok(admin, `/extension reject ${x2} no retreat`)).toContain(`${x2} rejected`);
    expect(/Deadline: (\S+)/.exec(await ok(lead, `/blocker show ${id}`))?.[1]).toBe(
      /Deadline: (\S+)/.exec(after)?.[1],
    );
    const toLead = notices.filter((n) => n.notice.params.id === x || n.notice.params.id === x2);
    expect(toLead.map((n) => n.notice.kind)).toEqual([
      'notice.extension_approved',
      'notice.extension_rejected',
    ]);
    expect(new Set(toLead.map((n) => n.to)).size).toBe(1);

    expect(await ok(admin, `/blocker due ${id} +60d decided by the committee`)).toContain(
      `Deadline of ${id} set`,
    );
  });

  it('refuses what a role may not do and changes nothing', async () => {
    const count = async () => (await ok(admin, '/unit list')).match(/^• /gm)?.length ?? 0;
    const units = await count();
    expect(await as(member, '/unit add XYZ "X" block:party kind:agency')).toMatch(
      /^Error: not allowed: your role may not add units/,
    );
    expect(await count()).toBe(units);
    expect(await as(member, '/hotline MOF: portal down')).toMatch(/^Error: not allowed/);
    expect(await ok(hotline, '/hotline MOF: tax portal rejects e-invoices phone:0912345678')).toContain(
      'Hotline call logged',
    );
    expect(await as(member, '/wg role <@UHOT> admin')).toMatch(/^Error: not allowed/);
  });

  it('shows an external reporter only their own unit and lets them act only there', async () => {
    const vnpt = await ok(admin, '/blocker add Fibre backbone permit delayed owner:VNPT due:+7d');
    const mine = /B-\d+/.exec(vnpt)?.[0] ?? '';
    const other =
      /B-\d+/.exec(await ok(admin, '/blocker add Other ministry problem owner:MOJ due:+7d'))?.[0] ?? '';
    const list = await ok(external, '/blocker list all');
    expect(list).toContain(mine);
    expect(list).not.toContain(other);
    expect(await as(external, `/blocker show ${other}`)).toMatch(/^Error: /);
    expect(await ok(external, `/blocker note ${mine} crews on site`)).toContain('Note added');
    expect(await as(external, `/blocker note ${other} hello`)).toMatch(/^Error: /);
    // An enterprise reports problems that others own: the record names it as the reporting unit.
    const reported = await ok(external, '/blocker add Licence renewal stuck owner:MOF due:+9d');
    expect(reported).toContain('Reported by: VNPT');
    expect(await ok(external, '/blocker list all')).toContain(/B-\d+/.exec(reported)?.[0] ?? '?');
  });

  it('offers a likely duplicate hotline call instead of a second record, unless forced', async () => {
    const first = await ok(hotline, '/hotline HUE: Cổng thanh toán không hoạt động');
    const id = /B-\d+/.exec(first)?.[0] ?? '';
    const dup = await ok(hotline, '/hotline Hue: cong thanh toan khong hoat dong');
    expect(dup).toContain(`This looks like ${id}`);
    const forced = await ok(hotline, '/hotline Hue: cong thanh toan khong hoat dong force:yes');
    expect(forced).toContain('Hotline call logged');
    expect(/B-\d+/.exec(forced)?.[0]).not.toBe(id);
  });

  it('gives 50 concurrent adds 50 distinct ids with no gap', async () => {
    const outs = await Promise.all(
      Array.from({ length: 50 }, (_, i) => as(member, `/blocker add Concurrent ${i} owner:MOF due:+3d`)),
    );
    const ids = outs.map((o) => Number(/Logged B-(\d+)/.exec(o)?.[1])).sort((a, b) => a - b);
    expect(new Set(ids).size).toBe(50);
    expect((ids.at(-1) ?? 0) - (ids[0] ?? 0)).toBe(49);
  });

  it('writes a verifiable history row for every change and detects tampering', async () => {
    const result = await verifyHistory(app.database.db);
    expect(result.ok).toBe(true);
    expect(result.rows).toBeGreaterThan(100);
    const [adds] = await app.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(history)
      .where(sql`${history.entityType} = 'blocker' and ${history.action} = 'add'`);
    expect(Number(adds?.n)).toBeGreaterThanOrEqual(55);
    await app.database.db.execute(sql`update history set changes = '{"title":"rewritten"}' where seq = 40`);
    const broken = await verifyHistory(app.database.db);
    expect(broken.ok).toBe(false);
    expect(broken.brokenAt?.seq).toBe(40);
  });
});
