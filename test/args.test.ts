import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOptions, cleanText, parseArgs } from '../src/args.ts';

/** Runs `fn` and returns the thrown error (fails the test if nothing is thrown). */
function thrown(fn: () => unknown): { name: string; code: string; params: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    return err as { name: string; code: string; params: Record<string, unknown> };
  }
  throw new Error('expected a throw');
}

describe('parseArgs', () => {
  it('returns empty results for empty or blank text', () => {
    expect(parseArgs('')).toEqual({ words: [], options: {}, rest: '' });
    expect(parseArgs('  \t\n ')).toEqual({ words: [], options: {}, rest: '' });
  });

  it('splits free text and collapses whitespace in rest, keeping case', () => {
    expect(parseArgs('  Slow   Land\tclearance \n in HN ')).toEqual({
      words: ['Slow', 'Land', 'clearance', 'in', 'HN'],
      options: {},
      rest: 'Slow Land clearance in HN',
    });
  });

  it.each([
    ['at the start', 'owner:MOF Slow disbursement', 'Slow disbursement'],
    ['in the middle', 'Slow owner:MOF disbursement', 'Slow disbursement'],
    ['at the end', 'Slow disbursement owner:MOF', 'Slow disbursement'],
  ])('takes options anywhere (%s)', (_where, text, rest) => {
    const r = parseArgs(text);
    expect(r.options).toEqual({ owner: 'MOF' });
    expect(r.rest).toBe(rest);
    expect(r.words).toEqual(['Slow', 'disbursement']);
  });

  it('matches keys case-insensitively, returns them lower-case, keeps the value case', () => {
    expect(parseArgs('x Owner:MoF DUE:Tomorrow prio_x:High').options).toEqual({
      owner: 'MoF',
      due: 'Tomorrow',
      prio_x: 'High',
    });
  });

  it.each([
    ['double quotes', 'due:"2026-12-31 09:30"', '2026-12-31 09:30'],
    ['single quotes', "due:'2026-12-31 09:30'", '2026-12-31 09:30'],
    ['typographic quotes', 'due:\u201c2026-12-31 09:30\u201d', '2026-12-31 09:30'],
    ['single typographic quotes', 'due:\u20182026-12-31 09:30\u2019', '2026-12-31 09:30'],
    ['quoted simple value', 'due:"MOF"', 'MOF'],
    ['quoted empty value', 'due:""', ''],
    ['Vietnamese value', 'due:"ngày mai 09:30"', 'ngày mai 09:30'],
  ])('reads quoted option values (%s)', (_name, text, value) => {
    const r = parseArgs(`Fix it ${text} now`);
    expect(r.options).toEqual({ due: value });
    expect(r.rest).toBe('Fix it now');
  });

  it('keeps quoted free text as one word without quotes; rest keeps the quotes as typed', () => {
    const r = parseArgs('add MOF "Ministry  of Finance" block:government \u201cS\u1edf TT\u201d');
    expect(r.words).toEqual(['add', 'MOF', 'Ministry  of Finance', 'S\u1edf TT']);
    expect(r.options).toEqual({ block: 'government' });
    expect(r.rest).toBe('add MOF "Ministry of Finance" \u201cS\u1edf TT\u201d');
  });

  it('treats apostrophes and quotes inside words as plain characters', () => {
    expect(parseArgs("MOF's portal isn't up").words).toEqual(["MOF's", 'portal', "isn't", 'up']);
    expect(parseArgs('a 5"screen').words).toEqual(['a', '5"screen']);
  });

  it.each([
    'http://example.gov.vn/x',
    'https://example.gov.vn/a?b=c:d',
    'HTTPS://X',
    'ftp://host/file',
    'mailto:ops@example.vn',
    'svn://host/repo',
    '10:30',
    'B-1:',
    'B-1:x',
    'Note:',
    'R7:done',
    'ý:abc',
    'Nội:',
    'key:',
    ':value',
    '2026-12-31',
    '<@U123|lan>',
  ])('does not take %s as an option', (token) => {
    const r = parseArgs(`see ${token} now`);
    expect(r.options).toEqual({});
    expect(r.words).toEqual(['see', token, 'now']);
    expect(r.rest).toBe(`see ${token} now`);
  });

  it('parses a hotline capture with a unit name ending in a colon', () => {
    expect(parseArgs('Hà Nội: portal down since Monday phone:0912345678')).toEqual({
      words: ['Hà', 'Nội:', 'portal', 'down', 'since', 'Monday'],
      options: { phone: '0912345678' },
      rest: 'Hà Nội: portal down since Monday',
    });
  });

  it('keeps chat mentions and URLs inside option values', () => {
    expect(parseArgs('to:<@U123> link:https://x.vn/a').options).toEqual({
      to: '<@U123>',
      link: 'https://x.vn/a',
    });
  });

  it.each(['owner:"MOF', '"abc def', "owner:'MOF", 'title \u201cabc', 'due:"2026-12-31 09:30'])(
    'throws args.unterminated_quote for %s',
    (text) => {
      const err = thrown(() => parseArgs(text));
      expect(err.name).toBe('UserError');
      expect(err.code).toBe('args.unterminated_quote');
    },
  );

  it('throws args.duplicate_option, also across key case', () => {
    for (const text of ['owner:A owner:B', 'owner:A x OWNER:"B"']) {
      const err = thrown(() => parseArgs(text));
      expect(err.code).toBe('args.duplicate_option');
      expect(err.params).toEqual({ option: 'owner' });
    }
  });

  it('treats a __proto__ key as an ordinary own option', () => {
    const r = parseArgs('__proto__:x');
    expect(Object.keys(r.options)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(r.options)).toBe(Object.prototype);
  });
});

