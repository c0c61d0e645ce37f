import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { renderText } from '../../src/render/text.ts';
import { freshPgDatabase, testApp } from '../support/app.ts';
import { emptyDatabase } from './harness.ts';

const admin: PlatformIdentity = { platform: 'slack', id: 'UADM', name: 'Admin' };
const lanSlack: PlatformIdentity = { platform: 'slack', id: 'ULAN', name: 'Lan' };
const lanTelegram: PlatformIdentity = { platform: 'telegram', id: '4242', name: 'Lan T', username: 'lan_t' };
const lanZalo: PlatformIdentity = { platform: 'zalo', id: 'z-7001', name: 'Lan Z' };
const dm = (p: PlatformIdentity) => ({ platform: p.platform, id: p.id, direct: true });

/** Where a person's notices go (`/wg notify`, the platform last used) and Zalo identities (issue #18). */
describe('one platform per person', () => {
  let app: App;
  let drop: () => Promise<void>;
  const as = async (who: PlatformIdentity, text: string) =>
    renderText((await app.dispatcher.handle({ text, who, chat: dm(who) })).reply);
  const person = async (who: PlatformIdentity) => {
    const found = await app.services.identity.resolve(who);
    return found.person;
  };
  /** Lan on Slack and Telegram, one person. */
  const linkLan = async (other: PlatformIdentity = lanTelegram) => {
    const code = /link code is (\S+)/.exec(await as(lanSlack, '/wg link'))?.[1] ?? '';
    expect(await as(other, `/wg link ${code}`)).toContain('Linked');
  };

  beforeAll(async () => {
    const db = await freshPgDatabase();
    drop = db.drop;
    app = await testApp({ env: { DATABASE_URL: db.url, ADMINS: 'slack:UADM' } });
  }, 60_000);
  beforeEach(() => emptyDatabase(app));
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('records the chat platform each command came from, and not the console or a mention', async () => {
    await as(lanSlack, '/help');
    expect((await person(lanSlack)).lastPlatform).toBe('slack');
    await linkLan();
    expect((await person(lanSlack)).lastPlatform).toBe('telegram');
    await as(lanSlack, '/blocker list');
    expect((await person(lanTelegram)).lastPlatform).toBe('slack');
    // Someone only named (met) has used nothing.
    await app.dispatcher.meet([{ platform: 'telegram', id: '999', name: 'Quiet', username: 'quiet' }]);
    expect((await person({ platform: 'telegram', id: '999', name: 'Quiet' })).lastPlatform).toBeNull();
    const root: PlatformIdentity = { platform: 'console', id: 'root', name: 'root' };
    await app.dispatcher.handle({ text: '/help', who: root, chat: dm(root), asAdmin: true });
    expect((await person(root)).lastPlatform).toBeNull();
  });
});
