import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { renderText } from '../../src/render/text.ts';
import { historyOf } from '../../src/store/history.ts';
import { freshPgDatabase, testApp } from '../support/app.ts';
import { emptyDatabase, queryRows } from './harness.ts';

const lanSlack: PlatformIdentity = { platform: 'slack', id: 'ULAN', name: 'Lan' };
const lanTelegram: PlatformIdentity = { platform: 'telegram', id: '4242', name: 'Lan T', username: 'lan_t' };
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
  const historyCount = async () =>
    (await queryRows<{ n: number }>(app, sql`select count(*)::int as n from history`))[0]?.n ?? 0;
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

  it('/wg notify chooses one platform the person has, shows the choice and the default, and is in the history', async () => {
    await linkLan();
    expect(await as(lanTelegram, '/wg notify')).toBe(
      [
        'Your reminders and notices go to telegram.',
        'No choice made (/wg notify slack|telegram|zalo): the default applies.',
        'Default: the platform you last used the bot on (telegram).',
      ].join('\n'),
    );
    expect(await as(lanTelegram, '/wg notify slack')).toBe(
      'Your reminders and notices now go to slack only.',
    );
    expect(await as(lanTelegram, '/wg notify slack')).toBe('Your reminders and notices already go to slack.');
    const p = await person(lanSlack);
    expect(p.notifyPlatform).toBe('slack');
    expect(await as(lanTelegram, '/wg notify')).toContain('Your choice: slack');
    const rows = await historyOf(app.database.db, 'person', String(p.id));
    expect(rows.filter((r) => r.action === 'settings')).toEqual([
      expect.objectContaining({
        actorId: p.id,
        platform: 'telegram',
        changes: { notifyPlatform: { from: null, to: 'slack' } },
      }),
    ]);
  });

  it('/wg notify refuses a platform without an identity, or no platform, and changes nothing', async () => {
    await as(lanSlack, '/help');
    const before = await historyCount();
    expect(await as(lanSlack, '/wg notify zalo')).toBe(
      'Error: you have no zalo identity: link it with /wg link first.\nUsage: /wg notify [slack|telegram|zalo]',
    );
    expect(await as(lanSlack, '/wg notify whatsapp')).toMatch(/^Error: .*\nUsage: \/wg notify/);
    expect(await as(lanSlack, '/wg notify slack telegram')).toMatch(/^Error: .*\nUsage: \/wg notify/);
    expect(await historyCount()).toBe(before);
    expect((await person(lanSlack)).notifyPlatform).toBeNull();
  });
});