describe('checkOptions', () => {
  const allowed = ['owner', 'due', 'cat'] as const;

  it('accepts known and no options', () => {
    expect(() => checkOptions({ owner: 'MOF', due: 'fri' }, allowed)).not.toThrow();
    expect(() => checkOptions({}, allowed)).not.toThrow();
    expect(() => checkOptions({}, [])).not.toThrow();
  });

  it('throws args.unknown_option for the first unknown key, listing the allowed ones', () => {
    const err = thrown(() => checkOptions(parseArgs('x owner:MOF colour:red size:xl').options, allowed));
    expect(err.name).toBe('UserError');
    expect(err.code).toBe('args.unknown_option');
    expect(err.params).toEqual({ option: 'colour', allowed: 'owner, due, cat' });
  });

  it('rejects __proto__ and constructor', () => {
    expect(thrown(() => checkOptions(parseArgs('__proto__:x').options, allowed)).code).toBe(
      'args.unknown_option',
    );
    expect(thrown(() => checkOptions({ constructor: 'x' }, allowed)).code).toBe('args.unknown_option');
  });
});

describe('parseArgs properties', () => {
  const onlyUserErrors = (text: string) => {
    try {
      const r = parseArgs(text);
      expect(Array.isArray(r.words)).toBe(true);
      expect(typeof r.rest).toBe('string');
    } catch (err) {
      expect((err as Error).name).toBe('UserError');
    }
  };

  it('returns or throws a UserError for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), onlyUserErrors), { numRuns: 500 });
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...' a:"\'\u201c\u201dB-1/') }), onlyUserErrors),
      {
        numRuns: 500,
      },
    );
  });

  it('round-trips quoted option values and plain words', () => {
    const key = fc.stringMatching(/^[a-z_]{1,8}$/).filter((k) => !['http', 'https'].includes(k));
    const value = fc.string().filter((v) => !v.includes('"'));
    const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { maxLength: 4 }),
        fc.array(value, { maxLength: 4 }),
        word,
        (keys, vals, w) => {
          const pairs = keys.map((k, i) => [k, vals[i] ?? 'v'] as const);
          const text = [w, ...pairs.map(([k, v]) => `${k.toUpperCase()}:"${v}"`)].join(' ');
          const r = parseArgs(text);
          expect(r.options).toEqual(Object.fromEntries(pairs));
          expect(r.words).toEqual([w]);
          expect(r.rest).toBe(w);
        },
      ),
    );
  });
});

describe('cleanText', () => {
  it('removes control characters and broken surrogate halves, keeps text, tabs, line breaks and emoji', () => {
    expect(cleanText('Portal\u0000 down\u0007 since\u001b Monday\u007f')).toBe('Portal down since Monday');
    expect(cleanText('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd');
    expect(cleanText('x\ud800y\udc00z')).toBe('xyz');
    expect(cleanText('Cổng thanh toán 🚧 ngày mai')).toBe('Cổng thanh toán 🚧 ngày mai');
  });

  it('leaves nothing PostgreSQL would refuse in any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = cleanText(text);
        expect(out.includes('\u0000')).toBe(false);
        expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(out)).toBe(
          false,
        );
        expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
        expect(cleanText(out)).toBe(out);
      }),
      { numRuns: 500 },
    );
  });
});
