import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { emptyDatabase, standardUnits, useWorld } from './harness.ts';

/** Every command of the design, with successes and refusals; the user's own text is Vietnamese. */
const SESSION = [
  '/help',
  '/blocker help',
  '/unit add MOST "Ministry of Science and Technology" block:government kind:ministry vi:"Bộ Khoa học và Công nghệ"',
  '/unit list block:government',
  '/unit lead MIC <@ULAN>',
  '/unit join MOF',
  '/unit alert MOF on',
  '/blocker add Cổng dữ liệu chưa kết nối owner:MIC due:+14d cat:databases_platforms from:VNPT',
  '/blocker add Hợp đồng chưa ký owner:MOF due:fri prio:high',
  '/blocker list',
  '/blocker list mine',
  '/blocker show B-1',
  '/blocker assign B-1 MIC <@ULAN>',
  '/blocker due B-1 +30d chờ nghị định',
  '/blocker note B-1 đã gọi điện',
  '/blocker start B-1',
  '/blocker start B-1',
  '/blocker escalate B-1 chưa trả lời',
  '/blocker resolve B-1 xong',
  '/blocker reopen B-1',
  '/blocker drop B-2',
  '/blocker drop B-2 trùng lặp',
  '/hotline MOF: cổng thanh toán lỗi phone:0912',
  '/hotline MOF: cong thanh toan loi',
  '/blocker triage',
  '/roadmap add MIC Công bố chiến lược dữ liệu due:+30d',
  '/roadmap report R-1 25% dự thảo',
  '/roadmap report R-1 250%',
  '/roadmap',
  '/extension list',
  '/extension approve X-1',
  '/summary',
  '/summary month',
  '/wg subscribe weekly',
  '/wg subscribe weekly',
  '/wg unsubscribe weekly',
  '/wg link',
  '/wg tz Asia/Bangkok',
  '/wg tz Mars/Base',
  '/wg role <@ULAN> admin',
  '/blocker list sai',
  '/blocker add',
  '/blocker add Tiêu đề owner:MIC due:31/02/2099',
  '/frob',
  '/blocker snooze B-1 1',
  '/blocker snooze B-1 2',
];

/** Words of the English catalog that must not show in a Vietnamese reply. */
const ENGLISH =
  /\b(Error|Usage|Status|Owner|Deadline|Priority|Category|Source|Actions|Logged|Blockers|Units|Pending|Weekly|Monthly|unknown|not allowed|already)\b/;

describe('every command answers in en and in vi', () => {
  const w = useWorld('postgres');

  async function run(lang: 'en' | 'vi'): Promise<string[]> {
    await emptyDatabase(w.app);
    await standardUnits(w);
    await w.person('lan', 'member', 'MIC');
    await w.setup(`/wg lang ${lang}`);
    const out: string[] = [];
    for (const line of SESSION) out.push(await w.say(w.admin, line));
    return out;
  }

  it('in both languages, with no raw catalog key, no internal error and no English left in vi', async () => {
    const english = await run('en');
    const vietnamese = await run('vi');
    const keys = Object.keys(en);
    SESSION.forEach((line, i) => {
      const e = english[i] ?? '';
      const v = vietnamese[i] ?? '';
      for (const text of [e, v]) {
        expect(text, line).not.toMatch(/Something went wrong|Đã có lỗi phía hệ thống/);
        expect(
          keys.filter((k) => text.includes(k)),
          line,
        ).toEqual([]);
      }
      const vNoUsage = v.replace(/^Cách dùng: .*$/m, '').replace(/• \/\S+ .*$/gm, '');
      expect(vNoUsage, line).not.toMatch(ENGLISH);
      expect(v, `${line} was not translated`).not.toBe(e);
    });
    expect(english[7]).toMatch(/^Logged B-1: Cổng dữ liệu chưa kết nối/);
    expect(vietnamese[7]).toMatch(/^Đã ghi nhận B-1: Cổng dữ liệu chưa kết nối/);
    expect(vietnamese[2]).toMatch(/^Đã thêm đơn vị MOST: Bộ Khoa học và Công nghệ/);
    expect(vietnamese[16]).toBe('Lỗi: B-1 đã ở trạng thái đang xử lý.\nCách dùng: /blocker start B-n');
    expect(vietnamese[40]).toMatch(
      /^Lỗi: "sai" không phải bộ lọc danh sách hợp lệ; chọn một trong: open, overdue/,
    );
  });
});
