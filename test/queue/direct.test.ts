import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { Sender } from '../../src/domain/ports.ts';
import type { Reply } from '../../src/domain/reply.ts';
import { renderText } from '../../src/render/text.ts';
import { TestClock, testApp } from '../support/app.ts';

/**
 * Without Redis the relay delivers notices itself, through the same `deliverNotice` as the
 * delivery job: the sent-ledger holds, and a send that fails stays in the outbox to be retried.
 */
describe('notices without Redis', () => {
  const clock = new TestClock(new Date('2030-12-02T03:00:00Z'));
  const sent: string[] = [];
  let failNext = 0;
  const sender: Sender = {
    platform: 'telegram',
    async send(chatId: string, reply: Reply) {
      if (failNext > 0 && chatId === '-2') {
        failNext--;
        throw new Error('ETIMEDOUT');
      }
      sent.push(`${chatId}: ${renderText(reply).split('\n')[0]}`);
    },
    directChat: async (person) => person.telegramId,
  };
  let app: App;
  beforeAll(async () => {
    app = await testApp({ clock, senders: [sender] });
  });
  afterAll(() => app.close());

  it('delivers each chat once; a failed send stays in the outbox and the relay retries only what did not go', async () => {
    const s = app.services;
    const admin = await s.identity.resolve(
      { platform: 'console', id: 'root', name: 'root' },
      { asAdmin: true },
    );
    await s.units.add(admin, { code: 'MIC', name: 'Ministry', block: 'government', kind: 'ministry' });
    for (const id of ['-1', '-2']) await s.feeds.subscribe(admin, { platform: 'telegram', id }, 'alerts');
    const b = await s.blockers.add(admin, { title: 'Decree', ownerUnit: 'MIC' });

    failNext = 1;
    await s.blockers.escalate(admin, b.id, 'stuck');
    expect(sent).toEqual(['-1: Escalated B-1: Decree (by root) stuck']);
    expect(await s.outbox.pending()).toBe(1);

    clock.advance(1000); // the row's backoff on the injected clock
    await app.relay.kick();
    expect(sent).toEqual([
      '-1: Escalated B-1: Decree (by root) stuck',
      '-2: Escalated B-1: Decree (by root) stuck',
    ]);
    expect(await s.outbox.pending()).toBe(0);

    // Relayed again (as after a replay): the ledger keeps both chats from a second copy.
    await s.outbox.replaySince(new Date(0));
    await app.relay.kick();
    expect(sent).toHaveLength(2);
  });
});
