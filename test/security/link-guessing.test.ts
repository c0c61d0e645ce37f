/**
 * Issue #9, "Link-code guessing", as the attack: a Telegram user types 1,500 wrong `/wg link`
 * codes, then the admin's real one. Before: every guess was answered and the right code linked
 * the guesser into the admin's identity.
 */

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { CODE_ALPHABET, CODE_LENGTH, normaliseCode } from '../../src/services/link.ts';
import { queryRows, useWorld } from '../core/harness.ts';

const guesser: PlatformIdentity = { platform: 'telegram', id: '6666', name: 'guesser' };
const other: PlatformIdentity = { platform: 'telegram', id: '7777', name: 'boss on telegram' };

describe('link codes', () => {
  const w = useWorld('pglite');

  it('are long, random, from a large alphabet and single use', async () => {
    const boss = await w.person('boss', 'admin');
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const out = await w.say(boss, '/wg link');
      const code = /link code is (\S+)/.exec(out)?.[1] ?? '';
      const plain = normaliseCode(code);
      expect(plain).toHaveLength(CODE_LENGTH);
      expect([...plain].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
      codes.add(plain);
    }
    expect(codes.size).toBe(20);
    expect(CODE_LENGTH).toBeGreaterThanOrEqual(8);
    expect(CODE_ALPHABET.length).toBeGreaterThanOrEqual(32);
    // The last code works once, typed in lower case; then it is gone.
    const last = [...codes].at(-1) ?? '';
    expect(await w.say(other, `/wg link ${last.toLowerCase()}`)).toMatch(
      /^Linked: both accounts are now boss/,
    );
    expect(await w.say(guesser, `/wg link ${last}`)).toMatch(/^Error: that link code is wrong/);
    // The database holds hashes, never a code.
    const stored = await queryRows<{ code: string }>(w.app, sql`select code from link_codes`);
    for (const s of stored) expect(codes.has(s.code)).toBe(false);
  });

  it('the guesser: 1,500 wrong codes are refused after 5, and the right code afterwards does not link', async () => {
    const boss = await w.person('boss', 'admin');
    const code = /link code is (\S+)/.exec(await w.say(boss, '/wg link'))?.[1] ?? '';
    expect(code).not.toBe('');
    await w.say(guesser, '/help');
    const before = await w.historyCount();

    const answers: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const guess = String(100000 + ((i * 7919) % 900000));
      answers.push(await w.say(guesser, `/wg link ${guess}`));
    }
    const wrong = answers.filter((a) => /^Error: that link code is wrong/.test(a));
    const locked = answers.filter((a) => /^Error: too many wrong link codes/.test(a));
    expect(wrong).toHaveLength(4);
    expect(answers[0]).toMatch(/\(4 tries left/);
    expect(answers[4]).toMatch(
      /^Error: too many wrong link codes: \/wg link is refused for you for 15 minutes/,
    );
    // The rest: locked out, or told to slow down; never a link, never an answer about the code.
    for (const a of answers.slice(5)) expect(a).toMatch(/^Error: too many wrong link codes|slow down/i);
    expect(answers.some((a) => /Linked/.test(a))).toBe(false);

    // Every refused guess that reached the code check is in the history.
    const rows = await queryRows<{ action: string; n: number }>(
      w.app,
      sql`select action, count(*)::int as n from history where action like 'link_%' group by action`,
    );
    const byAction = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    expect((byAction.link_failed ?? 0) + (byAction.link_locked ?? 0)).toBe(wrong.length + locked.length);
    expect(byAction.link_locked).toBe(1);
    expect(await w.historyCount()).toBe(before + wrong.length + locked.length);

    // The right code now: the guesser is locked out, and the code itself was voided.
    w.clock.advance(60_000);
    expect(await w.say(guesser, `/wg link ${code}`)).toMatch(/^Error: too many wrong link codes/);
    expect(await w.say(other, `/wg link ${code}`)).toMatch(/^Error: that link code is wrong/);
    w.clock.advance(15 * 60_000);
    expect(await w.say(guesser, `/wg link ${code}`)).toMatch(/^Error: that link code is wrong/);
    const person = (await w.actor(guesser)).person;
    expect(person.role).toBe('member');
    expect((await w.actor(boss)).person.telegramId).toBeNull();
  });

  it('a wrong try is forgotten after a quiet quarter hour; the lockout answers in Vietnamese too', async () => {
    const vi: PlatformIdentity = { platform: 'telegram', id: '8001', name: 'Minh', lang: 'vi' };
    for (let i = 0; i < 4; i++) await w.say(vi, '/wg link 123456');
    w.clock.advance(16 * 60_000);
    expect(await w.say(vi, '/wg link 123456')).toMatch(/còn 4 lần thử/);
    for (let i = 0; i < 3; i++) await w.say(vi, '/wg link 123456');
    expect(await w.say(vi, '/wg link 123456')).toMatch(/nhập sai mã liên kết quá nhiều lần/);
  });
});
