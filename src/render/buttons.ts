/**
 * Helpers shared by the renderers: list pagination (the page buttons of Slack and Telegram point
 * at the numbers computed here) and the cut of overlong text.
 */
import { type ListItem, PAGE_SIZE, pageWindow, type Reply } from '../domain/reply.ts';

/** One page of a list, with the neighbouring page numbers when they exist. */
export interface Page<T> {
  items: T[];
  /** 1-based page actually shown (the request is clamped into range). */
  page: number;
  pages: number;
  prev?: number;
  next?: number;
}

/**
 * Cuts `items` into pages of `size` and returns page `page` (1-based). Out-of-range requests are
 * clamped, so a stale "Next" button on a shrinking list still shows the last page.
 */
export function paginate<T>(items: readonly T[], page = 1, size = PAGE_SIZE): Page<T> {
  const { offset, ...w } = pageWindow(items.length, page, size);
  return { items: items.slice(offset, offset + Math.max(1, Math.floor(size))), ...w };
}

/**
 * The page of a reply's items to show: the items as they are when the command already loaded one
 * page (`reply.paging`), else page `page` of `reply.items` cut by {@link paginate}.
 */
export function replyPage(reply: Reply, page: number | undefined, size = PAGE_SIZE): Page<ListItem> {
  const items = reply.items ?? [];
  if (!reply.paging) return paginate(items, page, size);
  const { page: current, pages } = reply.paging;
  return {
    items,
    page: current,
    pages,
    ...(current > 1 ? { prev: current - 1 } : {}),
    ...(current < pages ? { next: current + 1 } : {}),
  };
}

/**
 * Escapes `raw` with `encode` and keeps the result within `max` UTF-16 units, ending in `…` when
 * cut. It cuts between characters of the raw text, so it never splits an entity such as `&amp;`
 * or a surrogate pair.
 */
export function escapeWithin(raw: string, max: number, encode: (s: string) => string): string {
  const whole = encode(raw);
  if (whole.length <= max) return whole;
  let out = '';
  for (const ch of raw) {
    const piece = encode(ch);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}
