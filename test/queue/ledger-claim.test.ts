import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { Delivery } from '../../src/domain/delivery.ts';
import type { Sender } from '../../src/domain/ports.ts';
import { reply } from '../../src/domain/reply.ts';
import { type Compose, deliverNotice, UnconfirmedDeliveryError } from '../../src/services/deliver-notice.ts';
import { Senders } from '../../src/services/senders.ts';
import { freshPgDatabase, testApp } from '../support/app.ts';
import { captureSender } from './support.ts';

const compose: Compose = async () => reply.ok('Reminder: B-1 soon');

/**
 * The sent-ledger's one claim statement, on both databases: a message goes out once, a worker that
 * stopped mid-send leaves it claimed (never sent a second time), a refused send can be retried.
 */
for (const kind of ['pglite', 'postgres'] as const) {
  describe(`the delivery claim (${kind})`, () => {
    let app: App;
    let drop: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const db = kind === 'postgres' ? await freshPgDatabase() : null;
      drop = db?.drop;
      app = await testApp({ env: db ? { DATABASE_URL: db.url } : {} });
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    /** Delivers `d` as a worker with only `sender` would. */
    const deliverWith = (sender: Sender, d: Delivery) => {
      const senders = new Senders();
      senders.register(sender);
      const { ledger, feeds, identity } = app.services;
      return deliverNotice({ ledger, feeds, identity, senders, config: app.config }, d, compose);
    };
    const delivery = (key: string): Delivery => ({
      platform: 'console',
      target: { chatId: 'room' },
      content: { notice: { kind: 'notice.escalated', params: {} } },
      key,
    });

    it('sends once: the same delivery again is a duplicate', async () => {
      const sender = captureSender();
      expect(await deliverWith(sender, delivery('once'))).toEqual({ chatId: 'room' });
      expect(await deliverWith(sender, delivery('once'))).toEqual({ duplicate: true });
      expect(sender.sent.map((m) => m.text)).toEqual(['Reminder: B-1 soon']);
    });

    it('a send that never finished leaves a claim: the next attempt does not post, it is dead-lettered once', async () => {
      let inSend = (): void => {};
      const reached = new Promise<void>((r) => {
        inSend = r;
      });
      let finish = (): void => {};
      const hanging: Sender = {
        ...captureSender(),
        send: () => {
          inSend();
          return new Promise<void>((r) => {
            finish = r; // the worker stops here, the platform's answer not yet in the ledger
          });
        },
      };
      const first = deliverWith(hanging, delivery('midway'));
      await reached;
      // Another worker takes the job over while the first still holds the claim: not posted again.
      const other = captureSender();
      await expect(deliverWith(other, delivery('midway'))).rejects.toBeInstanceOf(UnconfirmedDeliveryError);
      expect(await deliverWith(other, delivery('midway'))).toEqual({ duplicate: true });
      expect(other.sent).toEqual([]);
      finish();
      expect(await first).toEqual({ chatId: 'room' });
      expect(await deliverWith(other, delivery('midway'))).toEqual({ duplicate: true });
    });

    it('a refused send gives the claim back: the retry posts it, once', async () => {
      const refusing: Sender = {
        ...captureSender(),
        send: async () => {
          throw new Error('platform down');
        },
      };
      await expect(deliverWith(refusing, delivery('retry'))).rejects.toThrow('platform down');
      const sender = captureSender();
      expect(await deliverWith(sender, delivery('retry'))).toEqual({ chatId: 'room' });
      expect(await deliverWith(sender, delivery('retry'))).toEqual({ duplicate: true });
      expect(sender.sent).toHaveLength(1);
    });
  });
}
