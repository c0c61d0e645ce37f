import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/render/text.ts';

describe('splitText (Zalo messages of at most N characters)', () => {
  it('keeps whole lines together, in order, each message within the limit', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `Line ${i}: ${'word '.repeat(8)}`.trimEnd());
    const parts = splitText(lines.join('\n'), 200);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(200);
    expect(parts.join('\n')).toBe(lines.join('\n'));
    for (const p of parts) expect(lines).toContain(p.split('\n')[0]);
  });

  it('cuts a line longer than the limit at a space, else at the limit, never inside a surrogate pair', () => {
    expect(splitText(`${'ab '.repeat(10)}end`, 10)).toEqual(['ab ab ab', 'ab ab ab', 'ab ab ab', 'ab end']);
    const emoji = '😀'.repeat(6); // 12 UTF-16 units, no space
    const parts = splitText(emoji, 5);
    expect(parts.join('')).toBe(emoji);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(5);
      expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });

  it('gives one message for a short text and none for blank text', () => {
    expect(splitText('Logged B-1\nOwner: MOF', 2000)).toEqual(['Logged B-1\nOwner: MOF']);
    expect(splitText('\n  \n', 2000)).toEqual([]);
  });
});
