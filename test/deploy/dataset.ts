/**
 * A data set with a row in every table, built through the dispatcher (so through the services)
 * with a fixed clock: blockers in every status (void and an untriaged hotline call among them),
 * extensions approved, rejected and pending, roadmap items and reports, units with a lead and on
 * alert, join requests pending, approved and refused, a person linked on Slack and Telegram, an
 * unused link code and a wrong try, subscriptions, chat settings, and the queue side's rows (inbox,
 * sent-ledger, unreached reminders) through their services.
 */

import { expect } from 'vitest';
import type { App } from '../../src/app.ts';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { renderText } from '../../src/render/text.ts';
import type { TestClock } from '../support/app.ts';

const admin: PlatformIdentity = { platform: 'console', id: 'root', name: 'root' };
const ana: PlatformIdentity = { platform: 'slack', id: 'UANA', name: 'ana' };
const lan: PlatformIdentity = { platform: 'slack', id: 'ULAN', name: 'Lan' };
const lanTg: PlatformIdentity = { platform: 'telegram', id: '4242', name: 'Lan T', username: 'lan_t' };
const minh: PlatformIdentity = { platform: 'telegram', id: '777', name: 'Minh', username: 'minh_t' };
const WHO = { admin, ana, lan, lanTg, minh };
type Who = keyof typeof WHO;

/** [local time, who, command]; `{code}` is the link code the step before last was given. */
const STEPS: Array<[string, Who, string]> = [
  [
    '2026-11-10T08:00',
    'admin',
    '/unit add MOF "Ministry of Finance" block:government kind:ministry vi:"Bộ Tài chính"',
  ],
  ['2026-11-10T08:00', 'admin', '/unit add HUE "Hue City" block:government kind:locality'],
  ['2026-11-10T08:00', 'admin', '/unit add MIC "Ministry of Information" block:government kind:ministry'],
  ['2026-11-10T08:05', 'ana', '/help'],
  ['2026-11-10T08:05', 'lan', '/help'],
  ['2026-11-10T08:05', 'lanTg', '/help'],
  ['2026-11-10T08:05', 'minh', '/help'],
  ['2026-11-10T09:00', 'admin', '/wg role <@UANA> member unit:MOF'],
  ['2026-11-10T09:00', 'admin', '/unit lead MOF <@UANA>'],
  ['2026-11-10T09:00', 'admin', '/unit alert HUE on'],
  ['2026-11-10T09:10', 'admin', '/blocker add Tax data link owner:MOF due:20/11/2026 prio:high'], // B-1
  ['2026-11-10T09:11', 'admin', '/blocker add Old portal owner:MIC due:12/11/2026'], // B-2
  ['2026-11-10T09:12', 'admin', '/blocker add Fibre backbone delayed owner:HUE due:30/11/2026'], // B-3
  ['2026-11-10T09:13', 'admin', '/blocker add Duplicate entry owner:MOF'], // B-4
  ['2026-11-10T09:14', 'admin', '/blocker add An idea out of scope owner:MIC'], // B-5
  ['2026-11-10T09:15', 'admin', '/hotline HUE: cổng thanh toán học phí không hoạt động phone:0234 3822 123'], // B-6
  ['2026-11-10T09:20', 'admin', '/roadmap add MIC Data strategy due:31/12/2026'],
  ['2026-11-11T10:00', 'admin', '/blocker resolve B-2 done'],
  ['2026-11-11T10:01', 'admin', '/blocker start B-3'],
  ['2026-11-11T10:02', 'admin', '/blocker void B-4 entered twice'],
  ['2026-11-11T10:03', 'admin', '/blocker drop B-5 out of scope'],
  ['2026-11-11T10:04', 'admin', '/blocker note B-1 called the ministry'],
  ['2026-11-12T15:00', 'ana', '/blocker due B-1 30/11/2026 waiting for the decree'],
  ['2026-11-12T16:00', 'admin', '/extension approve X-1'],
  ['2026-11-13T10:00', 'ana', '/blocker due B-1 15/12/2026 more time'],
  ['2026-11-13T11:00', 'admin', '/extension reject X-2 no retreat'],
  ['2026-11-14T10:00', 'ana', '/blocker due B-1 10/12/2026 the decree is late'], // X-3, pending
  ['2026-11-16T10:00', 'admin', '/roadmap report R-1 20% draft'],
  ['2026-11-23T10:00', 'admin', '/roadmap report R-1 60,5% consulted'],
  ['2026-11-16T11:00', 'lan', '/unit join HUE'],
  ['2026-11-16T11:05', 'admin', '/unit approve HUE <@ULAN>'],
  ['2026-11-16T11:10', 'minh', '/unit join MIC'],
  ['2026-11-16T11:15', 'admin', '/unit refuse MIC @minh_t'],
  ['2026-11-16T11:20', 'minh', '/unit join HUE'],
  ['2026-11-17T09:00', 'admin', '/wg subscribe weekly'],
  ['2026-11-17T09:00', 'admin', '/wg subscribe alerts'],
  ['2026-11-17T09:01', 'admin', '/wg lang vi'],
  ['2026-11-17T09:02', 'admin', '/wg lang en'],
  ['2026-11-17T09:03', 'lan', '/wg tz Asia/Bangkok'],
  ['2026-11-17T09:04', 'admin', '/wg holiday add 2026-12-31 year-end day off'],
  ['2026-11-17T09:05', 'admin', '/wg holiday workday 2026-12-26'],
  ['2026-11-17T10:00', 'lan', '/wg link'],
  ['2026-11-17T10:01', 'lanTg', '/wg link {code}'],
  ['2026-11-17T10:02', 'minh', '/wg link'], // left unused
  ['2026-11-17T10:03', 'ana', '/wg link 000000'], // a wrong try
];

