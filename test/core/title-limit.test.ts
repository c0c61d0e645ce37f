import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/domain/errors.ts';
import { TITLE_MAX } from '../../src/domain/limits.ts';
import { CSV_COLUMNS } from '../../src/domain/spreadsheet.ts';
import { translator } from '../../src/i18n/index.ts';
import { renderText } from '../../src/render/text.ts';
import { ImportRejected } from '../../src/services/import.ts';
import { DB_KINDS, standardUnits, useWorld, type World } from './harness.ts';

/** A title of `n` characters (words, so the cleaned title keeps its length). */
const titleOf = (n: number) => `Portal ${'x'.repeat(n - 'Portal '.length)}`;
const t = translator('en');
const REFUSAL = `Error: ${t('blocker.title_too_long', { max: TITLE_MAX })}`;

/** The first line of a reply as text (the one-line error, or the confirmation). */
const firstLine = (text: string) => text.split('\n')[0] ?? '';

/** `/blocker add`'s form (Slack's modal, Telegram's guided questions): typed values, no command line. */
async function formAdd(w: World, title: string): Promise<string> {
  const input = {
    title,
    detail: null,
    owner: 'MIC',
    to: null,
    due: null,
    cat: 'other',
    prio: 'normal',
    from: null,
  };
  const out = await w.app.dispatcher.execute(
    { who: w.admin, chat: w.chat, asAdmin: true },
    { command: 'blocker', sub: 'add', input },
  );
  return renderText(out.reply);
}

function importCsv(title: string): string {
  const row = [
    'B-1',
    title,
    'open',
    'no',
    'normal',
    'other',
    'agency',
    'MIC',
    '',
    '',
    '',
    '',
    '0',
    '0',
    '2026-01-05T09:00:00+07:00',
    '',
  ];
  return [CSV_COLUMNS.join(','), row.join(',')].join('\n');
}

describe.each(DB_KINDS)(
  'one title limit for the command, its form, the service and the import (%s)',
  (kind) => {
    const w = useWorld(kind);

    it('is 300 characters: one the Slack modal, a Slack section and a Telegram line all show whole', () => {
      expect(TITLE_MAX).toBe(300);
    });

    it('the typed command takes exactly the limit and refuses one more, in one line', async () => {
      await standardUnits(w);
      expect(firstLine(await w.say(w.admin, `/blocker add ${titleOf(TITLE_MAX)} owner:MIC`))).toMatch(
        /^Logged B-1:/,
      );
      const refused = await w.say(w.admin, `/blocker add ${titleOf(TITLE_MAX + 1)} owner:MIC`);
      expect(firstLine(refused)).toBe(REFUSAL);
      expect(refused).toContain(`<title (≤${TITLE_MAX} characters)>`);
      // Past every free-text limit it is still the title's own refusal, not another one.
      expect(firstLine(await w.say(w.admin, `/blocker add ${titleOf(4001)} owner:MIC`))).toBe(REFUSAL);
      const edited = await w.say(w.admin, `/blocker edit B-1 title:"${titleOf(TITLE_MAX + 1)}"`);
      expect(firstLine(edited)).toBe(REFUSAL);
      expect(firstLine(await w.say(w.admin, `/blocker edit B-1 title:"${titleOf(TITLE_MAX - 1)}"`))).toMatch(
        /B-1/,
      );
    });

    it('the form takes the same limit with the same error', async () => {
      await standardUnits(w);
      expect(firstLine(await formAdd(w, titleOf(TITLE_MAX)))).toMatch(/^Logged B-1:/);
      expect(firstLine(await formAdd(w, titleOf(TITLE_MAX + 1)))).toBe(REFUSAL);
    });

    it('the service takes the same limit with the same error', async () => {
      await standardUnits(w);
      const actor = await w.actor(w.admin);
      const b = await w.app.services.blockers.add(actor, { title: titleOf(TITLE_MAX), ownerUnit: 'MIC' });
      expect(b.title).toHaveLength(TITLE_MAX);
      const err = await w.app.services.blockers
        .add(actor, { title: titleOf(TITLE_MAX + 1), ownerUnit: 'MIC' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect(`Error: ${t((err as UserError).code, (err as UserError).params)}`).toBe(REFUSAL);
      const edit = await w.app.services.edits
        .edit(actor, b.id, { title: titleOf(TITLE_MAX + 1) })
        .catch((e: unknown) => e);
      expect((edit as UserError).code).toBe('blocker.title_too_long');
    });

    it('the import takes the same limit with the same error on the line', async () => {
      await standardUnits(w);
      const actor = await w.actor(w.admin);
      const err = await w.app.services.importer
        .blockers(actor, importCsv(titleOf(TITLE_MAX + 1)))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportRejected);
      expect((err as ImportRejected).problems.map((p) => `Error: ${t(p.code, p.params)}`)).toEqual([REFUSAL]);
      const done = await w.app.services.importer.blockers(actor, importCsv(titleOf(TITLE_MAX)));
      expect(done.imported).toBe(1);
    });
  },
);
