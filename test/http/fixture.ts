import type { App } from '../../src/app.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { renderText } from '../../src/render/text.ts';
import { TestClock, testApp } from '../support/app.ts';

const who = { platform: 'console' as const, id: 'ana', name: 'Ana' };
const chat = { platform: 'console' as const, id: 'console' };

/** Wednesday 11/03/2026 10:00 in Hanoi, when the records are made. */
export const START = '2026-03-11T03:00:00Z';

export interface WebFixture {
  app: App;
  http: HttpServer;
  clock: TestClock;
  base: string;
  run(text: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real app on PGlite with a real HTTP server on a free port, and a small working group:
 * MOF and HCM (government), BTG (party); blockers open, overdue, resolved, from the hotline
 * (with a caller phone, and a phone typed in the description); a roadmap item; HCM on alert.
 * The clock then moves on three days, so B-2 (due the next day) is overdue.
 */
export async function webFixture(): Promise<WebFixture> {
  const clock = new TestClock(new Date(START));
  const app = await testApp({ clock });
  const run = async (text: string) =>
    renderText((await app.dispatcher.handle({ text, who, chat, asAdmin: true })).reply);
  for (const line of [
    '/unit add MOF "Ministry of Finance" block:government kind:ministry',
    '/unit add HCM "Ho Chi Minh City" block:government kind:locality',
    '/unit add BTG "Ban Tuyên giáo Trung ương" block:party kind:party_body',
    '/blocker add <script>alert("x")</script> Data & exchange owner:MOF due:"2026-03-20 09:30" prio:high',
    '/blocker add Tax portal outage owner:MOF to:@ana due:+1d',
    '/blocker add Chuyển đổi số cấp xã owner:HCM due:+30d cat:dx_strategy',
    '/blocker add Old licence backlog owner:HCM due:+10d',
    '/blocker resolve B-4 done',
    '/blocker add Party archive scanning owner:BTG due:+20d',
    '/hotline Nguyen Van A: no internet at the commune office phone:0912345678',
    '/hotline Tran Thi B: please call back on 0987 654 321 about the land portal',
    '/roadmap add MOF National finance database due:+60d',
    '/roadmap report R-1 20% started',
    '/unit alert HCM on',
  ]) {
    const out = await run(line);
    if (/^Error/.test(out)) throw new Error(`${line} -> ${out}`);
  }
  clock.advance(3 * 86_400_000);
  const http = createHttpServer(app);
  const port = await http.listen(0, '127.0.0.1');
  return {
    app,
    http,
    clock,
    base: `http://127.0.0.1:${port}`,
    run,
    async close() {
      await http.close();
      await app.close();
    },
  };
}
