/**
 * The monthly monitoring report and the summaries list what is still open per unit, the ones
 * coming due before the next report first: an open blocker that is not overdue is never left out.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/domain/reply.ts';
import { renderText } from '../../src/render/text.ts';
import { standardUnits, useWorld } from '../core/harness.ts';

async function docxText(r: Reply): Promise<string> {
  const doc = r.documents?.[0];
  if (!doc) throw new Error('no document attached');
  const zip = await JSZip.loadAsync(doc.data);
  return ((await zip.file('word/document.xml')?.async('string')) ?? '').replace(/<[^>]+>/g, ' ');
}

describe('what is still open, in /summary month and the monthly .docx', () => {
  const w = useWorld('pglite');

  it('lists an open, not-overdue blocker per unit, the ones due before the next report first', async () => {
    await standardUnits(w);
    // Wednesday 04/03/2026; the period is 15/02–14/03/2026, the next report 14/04/2026.
    await w.setup(
      '/blocker add Tax data mapping owner:MOF due:31/12/2026',
      '/blocker add Payment gateway contract owner:MOF due:20/03/2026',
      '/blocker add Provincial portal login owner:HUE due:10/03/2026',
    );
    const month = await w.reply(w.admin, '/summary month');
    const text = renderText(month);
    const open = text.slice(text.indexOf('Still open'));
    expect(open).toContain('Ministry of Finance: B-2 Payment gateway contract (20/03/2026)');
    expect(open).toContain('B-1 Tax data mapping (31/12/2026)');
    expect(open.indexOf('B-2 Payment')).toBeLessThan(open.indexOf('B-1 Tax'));
    expect(open).toContain('Hue City: B-3 Provincial portal login (10/03/2026)');

    const doc = await docxText(month);
    expect(doc).toContain('STILL OPEN');
    for (const title of ['Tax data mapping', 'Payment gateway contract', 'Provincial portal login'])
      expect(doc).toContain(title);
    expect(doc.indexOf('Payment gateway contract')).toBeLessThan(doc.indexOf('Tax data mapping'));
  });

  it('keeps each unit short: the first ones, then "and N more"', async () => {
    await standardUnits(w);
    for (let i = 1; i <= 7; i++) await w.setup(`/blocker add Item ${i} owner:MIC due:+${i + 10}d`);
    const text = await w.say(w.admin, '/summary');
    const open = text.slice(text.indexOf('Still open'));
    expect(open).toContain('B-5 Item 5');
    expect(open).not.toContain('B-6 Item 6');
    expect(open).toContain('and 2 more');
  });
});
