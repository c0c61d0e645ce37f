import type { ActionsBlock, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ListItem } from '../../src/domain/reply.ts';
import { reply } from '../../src/domain/reply.ts';
import { escapeMrkdwn, renderSlack, SLACK_PAGE_SIZE } from '../../src/render/slack.ts';

const byType = <T extends KnownBlock>(blocks: KnownBlock[], type: T['type']): T[] =>
  blocks.filter((b): b is T => b.type === type);
const sectionTexts = (blocks: KnownBlock[]): string[] =>
  byType<SectionBlock>(blocks, 'section').flatMap((b) => (b.text ? [b.text.text] : []));
const contextTexts = (blocks: KnownBlock[]): string[] =>
  byType<ContextBlock>(blocks, 'context').flatMap((b) => b.elements.map((e) => ('text' in e ? e.text : '')));

function items(n: number): ListItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `B-${i + 1}`,
    text: `Blocker ${i + 1}`,
    detail: 'MOF · open',
    buttons: [
      { label: 'Start', action: 'blocker.start', value: `B-${i + 1}` },
      { label: 'Resolve', action: 'blocker.resolve', value: `B-${i + 1}`, style: 'primary' as const },
    ],
  }));
}

describe('renderSlack', () => {
  it('escapes mentions and ampersands from the reply everywhere, including the fallback', () => {
    const evil = '<!channel> & <@U123>';
    const out = renderSlack(
      reply.ok(evil, {
        lines: [evil],
        fields: [{ label: evil, value: evil }],
        items: [{ id: 'B-1', text: evil, detail: evil }],
      }),
    );
    const escaped = '&lt;!channel&gt; &amp; &lt;@U123&gt;';
    expect(out.text).toBe(escaped);
    const json = JSON.stringify(out.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U123>');
    expect(sectionTexts(out.blocks)).toContain(`*${escaped}*`);
    expect(sectionTexts(out.blocks)).toContain(escaped);
    expect(sectionTexts(out.blocks)).toContain(`*B-1*  ${escaped}`);
    expect(contextTexts(out.blocks)).toContain(escaped);
    expect(escapeMrkdwn('a&b<c>d')).toBe('a&amp;b&lt;c&gt;d');
  });

  it('maps visibility to response_type', () => {
    expect(renderSlack(reply.ok('x')).response_type).toBe('in_channel');
    expect(renderSlack(reply.info('x')).response_type).toBe('ephemeral');
  });

  it('renders a field with an instant as Slack date formatting with an escaped fallback', () => {
    const out = renderSlack(
      reply.ok('B-1', { fields: [{ label: 'Due', value: '31/12/2025 <soon>', at: '2025-12-31T10:00:00Z' }] }),
    );
    const fields = byType<SectionBlock>(out.blocks, 'section').flatMap((b) => b.fields ?? []);
    const unix = Date.UTC(2025, 11, 31, 10) / 1000;
    expect(fields[0]?.text).toBe(`*Due*\n<!date^${unix}^{date_short_pretty} {time}|31/12/2025 &lt;soon&gt;>`);
  });

  it('makes action_id unique within a block and maps style and value', () => {
    const out = renderSlack(
      reply.ok('x', {
        buttons: [
          { label: 'Start', action: 'blocker.start', value: 'B-1', style: 'primary' },
          { label: 'Start', action: 'blocker.start', value: 'B-2', style: 'danger' },
        ],
      }),
    );
    const [actions] = byType<ActionsBlock>(out.blocks, 'actions');
    expect(actions?.elements).toEqual([
      {
        type: 'button',
        action_id: 'blocker.start',
        text: { type: 'plain_text', text: 'Start', emoji: true },
        value: 'B-1',
        style: 'primary',
      },
      {
        type: 'button',
        action_id: 'blocker.start:1',
        text: { type: 'plain_text', text: 'Start', emoji: true },
        value: 'B-2',
        style: 'danger',
      },
    ]);
  });

  it('shows a reply that is already one page as it is, with the page line and buttons of its paging', () => {
    // Items 11..20 of 25, loaded by the command: no second cut, whatever page the adapter asks.
    const page2 = reply.info('Blockers: all (25)', {
      items: items(20).slice(10),
      paging: { page: 2, pages: 3, total: 25 },
    });
    for (const out of [renderSlack(page2), renderSlack(page2, { page: 2 })]) {
      const shown = sectionTexts(out.blocks).filter((t) => t.startsWith('*B-'));
      expect(shown).toEqual(
        items(20)
          .slice(10)
          .map((i) => `*${i.id}*  ${i.text}`),
      );
      expect(contextTexts(out.blocks)).toContain('Page 2 of 3');
      const pager = byType<ActionsBlock>(out.blocks, 'actions').find((b) =>
        b.elements.some((e) => e.action_id?.startsWith('page.')),
      );
      expect(pager?.elements.map((e) => [e.action_id, 'value' in e ? e.value : undefined])).toEqual([
        ['page.prev', '1'],
        ['page.next', '3'],
      ]);
    }
    const last = renderSlack(
      reply.info('Blockers: all (25)', { items: items(5), paging: { page: 3, pages: 3, total: 25 } }),
    );
    expect(sectionTexts(last.blocks).filter((t) => t.startsWith('*B-'))).toHaveLength(5);
    expect(contextTexts(last.blocks)).toContain('Page 3 of 3');
    const ids = byType<ActionsBlock>(last.blocks, 'actions').flatMap((b) =>
      b.elements.map((e) => e.action_id),
    );
    expect(ids).toContain('page.prev');
    expect(ids).not.toContain('page.next');
    const single = renderSlack(
      reply.info('Few', { items: items(3), paging: { page: 1, pages: 1, total: 3 } }),
    );
    expect(contextTexts(single.blocks).join()).not.toContain('Page');
  });

  it('paginates 60 items within 50 blocks with page buttons', () => {
    const r = reply.ok('Open blockers', {
      items: items(60),
      buttons: [{ label: 'Refresh', action: 'blocker.list', value: 'open' }],
    });
    const first = renderSlack(r);
    expect(first.blocks.length).toBeLessThanOrEqual(50);
    expect(sectionTexts(first.blocks)).toContain('*B-1*  Blocker 1');
    expect(sectionTexts(first.blocks)).not.toContain(
      `*B-${SLACK_PAGE_SIZE + 1}*  Blocker ${SLACK_PAGE_SIZE + 1}`,
    );
    expect(contextTexts(first.blocks)).toContain('Page 1 of 6');

    const second = renderSlack(r, { page: 2 });
    expect(second.blocks.length).toBeLessThanOrEqual(50);
    expect(contextTexts(second.blocks)).toContain('Page 2 of 6');
    expect(sectionTexts(second.blocks)).toContain(
      `*B-${SLACK_PAGE_SIZE + 1}*  Blocker ${SLACK_PAGE_SIZE + 1}`,
    );
    const pager = byType<ActionsBlock>(second.blocks, 'actions').find((b) =>
      b.elements.some((e) => e.action_id === 'page.next'),
    );
    expect(pager?.elements.map((e) => [e.action_id, 'value' in e ? e.value : undefined])).toEqual([
      ['page.prev', '1'],
      ['page.next', '3'],
    ]);

    const last = renderSlack(r, { page: 99 });
    expect(contextTexts(last.blocks)).toContain('Page 6 of 6');
    const ids = byType<ActionsBlock>(last.blocks, 'actions').flatMap((b) =>
      b.elements.map((e) => e.action_id),
    );
    expect(ids).toContain('page.prev');
    expect(ids).not.toContain('page.next');
  });

  it('truncates overlong texts and keeps every Block Kit limit', () => {
    const long = 'x'.repeat(5000);
    const out = renderSlack(
      reply.ok(long, {
        lines: [long, '&'.repeat(5000), ...Array.from({ length: 200 }, () => long)],
        fields: Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: long })),
        items: [{ id: 'B-1', text: long, detail: long }],
        buttons: Array.from({ length: 30 }, (_, i) => ({
          label: 'L'.repeat(100),
          action: `a${i}`,
          value: 'v',
        })),
      }),
    );
    expect(out.blocks.length).toBeLessThanOrEqual(50);
    for (const block of out.blocks) {
      if (block.type === 'section') {
        if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
        expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
        for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
      if (block.type === 'actions') {
        expect(block.elements.length).toBeLessThanOrEqual(25);
        for (const e of block.elements)
          if (e.type === 'button') expect(e.text.text.length).toBeLessThanOrEqual(75);
      }
    }
    const texts = sectionTexts(out.blocks);
    expect(texts[0]?.endsWith('…*')).toBe(true);
    const lineSection = texts[1] ?? '';
    expect(lineSection.endsWith('…')).toBe(true);
    const amp = texts[2] ?? '';
    expect(amp).toMatch(/^(&amp;)+…$/);
    expect(out.text.length).toBeLessThanOrEqual(3000);
    const buttons = byType<ActionsBlock>(out.blocks, 'actions').flatMap((b) => b.elements);
    expect(buttons).toHaveLength(30);
  });
});
