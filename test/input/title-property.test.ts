import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { cleanText, cleanTitle } from '../../src/args.ts';
import type { Actor } from '../../src/services/deps.ts';
import { viewSubmissionPayload } from '../fakes/slack-payloads.ts';
import {
  inChannel,
  type Harness as SlackHarness,
  seen,
  startHarness as startSlack,
  USERS,
  WG,
} from '../slack/harness.ts';
import { testApp } from '../support/app.ts';

const SYSTEM = {
  person: { id: 0, role: 'admin' } as Actor['person'],
  platform: 'system',
  leadOf: [],
} as Actor;
const who = { platform: 'console' as const, id: 'tester', name: 'tester' };
const chat = { platform: 'console' as const, id: 'console', direct: true };

/** Characters people put in titles: letters with accents, digits, every kind of quote, punctuation, spaces. */
const CHARS = [
  ...'aAzĐđơưỡệ06 ',
  ...'"\'“”‘’«»„',
  ...'.,;:!?()[]{}-–—/\\@#%&*+=<>_~^`|',
  '\t',
  '\u202e',
  '\u200b',
  '🚧',
];

/** Free text with no word shaped like an option (`owner:`): those are options by design. */
const freeText = fc
  .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 120 })
  .map((cs) => cs.join(''))
  .filter((t) => !/(^|\s)[A-Za-z_]{2,}:/.test(t) && cleanTitle(t) !== '' && !/^\s*help\s*$/i.test(t));

describe('the stored title is the typed title (property)', () => {
  let app: App;
  beforeAll(async () => {
    app = await testApp();
  }, 60_000);
  afterAll(() => app?.close());

  it('for any free text, /blocker add stores it as typed (bidi and zero-width stripped, spaces folded)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(freeText, async (typed) => {
        const out = await app.dispatcher.handle({ text: `/blocker add ${typed}`, who, chat, asAdmin: true });
        expect(out.reply.kind, `${typed} -> ${out.reply.title}`).toBe('ok');
        const b = await app.services.queries.get(SYSTEM, ++n);
        expect(b.title).toBe(cleanTitle(cleanText(typed)));
      }),
      { numRuns: 150 },
    );
  });
});

describe("the Slack form's title is the stored title (property)", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlack();
  }, 60_000);
  afterAll(() => h?.close());

  /** Anything at all, options included: a form's title is never read as a command line. */
  const anyTitle = fc
    .array(fc.constantFrom(...CHARS, 'owner:MOF ', 'due:fri ', 'ownr:x ', '<@U0LAN0001> '), {
      minLength: 1,
      maxLength: 40,
    })
    .map((cs) => cs.join(''))
    .filter((t) => cleanTitle(t) !== '' && cleanTitle(t).length <= 300);

  it('stores any title typed in "Log a blocker" as typed', async () => {
    const admin = await h.app.services.identity.resolve({
      platform: 'slack',
      id: USERS.admin.id,
      name: 'An',
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(anyTitle, async (typed) => {
        const res = await h.interact(
          viewSubmissionPayload({
            user: { id: USERS.member.id, name: USERS.member.name },
            callback_id: 'blocker_add',
            private_metadata: JSON.stringify({ channel: WG, responseUrl: h.responseUrl().url }),
            values: {
              title: { v: { type: 'plain_text_input', value: typed } },
              category: { v: { type: 'static_select', selected_option: { value: 'other' } } },
              priority: { v: { type: 'static_select', selected_option: { value: 'normal' } } },
            },
          }),
        );
        expect(res.status).toBe(200);
        n++;
        await h.fake.waitFor((c) => inChannel(c) && seen(c.body).includes(`Logged B-${n}:`));
        const b = await h.app.services.queries.get(admin, n);
        expect(b.title).toBe(cleanTitle(cleanText(typed)));
      }),
      { numRuns: 25 },
    );
  });
});

describe('typed input from a form is checked like typed text', () => {
  let app: App;
  beforeAll(async () => {
    app = await testApp();
  }, 60_000);
  afterAll(() => app?.close());

  it('a reason over the limit is the one-line error, a wrong shape names the field, nothing is run', async () => {
    const call = (input: unknown) =>
      app.dispatcher.execute({ who, chat, asAdmin: true }, { command: 'extension', sub: 'reject', input });
    const long = await call({ id: 1, note: 'x'.repeat(4001) });
    expect(long.reply.title).toBe(
      'Error: reason is too long: 4001 characters, at most 4000.'.replace('reason', 'note'),
    );
    const bad = await call({ id: 'X-1', note: 'no' });
    expect(bad.reply.title).toBe('Error: id is not valid.');
  });
});
