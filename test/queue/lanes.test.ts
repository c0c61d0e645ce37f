import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitedError, type Sender } from '../../src/domain/ports.ts';
import type { Reply } from '../../src/domain/reply.ts';
import { deliveryLane } from '../../src/queue/names.ts';
import { DELIVERY_LANES } from '../../src/queue/workers.ts';
import { renderText } from '../../src/render/text.ts';
import { type Captured, lengthReaches, type QueueTest, queueTest, settled } from './support.ts';

const LANES = DELIVERY_LANES.console ?? 1;
const PER_CHAT = 25;

/** Chats on the console: one in each lane, then as many again (two chats share every lane). */
function chatsByLane(): string[] {
  const first = new Map<number, string>();
  const second = new Map<number, string>();
  for (let i = 0; first.size < LANES || second.size < LANES; i++) {
    const chat = `room${i}`;
    const lane = deliveryLane(`chat:${chat}`, LANES);
    if (!first.has(lane)) first.set(lane, chat);
    else if (!second.has(lane)) second.set(lane, chat);
  }
  return [...first.values(), ...second.values()];
}

/**
 * A console sender that proves the lanes overlap without timing anything: the first message to
 * each of `meet` (chats in different lanes) waits until every one of them is being sent. Were the
 * deliveries one at a time, the first would wait for the others forever and the test time out.
 * One chat answers 429 once, half-way through its messages.
 */
function meetingSender(meet: readonly string[], limited: string) {
  const sent: Captured[] = [];
  const waiters: Array<() => void> = [];
  const arrived = new Set<string>();
  let everyone = (): void => {};
  const met = new Promise<void>((resolve) => {
    everyone = resolve;
  });
  let refused = false;
  let overlapped = 0;
  let inFlight = 0;
  const sender: Sender = {
    platform: 'console',
    async send(chatId: string, reply: Reply) {
      inFlight++;
      overlapped = Math.max(overlapped, inFlight);
      try {
        if (meet.includes(chatId) && !sent.some((m) => m.chatId === chatId)) {
          arrived.add(chatId);
          if (arrived.size === meet.length) everyone();
          await met;
        }
        if (chatId === limited && !refused && sent.filter((m) => m.chatId === chatId).length === 10) {
          refused = true;
          throw new RateLimitedError(200);
        }
        sent.push({ chatId, text: renderText(reply), at: 0 });
        for (const w of waiters.splice(0)) w();
      } finally {
        inFlight--;
      }
    },
    async directChat(person) {
      return person.consoleUser;
    },
  };
  return {
    sender,
    sent,
    overlapped: () => overlapped,
    refused: () => refused,
    waitFor: (n: number) => lengthReaches(sent, waiters, n, 60_000, 'sent'),
  };
}

describe('delivery lanes', () => {
  const chats = chatsByLane();
  const meet = chats.slice(0, LANES);
  const limited = chats[LANES] ?? 'room0';
  const fake = meetingSender(meet, limited);
  let t: QueueTest;
  beforeAll(async () => {
    t = await queueTest({ sender: fake.sender });
  });
  afterAll(async () => {
    await t.close();
  });

  it('several lanes on the console', () => {
    expect(LANES).toBeGreaterThan(1);
  });

  it('many messages to several chats at once: delivered at the same time across chats, in order per chat, none twice, a 429 holding back only its chat', async () => {
    for (let i = 0; i < PER_CHAT; i++)
      await Promise.all(
        chats.map((chat) =>
          t.rt.delivery.add({
            platform: 'console',
            target: { chatId: chat },
            content: {
              notice: { kind: 'notice.blocker_added', params: { id: `m${i}`, unit: 'MIC', title: '' } },
            },
            key: `lanes-${i}`,
          }),
        ),
      );
    await fake.waitFor(chats.length * PER_CHAT);
    await settled(t.rt.queues());
    const expected = Array.from({ length: PER_CHAT }, (_, i) => `m${i}`);
    for (const chat of chats) {
      const got = fake.sent
        .filter((m) => m.chatId === chat)
        .map((m) => /New blocker (\S+)/.exec(m.text)?.[1]);
      expect(got, chat).toEqual(expected);
    }
    expect(fake.sent).toHaveLength(chats.length * PER_CHAT);
    expect(fake.refused()).toBe(true);
    expect(fake.overlapped()).toBeGreaterThanOrEqual(LANES);
  });

  it('shows one line per platform in the status, whatever lane a job is in', async () => {
    const status = await t.rt.status();
    expect(status.queues.map((q) => q.name)).toEqual(['schedule', 'deliver-console']);
  });
});
