import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate, parseDate } from '../../src/dates.ts';
import { type Finished, replies, runWithInput, STACK_FRAME, TSX } from './run.ts';

const TZ = 'Asia/Ho_Chi_Minh';
/** A DATE as the bot will show it, read at the time the test runs. */
const shown = (date: string) => formatDate(parseDate(date, { now: new Date(), tz: TZ }), TZ);
/** `eom` is refused after 17:00 on the last day of a month; the session then uses +30d. */
const roadmapDue = (() => {
  try {
    parseDate('eom', { now: new Date(Date.now() + 60_000), tz: TZ });
    return 'eom';
  } catch {
    return '+30d';
  }
})();

const FIRST = `/unit add MIC "Ministry of Information" block:government kind:ministry
/blocker add Data exchange platform not connected owner:MIC due:+14d cat:databases_platforms from:VNPT
/blocker add Payment gateway contract unsigned owner:MOF due:20/12/2099 prio:critical
/blocker list overdue
/blocker due B-1 +30d waiting for decree
/extension list
/roadmap add MIC Publish data strategy due:${roadmapDue}
/roadmap report R-1 25% draft circulated
/summary
/blocker add Broken owner:XYZ due:+1d
/blocker add Broken owner:MIC due:30/02/2099
# comments and blank lines are skipped

/blocker show B-1
/blocker assign B-2 MIC
/blocker note B-2 Called the ministry: signing next week
/blocker resolve B-2 contract signed
/blocker reopen B-2
/roadmap
/unit list block:party
/frobnicate now
/wg lang vi
/blocker show B-2
/blocker add Broken owner:XYZ
/blocker escalate B-2 no answer
`;

const SECOND = `/blocker show B-1
/blocker list all
/wg lang en
/roadmap
/blocker show B-9
`;

