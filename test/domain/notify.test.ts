import { describe, expect, it } from 'vitest';
import { noticePlatform, notifyOrder } from '../../src/domain/notify.ts';
import type { Person } from '../../src/domain/types.ts';

const person = (p: Partial<Person>): Person =>
  ({
    slackId: null,
    telegramId: null,
    zaloId: null,
    consoleUser: null,
    notifyPlatform: null,
    lastPlatform: null,
    ...p,
  }) as Person;

describe('the one platform a notice to a person goes to', () => {
  const all = person({ slackId: 'U1', telegramId: '42', zaloId: 'z9', lastPlatform: 'zalo' });
  const running = ['slack', 'telegram', 'zalo', 'console'];

  it('is the choice, else the platform last used, else slack, telegram, zalo, then the console', () => {
    expect(noticePlatform({ ...all, notifyPlatform: 'telegram' }, running)).toBe('telegram');
    expect(noticePlatform(all, running)).toBe('zalo');
    expect(noticePlatform({ ...all, lastPlatform: null }, running)).toBe('slack');
    expect(noticePlatform(person({ zaloId: 'z9', consoleUser: 'lan' }), running)).toBe('zalo');
    expect(noticePlatform(person({ consoleUser: 'lan' }), running)).toBe('console');
    expect(noticePlatform(person({}), running)).toBeNull();
  });

  it('skips a choice or a last platform the person has no identity on any more', () => {
    const p = person({ telegramId: '42', notifyPlatform: 'zalo', lastPlatform: 'slack' });
    expect(notifyOrder(p)).toEqual(['telegram']);
  });

  it('falls back to a platform this deployment runs when the preferred one does not', () => {
    const p = { ...all, notifyPlatform: 'zalo' };
    expect(noticePlatform(p, ['slack', 'telegram'])).toBe('slack');
    expect(noticePlatform(p, ['telegram'])).toBe('telegram');
    expect(noticePlatform(p, [])).toBeNull();
  });
});
