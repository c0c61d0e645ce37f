import { describe, expect, it } from 'vitest';
import { replyLang } from '../../src/domain/lang.ts';

describe('replyLang: the chat, else the person, else the bot', () => {
  it('takes the first language that is set', () => {
    expect(replyLang('vi', 'en', 'en')).toBe('vi');
    expect(replyLang(null, 'vi', 'en')).toBe('vi');
    expect(replyLang(undefined, null, 'vi')).toBe('vi');
    expect(replyLang(null, undefined, 'en')).toBe('en');
  });
});
