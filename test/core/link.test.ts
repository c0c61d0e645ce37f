import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { renderText } from '../../src/render/text.ts';
import { freshPgDatabase, testApp } from '../support/app.ts';

const admin: PlatformIdentity = { platform: 'slack', id: 'UADM', name: 'Admin' };
const lanSlack: PlatformIdentity = { platform: 'slack', id: 'ULAN', name: 'Lan' };
const lanTelegram: PlatformIdentity = { platform: 'telegram', id: '4242', name: 'Lan T', username: 'lan_t' };
const dm = (p: PlatformIdentity) => ({ platform: p.platform, id: p.id, direct: true });

describe('/wg link joins a Slack and a Telegram identity into one person', () => {
  let app: App;
  let drop: () => Promise<void>;
  const as = async (who: PlatformIdentity, text: string) =>
    renderText((await app.dispatcher.handle({ text, who, chat: dm(who) })).reply);

  beforeAll(async () => {
    const db = await freshPgDatabase();
    drop = db.drop;
    app = await testApp({ env: { DATABASE_URL: db.url, ADMINS: 'slack:UADM' } });
    await as(admin, '/unit add MIC "Ministry of Information" block:government kind:ministry');
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('brings what the Telegram identity logged and owns along, and lets either identity act on it', async () => {
    const logged = await as(lanTelegram, '/blocker add Portal outage in Hue owner:MIC');
    const id = /B-\d+/.exec(logged)?.[0] ?? '?';
    await as(admin, '/unit lead MIC @lan_t');
    const code = /link code is (\S+)/.exec(await as(lanSlack, '/wg link'))?.[1] ?? '';
    expect(code).not.toBe('');
    expect(await as(lanTelegram, `/wg link ${code}`)).toContain('Linked');

    expect(await as(lanSlack, '/blocker list mine')).toContain(id);
    expect(await as(lanTelegram, '/blocker list mine')).toContain(id);
    expect(await as(admin, '/unit list')).toContain('lead: Lan');
    expect(await as(lanSlack, `/blocker resolve ${id} fixed`)).toContain(`${id} resolved`);
    // One person: @lan_t now names the linked person, not a leftover.
    expect(await as(admin, '/wg role @lan_t hotline')).toContain(
      'Lan (slack ULAN; telegram 4242, @lan_t) is now a hotline handler',
    );
    expect(await as(lanSlack, `/wg link ${code}`)).toMatch(/^Error: /);
  });

  it('keeps a digest turned on from the identity that joins', async () => {
    const hoaSlack: PlatformIdentity = { platform: 'slack', id: 'UHOA', name: 'Hoa' };
    const hoaTelegram: PlatformIdentity = { platform: 'telegram', id: '5151', name: 'Hoa T' };
    expect(await as(hoaTelegram, '/wg digest on')).toContain('Daily digest on');
    const code = /link code is (\S+)/.exec(await as(hoaSlack, '/wg link'))?.[1] ?? '';
    expect(await as(hoaTelegram, `/wg link ${code}`)).toContain('Linked');
    expect(await as(hoaSlack, '/wg digest on')).toContain('already on');
    expect(await as(hoaTelegram, '/wg digest on')).toContain('already on');
  });
});
