/**
 * `/summary` from Telegram, end to end with the real grammY over the fake Bot API: the weekly
 * table as a <pre> that fits a phone, and `/summary month` with its .docx through sendDocument.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, GROUP, type Harness, startHarness } from '../telegram/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.clock.set('2026-12-01T10:00:00+07:00');
  await h.say(ADMIN, '/wg lang vi', { chat: GROUP });
});
afterAll(() => h?.close());

describe('/summary on Telegram', () => {
  it('the weekly summary: every block in a <pre> table no wider than 36 characters', async () => {
    const x = await h.say(ADMIN, '/summary', { chat: GROUP });
    const message = x.sent.find((s) => s.method === 'sendMessage');
    const html = String(message?.body.text ?? '');
    const pre = /<pre>([\s\S]*?)<\/pre>/.exec(html)?.[1] ?? '';
    for (const block of ['Khối Đảng', 'Khối Chính phủ', 'Khối Quốc hội', 'Khối Mặt trận Tổ quốc'])
      expect(pre).toContain(block);
    for (const line of pre.split('\n')) expect([...line].length).toBeLessThanOrEqual(36);
    expect(x.sent.map((s) => s.method)).toContain('sendPhoto');
  });

  it('/summary month: the current period 15/11–14/12, then the chart, then the document', async () => {
    const x = await h.say(ADMIN, '/summary month', { chat: GROUP });
    expect(x.sent[0]?.text?.split('\n')[0]).toBe('Báo cáo giám sát tháng 15/11/2026–14/12/2026');
    expect(x.sent.map((s) => s.method).slice(-2)).toEqual(['sendPhoto', 'sendDocument']);
    expect(x.sent.at(-1)?.result).toMatchObject({
      chat: { id: GROUP.id },
      document: { file_name: 'bao-cao-giam-sat-2026-12.docx' },
    });
  });
});
