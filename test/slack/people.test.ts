import type { webApi } from '@slack/bolt';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PEOPLE_TTL_MS, slackPeople } from '../../src/adapters/slack/people.ts';
import { TestClock } from '../support/app.ts';

/** A WebClient whose users.info answers from a table and counts its calls. */
function client(names: Record<string, string>) {
  const calls: string[] = [];
  const users = {
    info: async ({ user }: { user: string }) => {
      calls.push(user);
      return { ok: true, user: { id: user, name: user.toLowerCase(), real_name: names[user] } };
    },
  };
  return { calls, client: { users } as unknown as webApi.WebClient };
}

describe('Slack people: users.info answers kept a while, in a bounded cache', () => {
  it('asks once within the time-to-live, again after it (a rename shows)', async () => {
    const clock = new TestClock(new Date('2030-01-07T02:00:00Z'));
    const names: Record<string, string> = { U0LAN0001: 'Nguyễn Thị Lan' };
    const { calls, client: c } = client(names);
    const people = slackPeople(c, pino({ level: 'silent' }), clock);
    expect((await people.identity('U0LAN0001', 'lan')).name).toBe('Nguyễn Thị Lan');
    await people.identity('U0LAN0001', 'lan');
    expect(calls).toEqual(['U0LAN0001']);
    names.U0LAN0001 = 'Nguyễn Thị Lan (MOF)';
    clock.set(new Date(clock.now().getTime() + PEOPLE_TTL_MS + 1).toISOString());
    expect((await people.identity('U0LAN0001', 'lan')).name).toBe('Nguyễn Thị Lan (MOF)');
    expect(calls).toEqual(['U0LAN0001', 'U0LAN0001']);
  });

  it('shares one look-up between concurrent first commands of a user', async () => {
    const { calls, client: c } = client({ U0BINH001: 'Lê Thị Bình' });
    const people = slackPeople(c, pino({ level: 'silent' }), new TestClock(new Date()));
    await Promise.all([people.identity('U0BINH001', 'binh'), people.identity('U0BINH001', 'binh')]);
    expect(calls).toEqual(['U0BINH001']);
  });
});
