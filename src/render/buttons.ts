/**
 * Helpers shared by the renderers: list pagination (the page buttons of Slack and Telegram point
 * at the numbers computed here) and the cut of overlong text.
 */

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
export function paginate<T>(items: readonly T[], page = 1, size = 10): Page<T> {
  const perPage = Math.max(1, Math.floor(size));
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const current = Math.min(pages, Math.max(1, Number.isFinite(page) ? Math.floor(page) : 1));
  const start = (current - 1) * perPage;
  return {
    items: items.slice(start, start + perPage),
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
