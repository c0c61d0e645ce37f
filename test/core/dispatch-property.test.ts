import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/render/text.ts';
import { DB_KINDS, standardUnits, useWorld } from './harness.ts';

const COMMANDS = [
  '/blocker add',
  '/blocker list',
  '/blocker show',
  '/blocker assign',
  '/blocker due',
  '/blocker note',
  '/blocker start',
  '/blocker resolve',
  '/blocker reopen',
  '/blocker drop',
  '/blocker escalate',
  '/blocker snooze',
  '/blocker triage',
  '/blocker',
  '/hotline',
  '/roadmap add',
  '/roadmap report',
  '/roadmap',
  '/extension approve',
  '/extension reject',
  '/extension list',
  '/unit add',
  '/unit lead',
  '/unit join',
  '/unit alert',
  '/unit list',
  '/summary',
  '/wg subscribe',
  '/wg link',
  '/wg lang',
  '/wg tz',
  '/wg role',
  '/help',
  '/start',
  '/nope',
  '',
];

const TOKENS = [
  'B-1',
  'b2',
  '#B-3',
  'R-1',
  'X-1',
  'X-99',
  'MIC',
  'MOF',
  'XYZ',
  'owner:MIC',
  'owner:"MOF"',
  'due:+3d',
  'due:"2026-12-31 09:30"',
  'due:30/02/2099',
  'due:ngày mai',
  'cat:other',
  'prio:critical',
  'from:VNPT',
  'block:party',
  'unit:MIC',
  'kind:ministry',
  'force:yes',
  'phone:0912',
  '@ana',
  'ana',
  'admin',
  'external',
  'on',
  'off',
  'vi',
  'en',
  'weekly',
  '25%',
  '100%',
  '250%',
  ':',
  '"',
  '“quoted”',
  'help',
  'all',
  'Asia/Bangkok',
  'Mars/Base',
  '+14d',
  'fri',
  'eom',
  'hôm nay',
  '\u0000',
  '\ud800',
];

/** Command-shaped text: a known command and a mix of meaningful and random words. */
const commandText = fc
  .tuple(
    fc.constantFrom(...COMMANDS),
    fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 10 })), {
      maxLength: 6,
    }),
  )
  .map(([cmd, words]) => [cmd, ...words].join(' '));

describe.each(DB_KINDS)('the dispatcher on any text (%s)', (kind) => {
  const w = useWorld(kind);

  it('answers every text with a reply: never a throw, never an internal error', async () => {
    await standardUnits(w);
    const ana = await w.person('ana', 'member', 'MIC');
    await w.setup(
      '/blocker add Data exchange not connected owner:MIC due:+14d',
      '/roadmap add MIC Strategy due:eoy',
    );
    await w.say(ana, '/blocker due B-1 +30d');
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(commandText, fc.string({ unit: 'binary' })),
        fc.boolean(),
        async (text, asAna) => {
          const reply = await w.reply(asAna ? ana : w.admin, text);
          expect(['ok', 'info', 'error']).toContain(reply.kind);
          const shown = renderText(reply);
          expect(shown.length).toBeGreaterThan(0);
          if (/Something went wrong/.test(shown)) failures.push(JSON.stringify(text));
        },
      ),
      { numRuns: 250 },
    );
    expect(failures).toEqual([]);
  });

  it('stores text with control characters and broken surrogates as the readable text around them', async () => {
    await standardUnits(w);
    const out = await w.say(w.admin, '/blocker add Portal\u0000 down\ud800 since\u0007 Monday owner:MIC');
    expect(out.split('\n')[0]).toBe('Logged B-1: Portal down since Monday');
    expect(await w.say(w.admin, '/blocker note B-1 called\u0000 back')).toBe(
      'Note added to B-1\ncalled back',
    );
  });
});
