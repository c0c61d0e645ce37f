import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { renderText } from '../../src/render/text.ts';
import { freshPgDatabase, testApp } from '../support/app.ts';
import { emptyDatabase } from './harness.ts';

const admin: PlatformIdentity = { platform: 'slack', id: 'UADM', name: 'Admin' };
const lanSlack: PlatformIdentity = { platform: 'slack', id: 'ULAN', name: 'Lan' };
const lanZalo: PlatformIdentity = { platform: 'zalo', id: '7001', name: 'Lan' };
const minhZalo: PlatformIdentity = { platform: 'zalo', id: '7002', name: 'Minh' };
const dm = (p: PlatformIdentity) => ({ platform: p.platform, id: p.id, direct: true });

/** People who write from Zalo (issue #18): linked with /wg link, named by identity, never by display name. */
describe('Zalo identities', () => {
  let app: App;
  let drop: () => Promise<void>;
  const as = async (who: PlatformIdentity, text: string) =>
    renderText((await app.dispatcher.handle({ text, who, chat: dm(who) })).reply);

  beforeAll(async () => {
    const db = await freshPgDatabase();
    drop = db.drop;
    app = await testApp({ env: { DATABASE_URL: db.url, ADMINS: 'slack:UADM' } });
  }, 60_000);
  beforeEach(async () => {
    await emptyDatabase(app);
    await as(admin, '/unit add MIC "Ministry of Information" block:government kind:ministry');
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('/wg link joins a Zalo identity to a Slack profile, with what it logged and owns', async () => {
    const logged = await as(lanZalo, '/blocker add Portal outage in Hue owner:MIC');
    const id = /B-\d+/.exec(logged)?.[0] ?? '?';
    const code = /link code is (\S+)/.exec(await as(lanSlack, '/wg link'))?.[1] ?? '';
    expect(await as(lanZalo, `/wg link ${code}`)).toBe('Linked: both accounts are now Lan.');
    const { person } = await app.services.identity.resolve(lanZalo);
    expect(person).toMatchObject({ slackId: 'ULAN', zaloId: '7001', lastPlatform: 'zalo' });
    expect((await app.services.identity.resolve(lanSlack)).person.id).toBe(person.id);
    expect(await as(lanSlack, '/blocker list mine')).toContain(id);
    expect(await as(lanZalo, '/blocker list mine')).toContain(id);
    // Now Lan has a Zalo identity: she may choose it.
    expect(await as(lanSlack, '/wg notify zalo')).toBe('Your reminders and notices now go to zalo only.');
    // A Zalo identity already joined to someone cannot be joined to another Zalo account.
    const code2 = /link code is (\S+)/.exec(await as(lanSlack, '/wg link'))?.[1] ?? '';
    expect(await as(minhZalo, `/wg link ${code2}`)).toBe(
      'Error: that identity is already linked to another zalo account.\nUsage: /wg link [CODE]',
    );
  });

  it('names a Zalo-only person by zalo:ID, never by the display name', async () => {
    await as(minhZalo, '/help');
    expect(await as(admin, '/wg role @Minh hotline')).toMatch(/^Error: I do not know @Minh yet/);
    expect(await as(admin, '/wg role Minh hotline')).toMatch(/^Error: I do not know Minh yet/);
    expect(await as(admin, '/wg role zalo:7002 hotline')).toBe('Minh (zalo 7002) is now a hotline handler');
    expect(await as(admin, '/unit lead MIC zalo:7002')).not.toMatch(/^Error/);
    expect(await as(admin, '/blocker add Data exchange owner:MIC to:zalo:7002')).toMatch(/B-1/);
    expect(await as(minhZalo, '/blocker list mine')).toContain('B-1');
    expect(await as(admin, '/wg role zalo:9999 hotline')).toMatch(/^Error: I do not know zalo:9999 yet/);
  });
});