describe('the console, piped, as a user runs it', () => {
  let dir: string;
  let first: Finished;
  let second: Finished;
  const env = () => ({ DATA_DIR: dir, USER: 'minh', LOG_LEVEL: 'warn' });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'steerbot-console-'));
    first = await runWithInput('npm', ['start'], FIRST, env());
    second = await runWithInput(TSX, ['src/main.ts'], SECOND, env());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers each command of the first session with its reply and exits 0 at end of input', () => {
    expect(first.stderr).not.toMatch(STACK_FRAME);
    expect(first.code).toBe(0);
    const r = replies(first.stdout);
    const commands = FIRST.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(r).toHaveLength(commands.length + 1); // + the escalation notice, printed as it fires
    const at = (i: number) => r[i] ?? '';

    expect(at(0)).toBe('Unit MIC added: Ministry of Information\nBlock: Government\nKind: ministry');
    expect(at(1)).toMatch(/^Logged B-1: Data exchange platform not connected\nStatus: open\nOwner: MIC\n/);
    expect(at(1)).toContain(`Deadline: ${shown('+14d')}`);
    expect(at(1)).toContain('Category: databases and platforms');
    expect(at(1)).toContain('Source: enterprise\nReported by: VNPT');
    expect(at(2)).toMatch(
      /^Logged B-2: Payment gateway contract unsigned\n[\s\S]*Owner: MOF\nDeadline: 20\/12\/2099\nPriority: critical/,
    );
    expect(at(3)).toBe('Blockers: overdue (0)\nNothing here.');
    expect(at(4)).toMatch(new RegExp(`^Deadline of B-1 set to ${shown('+30d')}\\n`));
    expect(at(4)).toContain(`Original deadline: ${shown('+14d')} (moved 1×, 16 days later in all)`);
    expect(at(5)).toBe('Pending extension requests (0)\nNo extension requests.');
    expect(at(6)).toBe(`Added R-1: Publish data strategy\nUnit: MIC\nDeadline: ${shown(roadmapDue)}`);
    expect(at(7)).toMatch(
      /^R-1 reported at 25%\ndraft circulated\n• R-1 {2}Publish data strategy\n {2}on track · MIC · /,
    );
    expect(at(8)).toMatch(/^Weekly summary \d\d\/\d\d\/\d{4}–\d\d\/\d\d\/\d{4}\n/);
    expect(at(8)).toContain(
      'All: roadmap 0 done, 1 on track, 0 at risk, 0 late · blockers 2 opened, 0 resolved, 2 open, 0 overdue',
    );
    // The table row of the unit, by name: done, on track, at risk, late, open, overdue.
    expect(at(8)).toMatch(/\n Ministry of Information +0 +1 +0 +0 +1 +0\n/);
    expect(at(9)).toBe(
      'Error: unknown unit XYZ (see /unit list).\nUsage: /blocker add <title (≤300 characters)> [owner:UNIT] [to:@person] [due:DATE] [cat:CATEGORY] [from:UNIT] [prio:low|normal|high|critical]',
    );
    expect(at(10)).toMatch(/^Error: there is no such date: 30\/02\/2099\.\nUsage: \/blocker add /);
    expect(at(11)).toMatch(/^B-1 · Data exchange platform not connected\nStatus: open\n/);
    expect(at(11)).toMatch(/• \d\d\/\d\d\/\d{4} \d\d:\d\d · minh \(via console\) · created\n/);
    expect(at(11)).toContain(
      `minh (via console) · deadline changed ${shown('+14d')} → ${shown('+30d')}: waiting for decree`,
    );
    expect(at(12)).toMatch(/^B-2 is now owned by MIC\nStatus: open\nOwner: MIC\n/);
    expect(at(13)).toBe('Note added to B-2\nCalled the ministry: signing next week');
    expect(at(14)).toMatch(/^B-2 resolved: Payment gateway contract unsigned\nStatus: resolved\n/);
    expect(at(14)).not.toContain('Actions:');
    expect(at(15)).toMatch(
      /^B-2 reopened: Payment gateway contract unsigned\nStatus: open\n[\s\S]*\n→ \/blocker start B-2 · \/blocker resolve B-2 \[note\] · \/blocker due B-2 DATE \[reason\]$/,
    );
    expect(at(16)).toMatch(
      /^Roadmap \(1\)\n• R-1 {2}Publish data strategy\n {2}on track · MIC · due: .* · 25%$/,
    );
    expect(at(17)).toMatch(/^Units \(\d+\)\n• CIC {2}Central Inspection Commission\n/); // seeded on first start
    expect(at(17)).toContain('• CPO  Central Party Office');
    expect(at(18)).toBe('Error: unknown command /frobnicate; see /help.');
    expect(at(19)).toBe('Cuộc trò chuyện này nay dùng tiếng Việt (vi).');
    expect(at(20)).toMatch(/^B-2 · Payment gateway contract unsigned\nTrạng thái: đang mở\nChủ trì: MIC\n/);
    expect(at(20)).toContain('minh (qua console) · ghi chú: Called the ministry: signing next week');
    expect(at(21)).toMatch(/^Lỗi: không có đơn vị XYZ \(xem \/unit list\)\.\nCách dùng: \/blocker add /);
    expect(at(22)).toBe(
      '[alerts] Báo động B-2: Payment gateway contract unsigned (bởi minh) no answer\n→ /blocker start B-2 · /blocker resolve B-2 [note] · /blocker due B-2 DATE [reason]',
    );
    expect(at(23)).toMatch(/^Đã báo động B-2\n[\s\S]*Đã báo động: có/);
  });

  it('finds the records again in a second process on the same DATA_DIR, in the language chosen', () => {
    expect(second.code).toBe(0);
    expect(second.stderr).not.toMatch(STACK_FRAME);
    const r = replies(second.stdout);
    expect(r).toHaveLength(5);
    expect(r[0]).toMatch(/^B-1 · Data exchange platform not connected\nTrạng thái: đang mở\nChủ trì: MIC\n/);
    expect(r[0]).toContain(`Hạn: ${shown('+30d')}`);
    expect(r[0]).toContain('đổi hạn');
    expect(r[1]).toMatch(
      /^Vướng mắc: tất cả \(2\)\n• B-1 {2}Data exchange platform not connected\n[^\n]*\n• B-2 {2}Payment gateway contract unsigned\n/,
    );
    expect(r[2]).toBe('This chat now speaks English (en).');
    expect(r[3]).toMatch(
      /^Roadmap \(1\)\n• R-1 {2}Publish data strategy\n {2}on track · MIC · due: .* · 25%$/,
    );
    expect(r[4]).toBe('Error: there is no blocker B-9.\nUsage: /blocker show B-n');
  });
});

describe('the console refuses a bad environment', () => {
  it.concurrent.each([
    ['TZ_DEFAULT', 'Mars/Base', /^steerbot: invalid TZ_DEFAULT="Mars\/Base": not a time zone/],
    ['BOT_LOCALE', 'fr', /^steerbot: invalid BOT_LOCALE="fr": /],
  ])('%s=%s: exit 1 with one line naming the variable, nothing else', async (name, value, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'steerbot-badenv-'));
    try {
      const out = await runWithInput(TSX, ['src/main.ts'], '/help\n', { DATA_DIR: dir, [name]: value });
      expect(out.code).toBe(1);
      expect(out.stdout).toBe('');
      expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(out.stderr).toMatch(message);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
