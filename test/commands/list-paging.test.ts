/**
 * `/blocker list` over 25 blockers: one page of 10 loaded from the store (LIMIT/OFFSET), the
 * title counting all 25, `page:N` and a page button picking the page, clamped into range.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { blockersRepo } from '../../src/store/blockers-repo.ts';
import { DB_KINDS, standardUnits, useWorld } from '../core/harness.ts';

const bullets = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('• '))
    .map((l) => l.split(/\s+/)[1] ?? '');
const ids = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `B-${from + i}`);

describe.each(DB_KINDS)('/blocker list pages on %s', (kind) => {
  const w = useWorld(kind);

  beforeEach(async () => {
    await standardUnits(w);
    const lines = Array.from({ length: 25 }, (_, i) =>
      // B-20 has a deadline: it comes first (dated before undated), the rest by id.
      i + 1 === 20
        ? '/blocker add Paged item 20 owner:MOF due:+3d'
        : `/blocker add Paged item ${i + 1} owner:MOF`,
    );
    await w.setup(...lines);
  });
  afterEach(() => vi.restoreAllMocks());

  /** The whole order: B-20 first, then B-1…B-19, B-21…B-25. */
  const order = ['B-20', ...ids(1, 19), ...ids(21, 25)];

  it('shows the first 10 of 25, the total in the title and what to type for the next page', async () => {
    const out = await w.say(w.admin, '/blocker list all');
    expect(out.split('\n')[0]).toBe('Blockers: all (25)');
    expect(bullets(out)).toEqual(order.slice(0, 10));
    expect(out.split('\n').at(-1)).toBe('Page 1 of 3 — next: /blocker list all page:2');
  });

  it('page:2 and page:3 show the next slices; page:9 shows the last page', async () => {
    const two = await w.say(w.admin, '/blocker list all page:2');
    expect(two.split('\n')[0]).toBe('Blockers: all (25)');
    expect(bullets(two)).toEqual(order.slice(10, 20));
    expect(two).toContain('Page 2 of 3 — next: /blocker list all page:3');
    const three = await w.say(w.admin, '/blocker list all page:3');
    expect(bullets(three)).toEqual(order.slice(20));
    expect(three.split('\n').at(-1)).toBe('Page 3 of 3');
    expect(await w.say(w.admin, '/blocker list all page:9')).toBe(three);
  });

  it('keeps the scope and the options in the next-page hint, and the hint works', async () => {
    await w.setup('/blocker resolve B-1 done', '/blocker add Elsewhere owner:MIC');
    const out = await w.say(w.admin, '/blocker ds unit:MOF');
    expect(out.split('\n')[0]).toBe('Blockers: open (24)');
    const hint = out.split('\n').at(-1) ?? '';
    expect(hint).toBe('Page 1 of 3 — next: /blocker list open unit:MOF page:2');
    const next = await w.say(w.admin, hint.replace(/^.*next: /, ''));
    expect(bullets(next)).toEqual(order.filter((id) => id !== 'B-1').slice(10, 20));
  });

  it('a page button (the page of the request) wins over the typed page and loads that page in SQL', async () => {
    const matching = vi.spyOn(blockersRepo, 'matching');
    const all = vi.spyOn(blockersRepo, 'all');
    const out = await w.app.dispatcher.handle({
      text: '/blocker list all page:3',
      who: w.admin,
      chat: w.chat,
      asAdmin: true,
      page: 2,
    });
    expect(out.reply.title).toBe('Blockers: all (25)');
    expect(out.reply.items?.map((i) => i.id)).toEqual(order.slice(10, 20));
    expect(out.reply.paging).toMatchObject({ page: 2, pages: 3, total: 25 });
    // One page asked of PostgreSQL, never the whole list.
    expect(matching.mock.calls.map((c) => c[3])).toEqual([{ limit: 10, offset: 10 }]);
    expect(all).not.toHaveBeenCalled();
  });

  it('a stale "Next" on a list that shrank shows the last page', async () => {
    await w.setup(...ids(1, 9).map((id) => `/blocker resolve ${id} done`));
    const out = await w.app.dispatcher.handle({
      text: '/blocker list open',
      who: w.admin,
      chat: w.chat,
      asAdmin: true,
      page: 3,
    });
    expect(out.reply.title).toBe('Blockers: open (16)');
    expect(out.reply.paging).toMatchObject({ page: 2, pages: 2, total: 16 });
    expect(out.reply.items?.map((i) => i.id)).toEqual(['B-20', ...ids(10, 19), ...ids(21, 25)].slice(10));
  });

  it('refuses a page that is no page number with one line and the usage', async () => {
    const before = await w.historyCount();
    for (const bad of ['0', 'x', '-1', '2.5']) {
      const out = await w.say(w.admin, `/blocker list all page:${bad}`);
      expect(out.split('\n')).toEqual([
        `Error: "${bad}" is not a page number: write page:1, page:2, …`,
        'Usage: /blocker list [open|overdue|mine|new|resolved|all] [unit:UNIT] [block:BLOCK] [cat:CATEGORY] [page:N]',
      ]);
    }
    expect(await w.historyCount()).toBe(before);
  });

  it('an empty list has no page line', async () => {
    expect(await w.say(w.admin, '/blocker list resolved')).toBe('Blockers: resolved (0)\nNothing here.');
  });
});
