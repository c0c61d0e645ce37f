import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, cleanTitle, firstWord, type Options, parseArgs, unquote } from '../src/args.ts';
import { thrown } from './support/thrown.ts';

/** The options of `/blocker add`, with a date run that takes one word (the real one reads dates). */
const ADD: Options = {
  owner: 'word',
  to: 'word',
  due: { run: true, take: (w) => (w[0] === 'ngày' && w[1] === 'mai' ? 2 : 1) },
  cat: 'word',
  from: 'word',
  prio: 'word',
};
const HOTLINE: Options = {
  phone: { run: true, take: (w) => w.filter((x) => /\d/.test(x)).length },
  force: 'word',
};

describe('parseArgs: free text is kept as typed', () => {
  it.each([
    'Đề án “06” chậm',
    'Đề án "06" chậm',
    "'dịch vụ công' chưa chạy",
    "it's MOF's portal",
    "an unclosed ' quote",
    'a 5"screen',
    '«Luật» và ‘quy định’',
    'Note: call back at 09:30, see https://x.gov.vn/a?b=c:d',
    'Hà Nội: cổng hỏng',
    'B-1: R7:done',
  ])('%s', (text) => {
    expect(parseArgs(text, ADD)).toMatchObject({ text, options: {} });
  });

  it('empty and blank text', () => {
    expect(parseArgs('', ADD)).toEqual({ text: '', words: [], options: {} });
    expect(parseArgs('  \t\n ', ADD)).toEqual({ text: '', words: [], options: {} });
  });

  it('keeps the spacing between free words; an option cut out leaves one space', () => {
    expect(parseArgs('Slow  land owner:MOF clearance', ADD).text).toBe('Slow  land clearance');
  });

  it('a quoted phrase protects what is in it, and keeps its quotes', () => {
    expect(parseArgs('"Lỗi owner:MOF" due:fri', ADD)).toMatchObject({
      text: '"Lỗi owner:MOF"',
      options: { due: 'fri' },
    });
  });

  it('a command with no options takes everything as text', () => {
    expect(parseArgs('owner:MOF said ownr:x; https://a', {}).text).toBe('owner:MOF said ownr:x; https://a');
  });
});

describe('parseArgs: options', () => {
  it.each([
    ['owner:MOF Data platform due:+3d', 'Data platform', { owner: 'MOF', due: '+3d' }],
    ['owner: MOF Data platform due: +3d', 'Data platform', { owner: 'MOF', due: '+3d' }],
    ['Data owner:MOF platform', 'Data platform', { owner: 'MOF' }],
    ['OWNER:MoF x', 'x', { owner: 'MoF' }],
    ['x owner:"Bo Tai chinh"', 'x', { owner: 'Bo Tai chinh' }],
    ['x owner: “Bộ Tài chính”', 'x', { owner: 'Bộ Tài chính' }],
    ["x owner:'Bộ Tài chính' y", 'x y', { owner: 'Bộ Tài chính' }],
    ['x due:ngày mai', 'x', { due: 'ngày mai' }],
    ['x due:ngày mai và y', 'x và y', { due: 'ngày mai' }],
    ['due:fri Data platform', 'Data platform', { due: 'fri' }],
    ['x due:"2026-12-31 09:30"', 'x', { due: '2026-12-31 09:30' }],
    ['x to:<@U123> owner:MOF', 'x', { to: '<@U123>', owner: 'MOF' }],
    ['x to:<@tg:8888>', 'x', { to: '<@tg:8888>' }],
    ['x owner:""', 'x', { owner: '' }],
  ])('%s', (text, free, options) => {
    expect(parseArgs(text, ADD)).toMatchObject({ text: free, options });
  });

  it('a phone runs to the next option or the end', () => {
    expect(parseArgs('HUE: cổng thanh toán hỏng phone:0234 3822 123', HOTLINE)).toMatchObject({
      text: 'HUE: cổng thanh toán hỏng',
      options: { phone: '0234 3822 123' },
    });
    expect(parseArgs('HUE: x phone: 0234 3822 123 force:yes', HOTLINE).options).toEqual({
      phone: '0234 3822 123',
      force: 'yes',
    });
  });

  it.each([
    ['ownr:MOF x', 'ownr', 'owner'],
    ['x ownr: MOF', 'ownr', 'owner'],
    ['x proi:high', 'proi', 'prio'],
    ['x car: other', 'car', 'cat'],
    ['x dua:fri', 'dua', 'due'],
    ['x catt:other', 'catt', 'cat'],
  ])('a misspelt option is an error naming the known one: %s', (text, option, suggestion) => {
    const err = thrown(() => parseArgs(text, ADD));
    expect(err.code).toBe('args.unknown_option');
    expect(err.params).toEqual({ option, suggestion });
  });

  it('a value glued to an option another command takes is an error, not a title word', () => {
    const err = thrown(() => parseArgs('x unit:MOF', ADD));
    expect(err.code).toBe('args.unknown_option_list');
    expect(err.params.option).toBe('unit');
  });

  it.each(['Application form: broken', 'Note: x', 'HUE: cổng', 'Re: x', 'MOF: x', 'Priority: high'])(
    'prose with a colon is text: %s',
    (text) => {
      expect(parseArgs(text, ADD).text).toBe(text);
    },
  );

  it('throws for a twice-given option, a missing value and an unclosed quoted value', () => {
    expect(thrown(() => parseArgs('owner:A x OWNER:"B"', ADD)).code).toBe('args.duplicate_option');
    expect(thrown(() => parseArgs('x owner:', ADD)).code).toBe('args.missing_value');
    expect(thrown(() => parseArgs('x owner: due:fri', ADD)).code).toBe('args.missing_value');
    expect(thrown(() => parseArgs('x owner:"MOF', ADD)).code).toBe('args.unterminated_quote');
  });

  it('treats a __proto__ key as an ordinary own option', () => {
    const r = parseArgs('__proto__:x', { __proto__: 'word' } as unknown as Options);
    expect(Object.getPrototypeOf(r.options)).toBe(Object.prototype);
  });
});