/** Commands refused on purpose. */
const REFUSED = new Set(['/wg link 000000']);

/** One command as `who`, in their direct chat (the admin in the console); the reply. */
async function say(app: App, who: Who, text: string) {
  const identity = WHO[who];
  const r = await app.dispatcher.handle({
    text,
    who: identity,
    chat:
      who === 'admin'
        ? { platform: 'console', id: 'console' }
        : { platform: identity.platform, id: identity.id },
    asAdmin: who === 'admin',
  });
  return { kind: r.reply.kind, text: renderText(r.reply) };
}

/** Builds the data set on `app`; returns the number of commands run. */
export async function buildDataset(app: App, clock: TestClock): Promise<number> {
  let code = '';
  for (const [at, who, text] of STEPS) {
    clock.set(`${at}:00+07:00`);
    const line = text.replace('{code}', code);
    const r = await say(app, who, line);
    if (REFUSED.has(line)) expect(r.kind, `${line} -> ${r.text}`).toBe('error');
    else expect(r.kind, `${line} -> ${r.text}`).not.toBe('error');
    code = /link code is (\S+)/.exec(r.text)?.[1] ?? code;
  }
  clock.set('2026-11-18T09:00:00+07:00');
  // The queue side's own rows, as its services write them.
  await app.services.inbox.accept({
    platform: 'slack',
    key: 'Ev0001',
    kind: 'event',
    payload: { text: 'hi' },
  });
  await app.services.ledger.mark('reminder:blocker:1:7d');
  await app.services.ledger.unreached('reminder:blocker:3:1d', 'B-3');
  return STEPS.length;
}

/** Commands run on a database after it was restored (and on the original, to compare). */
export const AFTERWARDS: Array<[Who, string]> = [
  ['admin', '/unit add ONA "Office of the National Assembly" block:national_assembly kind:agency'],
  ['admin', '/blocker add After the move owner:ONA due:20/12/2026'],
  ['admin', '/roadmap report R-1 70% approved'],
  ['lan', '/blocker due B-3 05/12/2026 waiting'],
  ['admin', '/wg subscribe monthly'],
  ['ana', '/unit join HUE'],
];

/** Runs {@link AFTERWARDS} on `app`; the replies. */
export async function afterwards(app: App, clock: TestClock): Promise<string[]> {
  clock.set('2026-11-20T09:00:00+07:00');
  const out: string[] = [];
  for (const [who, text] of AFTERWARDS) out.push((await say(app, who, text)).text);
  return out;
}
