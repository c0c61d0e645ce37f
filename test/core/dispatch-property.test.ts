import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { testApp } from '../support/app.ts';

const who = { platform: 'console' as const, id: 'fuzz', name: 'Fuzz' };
const chat = { platform: 'console' as const, id: 'console' };
const heads = [
  '/blocker',
  '/blocker add',
  '/blocker due B-1',
  '/blocker list',
  '/hotline',
  '/roadmap report R-1',
  '/roadmap add MOF',
  '/extension approve',
  '/unit add',
  '/unit lead MOF',
  '/summary',
  '/wg',
  '/wg tz',
  '/help',
  '/nope',
  '',
];
const words = fc.constantFrom(
  'owner:',
  'due:',
  'prio:',
  'cat:',
  '"',
  ':',
  'B-1',
  'X-0',
  '+3d',
  '30/02',
  'hôm nay',
  '<@U1>',
  '@x',
  '%',
  '💥',
  'unit:MOF',
  '\\',
  'force:yes',
);

describe('the dispatcher', () => {
  let app: App;
  beforeAll(async () => {
    app = await testApp();
    await app.dispatcher.handle({
      text: '/unit add MOF "Ministry of Finance" block:government kind:ministry',
      who,
      chat,
      asAdmin: true,
    });
    await app.dispatcher.handle({
      text: '/blocker add Seed blocker owner:MOF due:+3d',
      who,
      chat,
      asAdmin: true,
    });
  }, 60_000);
  afterAll(() => app.close());

  it('answers any command text with a reply, never a throw or an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...heads),
        fc.array(fc.oneof(words, fc.string({ maxLength: 12 })), { maxLength: 6 }),
        async (head, rest) => {
          const { reply } = await app.dispatcher.handle({
            text: `${head} ${rest.join(' ')}`,
            who,
            chat,
            asAdmin: true,
          });
          expect(reply.title ?? '').not.toContain('Something went wrong');
          if (reply.kind === 'error') expect(reply.title?.split('\n')).toHaveLength(1);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
