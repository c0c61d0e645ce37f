/**
 * The fixed data set of the report tests, built through the dispatcher (so through the services)
 * with a fixed clock, in time order. Times are local (Asia/Ho_Chi_Minh, +07:00). The figures the
 * tests expect are worked out by hand from this list; keep the two in step.
 */

import type { App } from '../../src/app.ts';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { renderText } from '../../src/render/text.ts';
import type { TestClock } from '../support/app.ts';

export const admin: PlatformIdentity = { platform: 'console', id: 'root', name: 'root' };
export const ana: PlatformIdentity = { platform: 'slack', id: 'UANA', name: 'ana' };
const chat = { platform: 'console' as const, id: 'console' };

/** [local time, who, command]. */
type Step = [string, 'admin' | 'ana', string];

/** Before the monitoring period 15/11/2026–14/12/2026 (in the one that ends on 14/11). */
const PREVIOUS: Step[] = [
  [
    '2026-11-10T09:00',
    'admin',
    '/unit add MIC "Ministry of Information" block:government kind:ministry vi:"Bộ Thông tin"',
  ],
  [
    '2026-11-10T09:00',
    'admin',
    '/unit add MOF "Ministry of Finance" block:government kind:ministry vi:"Bộ Tài chính"',
  ],
  ['2026-11-10T09:00', 'admin', '/unit add HUE "Hue City" block:government kind:locality vi:"Thành phố Huế"'],
  [
    '2026-11-10T09:00',
    'admin',
    '/unit add CPO "Central Party Office" block:party kind:party_body vi:"Văn phòng Trung ương Đảng"',
  ],
  [
    '2026-11-10T09:00',
    'admin',
    '/unit add ONA "Office of the National Assembly" block:national_assembly kind:agency vi:"Văn phòng Quốc hội"',
  ],
  ['2026-11-10T09:00', 'admin', '/wg role <@UANA> member unit:MOF'],
  ['2026-11-10T09:00', 'admin', '/blocker add Tax data link owner:MOF due:20/11/2026'], // B-1
  ['2026-11-10T09:00', 'admin', '/blocker add Old portal owner:MIC due:12/11/2026'], // B-2
  ['2026-11-10T09:00', 'admin', '/roadmap add MIC Data strategy due:31/12/2026'],
  ['2026-11-10T09:00', 'admin', '/roadmap add ONA Digital assembly due:31/01/2027'],
  ['2026-11-13T10:00', 'admin', '/blocker resolve B-2 done'],
  ['2026-11-14T20:00', 'admin', '/blocker add Late night issue owner:HUE due:17/11/2026'], // B-3, the last evening
];

/** In the period 15/11–14/12, up to Friday 04/12/2026 16:00 (the weekly summary). */
const TO_WEEKLY: Step[] = [
  ['2026-11-15T00:30', 'admin', '/blocker add Early morning issue owner:HUE due:30/11/2026'], // B-4, the first minutes
  ['2026-11-15T08:00', 'admin', '/blocker resolve B-3 fixed'],
  ['2026-11-16T10:00', 'admin', '/roadmap report R-1 20% draft'], // week of 16/11: on time
  ['2026-11-20T15:00', 'ana', '/blocker due B-1 30/11/2026 waiting for the decree'],
  ['2026-11-21T09:00', 'admin', '/extension approve X-1'], // 20/11 → 30/11: 10 days
  ['2026-11-27T14:00', 'admin', '/roadmap report R-1 30% consulted'], // week of 23/11: late (after Friday 12:00)
  ['2026-12-01T10:00', 'admin', '/blocker add Party database owner:CPO due:10/12/2026'], // B-5
  ['2026-12-02T10:00', 'ana', '/blocker due B-1 15/12/2026 more time'],
  ['2026-12-03T10:00', 'admin', '/extension reject X-2 no retreat'],
];

/** Up to Monday 14/12/2026 12:00, the last day of the period. */
const TO_MONTHLY: Step[] = [
  ['2026-12-07T09:00', 'admin', '/roadmap report R-1 50% approved in principle'], // week of 07/12: on time
  ['2026-12-10T09:00', 'admin', '/unit alert HUE on'],
];

/** Across the year end, in the period 15/12/2026–14/01/2027. */
const TO_YEAR_END: Step[] = [
  ['2026-12-31T10:00', 'admin', '/blocker resolve B-1 linked'],
  ['2027-01-02T10:00', 'admin', '/blocker add New year issue owner:ONA due:10/01/2027'], // B-6
];

export const STAGES = { previous: PREVIOUS, weekly: TO_WEEKLY, monthly: TO_MONTHLY, yearEnd: TO_YEAR_END };

/** Runs one stage's steps; throws on any refused command. */
export async function runStage(app: App, clock: TestClock, steps: Step[]): Promise<void> {
  for (const [at, who, text] of steps) {
    clock.set(`${at}:00+07:00`);
    const r = await app.dispatcher.handle({
      text,
      who: who === 'admin' ? admin : ana,
      chat,
      asAdmin: who === 'admin',
    });
    if (r.reply.kind === 'error') throw new Error(`${at} ${text} -> ${renderText(r.reply)}`);
  }
}

/** Ana must have spoken once before the admin can give her a role. */
export async function meetAna(app: App, clock: TestClock): Promise<void> {
  clock.set('2026-11-10T08:00:00+07:00');
  await app.dispatcher.handle({
    text: '/help',
    who: ana,
    chat: { platform: 'slack', id: 'C1' },
    asAdmin: false,
  });
}

/** The dataset up to the monthly stage, served over HTTP as of 14/12 at noon. */
export async function serveDataset(app: App, clock: TestClock): Promise<{ http: HttpServer; base: string }> {
  await meetAna(app, clock);
  for (const stage of [STAGES.previous, STAGES.weekly, STAGES.monthly]) await runStage(app, clock, stage);
  clock.set('2026-12-14T12:00:00+07:00');
  const http = createHttpServer(app);
  return { http, base: `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}` };
}
