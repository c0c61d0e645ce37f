import { describe, expect, it } from 'vitest';
import type { ListItem } from '../../src/domain/reply.ts';
import { reply } from '../../src/domain/reply.ts';
import { escapeHtml, renderTelegram } from '../../src/render/telegram.ts';

/** True when every tag opened in `html` is closed in order and no entity is cut. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z]+)>/g)) {
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2] ?? '');
  }
  const stripped = html.replace(/<\/?[a-z]+>/g, '');
  return stack.length === 0 && !/[<>"]/.test(stripped) && !/&(?!(amp|lt|gt|quot);)/.test(stripped);
}

function items(n: number): ListItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `B-${i + 1}`,
    text: `Blocker ${i + 1}`,
    buttons: [{ label: 'Start', action: 'blocker.start', value: `B-${i + 1}` }],
  }));
}

describe('renderTelegram', () => {
  it('escapes HTML in everything from the reply', () => {
    const evil = '<b>x</b> & "y"';
    const { messages } = renderTelegram(
      reply.ok(evil, {
        lines: [evil],
        fields: [{ label: 'Note', value: evil }],
        items: [{ id: 'B-1', text: evil, detail: evil }],
      }),
    );
    const esc = '&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;';
    expect(escapeHtml(evil)).toBe(esc);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.parse_mode).toBe('HTML');
    expect(messages[0]?.text).toBe(
      [`<b>${esc}</b>`, esc, `<b>Note:</b> ${esc}`, `• <b>B-1</b>  ${esc}`, `  <i>${esc}</i>`].join('\n'),
    );
  });

  it('splits a 10,000-character reply into balanced chunks below 4096', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${'&<'.repeat(40)}`);
    const { messages } = renderTelegram(
      reply.ok('Q'.repeat(10_000), { lines, buttons: [{ label: 'Go', action: 'a', value: 'b' }] }),
    );
    expect(messages.length).toBeGreaterThan(2);
    for (const m of messages) {
      expect(m.text.length).toBeLessThan(4096);
      expect(balanced(m.text)).toBe(true);
    }
    const title = messages
      .map((m) => m.text)
      .join('')
      .match(/Q/g)?.length;
    expect(title).toBe(10_000);
    expect(messages.slice(0, -1).every((m) => m.reply_markup === undefined)).toBe(true);
    expect(messages.at(-1)?.reply_markup?.inline_keyboard).toEqual([[{ text: 'Go', callback_data: 'a|b' }]]);
  });

  it('keeps callback_data within 64 bytes and throws when it cannot fit', () => {
    const { messages } = renderTelegram(reply.ok('x', { items: items(3) }));
    const keys = messages.at(-1)?.reply_markup?.inline_keyboard.flat() ?? [];
    expect(keys.map((k) => k.callback_data)).toEqual([
      'blocker.start|B-1',
      'blocker.start|B-2',
      'blocker.start|B-3',
    ]);
    expect(keys[0]?.text).toBe('Start B-1');
    for (const k of keys) expect(new TextEncoder().encode(k.callback_data).length).toBeLessThanOrEqual(64);
    const tooLong = reply.ok('x', {
      buttons: [{ label: 'y', action: 'blocker.start', value: 'Đ'.repeat(30) }],
    });
    expect(() => renderTelegram(tooLong)).toThrow(/64/);
  });

  it('shows a reply that is already one page as it is, with the page line and keys of its paging', () => {
    const page2 = reply.info('Blockers: all (25)', {
      items: items(20).slice(10),
      paging: { page: 2, pages: 3, total: 25 },
    });
    for (const out of [renderTelegram(page2), renderTelegram(page2, { page: 2 })]) {
      const msg = out.messages.at(-1);
      expect(msg?.text).toContain('<b>B-11</b>');
      expect(msg?.text).toContain('<b>B-20</b>');
      expect(msg?.text).not.toContain('<b>B-1</b>');
      expect(msg?.text).toContain('<i>Page 2 of 3</i>');
      expect(msg?.reply_markup?.inline_keyboard.at(-1)).toEqual([
        { text: '« Prev', callback_data: 'page|1' },
        { text: 'Next »', callback_data: 'page|3' },
      ]);
    }
    const last = renderTelegram(
      reply.info('Blockers: all (25)', { items: items(5), paging: { page: 3, pages: 3, total: 25 } }),
    ).messages.at(-1);
    expect(last?.text).toContain('<b>B-5</b>');
    expect(last?.text).toContain('<i>Page 3 of 3</i>');
    expect(last?.reply_markup?.inline_keyboard.at(-1)).toEqual([{ text: '« Prev', callback_data: 'page|2' }]);
  });

  it('paginates long lists with Prev/Next keys and a page line', () => {
    const r = reply.ok('Open', { items: items(35) });
    const page2 = renderTelegram(r, { page: 2 }).messages.at(-1);
    expect(page2?.text).toContain('<b>B-11</b>');
    expect(page2?.text).not.toContain('<b>B-21</b>');
    expect(page2?.text).toContain('<i>Page 2 of 4</i>');
    const rows = page2?.reply_markup?.inline_keyboard ?? [];
    expect(rows).toHaveLength(11);
    expect(rows.at(-1)).toEqual([
      { text: '« Prev', callback_data: 'page|1' },
      { text: 'Next »', callback_data: 'page|3' },
    ]);
    const first = renderTelegram(r, { pageSize: 20 }).messages.at(-1);
    expect(first?.text).toContain('Page 1 of 2');
    expect(first?.reply_markup?.inline_keyboard.at(-1)).toEqual([
      { text: 'Next »', callback_data: 'page|2' },
    ]);
    expect(renderTelegram(reply.ok('Few', { items: items(3) })).messages[0]?.text).not.toContain('Page');
  });
});
