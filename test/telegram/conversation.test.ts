import type { Message, MessageEntity } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { answer, Drafts, readCategory, type StepEnv } from '../../src/adapters/telegram/conversation.ts';
import { commandText, leadingCommand, messageLink } from '../../src/adapters/telegram/incoming.ts';
import { UserError } from '../../src/domain/errors.ts';
import { translator } from '../../src/i18n/index.ts';
import { TestClock } from '../support/app.ts';

const t = translator('en');
const env: StepEnv = {
  t,
  tz: 'Asia/Ho_Chi_Minh',
  now: new Date('2026-11-23T03:00:00Z'),
  async unit(name) {
    if (!['mof', 'bộ tài chính'].includes(name.toLowerCase()))
      throw new UserError('unit.unknown', { unit: name.toUpperCase() });
    return { code: 'MOF' };
  },
};

describe('guided /blocker add', () => {
  it('walks title → owner → deadline → category and hands the typed values over', async () => {
    let step = await answer({ kind: 'add', step: 'title' }, '  Budget   not disbursed: phase 2 ', env);
    expect(step).toMatchObject({ next: { step: 'owner', title: 'Budget not disbursed: phase 2' } });
    if (!('next' in step)) throw new Error('expected a next step');
    step = await answer(step.next, 'Bộ Tài chính', env);
    expect(step).toMatchObject({
      next: { step: 'due', owner: 'MOF' },
      prompt: { text: t('telegram.add.due') },
    });
    if (!('next' in step)) throw new Error('expected a next step');
    step = await answer(step.next, '31/12/2026', env);
    expect(step).toMatchObject({
      next: { step: 'category', due: '2026-12-31T10:00:00.000Z' },
      prompt: { categories: true },
    });
    if (!('next' in step) || step.next.kind !== 'add') throw new Error('expected the category step');
    const done = await answer(
      { ...step.next, replyTo: { text: 'From the call' } },
      'finance disbursement',
      env,
    );
    expect(done).toEqual({
      submit: {
        command: 'blocker',
        sub: 'add',
        input: {
          title: 'Budget not disbursed: phase 2',
          detail: null,
          owner: 'MOF',
          to: null,
          due: new Date('2026-12-31T10:00:00.000Z'),
          cat: 'finance_disbursement',
          prio: 'normal',
          from: null,
        },
      },
      replyTo: { text: 'From the call' },
    });
  });

  it('says what is wrong and stays on the step', async () => {
    expect(await answer({ kind: 'add', step: 'title' }, 'x'.repeat(301), env)).toEqual({
      retry: 'The title is 301 characters; keep it under 300. Send a shorter title.',
    });
    expect(await answer({ kind: 'add', step: 'owner', title: 'x' }, 'XYZ', env)).toEqual({
      retry: 'Error: unknown unit XYZ (see /unit list). Try again, or send /cancel.',
    });
    const past = await answer({ kind: 'add', step: 'due', title: 'x' }, '01/01/2020', env);
    expect(past).toEqual({ retry: expect.stringMatching(/^Error: 01\/01\/2020 is in the past.* Try again/) });
    expect(await answer({ kind: 'add', step: 'category', title: 'x' }, 'weather', env)).toMatchObject({
      retry: expect.stringMatching(/^Pick one of the buttons, or type one of: data strategy, /),
    });
    expect(await answer({ kind: 'add', step: 'title' }, '/blocker list', env)).toEqual({
      retry: t('telegram.add.need_text'),
    });
  });

  it('skips the optional answers with a dash', async () => {
    const owner = await answer({ kind: 'add', step: 'owner', title: 'x' }, '-', env);
    expect(owner).toMatchObject({ next: { step: 'due' } });
    const due = await answer({ kind: 'add', step: 'due', title: 'x' }, '—', env);
    expect(due).toMatchObject({ next: { step: 'category' } });
    expect(await answer({ kind: 'add', step: 'category', title: 'x' }, '-', env)).toMatchObject({
      submit: { command: 'blocker', sub: 'add', input: { title: 'x', owner: null, due: null, cat: 'other' } },
    });
  });

  it('turns the answer to a button question into its typed call', async () => {
    expect(await answer({ kind: 'extend', id: 'B-3' }, '31/12/2026 waiting for budget', env)).toEqual({
      submit: { command: 'blocker', sub: 'due', text: 'B-3 31/12/2026 waiting for budget' },
    });
    expect(await answer({ kind: 'reject', id: 'X-2' }, 'no "retreat"', env)).toEqual({
      submit: { command: 'extension', sub: 'reject', input: { id: 2, note: 'no "retreat"' } },
    });
  });

  it('keeps a title as typed, quotes and options included', async () => {
    for (const title of [
      'owner:MOF is slow',
      'The "Digital" plan',
      'He said “no” » then',
      "it’s “x” «y» 'z",
    ]) {
      expect(await answer({ kind: 'add', step: 'title' }, title, env)).toMatchObject({ next: { title } });
    }
    expect(readCategory(t, '3')).toBe('admin_procedures');
    expect(readCategory(translator('vi'), 'tài chính và giải ngân')).toBe('finance_disbursement');
  });

  it('forgets a conversation after 15 minutes of silence', () => {
    const clock = new TestClock(new Date('2026-11-23T03:00:00Z'));
    const drafts = new Drafts(clock);
    drafts.set('1:2', { kind: 'add', step: 'title' });
    clock.advance(14 * 60 * 1000);
    expect(drafts.get('1:2')).toEqual({ kind: 'add', step: 'title' });
    clock.advance(2 * 60 * 1000);
    expect(drafts.get('1:2')).toBeUndefined();
  });
});

describe('reading Telegram messages', () => {
  it('finds the leading command and whom it is for', () => {
    const msg = (text: string) =>
      ({
        text,
        entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]?.length ?? 0 }],
      }) as Message;
    expect(leadingCommand(msg('/Blocker@steerbot_bot add x'))).toEqual({
      name: 'blocker',
      bot: 'steerbot_bot',
    });
    expect(leadingCommand(msg('/cancel'))).toEqual({ name: 'cancel', bot: undefined });
    expect(leadingCommand({ text: 'hello' } as Message)).toBeNull();
  });

  it('names a mentioned user without a username by Telegram id', () => {
    const text = '/unit lead MOF Nguyễn Hoa';
    const entity = { type: 'text_mention', offset: 15, length: 10, user: { id: 42 } } as MessageEntity;
    expect(commandText(text, [entity])).toBe('/unit lead MOF <@tg:42>');
  });

  it('links to messages of supergroups and public chats only', () => {
    const at = (chat: object) => ({ message_id: 7, chat }) as Message;
    expect(messageLink(at({ id: -1001234567890, type: 'supergroup' }))).toBe('https://t.me/c/1234567890/7');
    expect(messageLink(at({ id: -100999, type: 'supergroup', username: 'wg_public' }))).toBe(
      'https://t.me/wg_public/7',
    );
    expect(messageLink(at({ id: 1002, type: 'private' }))).toBeUndefined();
  });
});