describe('firstWord, unquote, cleanTitle', () => {
  it('reads a first word or a quoted phrase', () => {
    expect(firstWord('MOF Cổng  dữ liệu')).toEqual(['MOF', 'Cổng  dữ liệu']);
    expect(firstWord('"Bộ Tài chính" Cổng')).toEqual(['Bộ Tài chính', 'Cổng']);
    expect(firstWord('"Bộ Tài chính"x Cổng')).toEqual(['"Bộ', 'Tài chính"x Cổng']);
    expect(firstWord('')).toEqual(['', '']);
  });
  it('unquotes only a phrase wholly in one pair', () => {
    expect(unquote('"a b"')).toBe('a b');
    expect(unquote('Đề án "06"')).toBe('Đề án "06"');
    expect(unquote('"a" và "b"')).toBe('"a" và "b"');
  });
  it('strips bidirectional overrides and zero-width characters from titles', () => {
    expect(cleanTitle('\u202eabc\u202c  d\u200be\ufeff ')).toBe('abc de');
  });
});

describe('parseArgs properties', () => {
  it('returns or throws a UserError for any text', () => {
    const ok = (text: string) => {
      try {
        expect(typeof parseArgs(text, ADD).text).toBe('string');
      } catch (err) {
        expect((err as Error).name).toBe('UserError');
      }
    };
    fc.assert(fc.property(fc.string({ unit: 'binary' }), ok), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...' a:"\'“”B-1/owner') }), ok), {
      numRuns: 500,
    });
  });

  it('free text without option-shaped words comes back exactly, trimmed', () => {
    const word = fc.string({ minLength: 1 }).map((w) => w.replace(/[A-Za-z_]+:/g, '').replace(/\s/g, ''));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), fc.constantFrom(' ', '  ', '\t'), (words, sep) => {
        const text = words.filter(Boolean).join(sep);
        expect(parseArgs(text, ADD).text).toBe(text.trim());
      }),
      { numRuns: 500 },
    );
  });

  it('parses 8× the text in less than 32× the time, in any shape (linear; a quadratic parser takes 64×)', () => {
    const shapes = ["' ", '" ', 'owner: ', 'ab:c ', 'x'.repeat(50), '“ ', 'a b '];
    const parse = (text: string) => {
      try {
        parseArgs(text, ADD);
      } catch (err) {
        expect((err as Error).name).toBe('UserError');
      }
    };
    /** Milliseconds of CPU this process spent on `times` parses: other processes' load adds nothing. */
    const cost = (text: string, times: number) => {
      const start = process.cpuUsage();
      for (let i = 0; i < times; i++) parse(text);
      const { user, system } = process.cpuUsage(start);
      return (user + system) / 1000;
    };
    for (const shape of shapes) {
      const small = shape.repeat(Math.ceil(25_000 / shape.length));
      const large = shape.repeat(Math.ceil(200_000 / shape.length));
      // Eight parses of the small text against one of the 8× larger one: the same characters, so
      // linear time gives about 1, quadratic 8. The fastest of five rounds taken in turn, after a
      // warm-up, so that a busy moment or the compiler does not count.
      cost(small, 8);
      cost(large, 1);
      let eightSmall = Number.POSITIVE_INFINITY;
      let oneLarge = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 5; round++) {
        eightSmall = Math.min(eightSmall, cost(small, 8));
        oneLarge = Math.min(oneLarge, cost(large, 1));
      }
      const times = (8 * oneLarge) / eightSmall;
      expect(times, `${JSON.stringify(shape)}: 8× the text took ${times.toFixed(1)}× the time`).toBeLessThan(
        32,
      );
    }
  });
});

describe('cleanText', () => {
  it('removes control characters and broken surrogate halves, keeps text, tabs, line breaks and emoji', () => {
    expect(cleanText('Portal\u0000 down\u0007 since\u001b Monday\u007f')).toBe('Portal down since Monday');
    expect(cleanText('a\tb\nc\r\nd')).toBe('a\tb\nc\r\nd');
    expect(cleanText('x\ud800y\udc00z')).toBe('xyz');
    expect(cleanText('Cổng thanh toán 🚧 ngày mai')).toBe('Cổng thanh toán 🚧 ngày mai');
  });
});
