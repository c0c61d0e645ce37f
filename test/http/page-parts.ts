/** Reading the public page in the paging tests: one section's HTML and its pager's links. */

/** The HTML of the section headed `heading`, to its end. */
export function sectionHtml(html: string, heading: string): string {
  const at = html.indexOf(`>${heading}</h2>`);
  if (at < 0) throw new Error(`no section ${heading}`);
  return html.slice(at, html.indexOf('</section>', at));
}

/** The pager's `prev` and `next` links in `text`, unescaped. */
export function pagerLinks(text: string): Record<string, string | undefined> {
  return Object.fromEntries(
    [...text.matchAll(/<a rel="(prev|next)" href="([^"]+)"/g)].map((m) => [
      m[1],
      m[2]?.replace(/&amp;/g, '&'),
    ]),
  );
}

/** GET `path` of the server at `base`: the response and its body. */
export async function getPage(base: string, path: string) {
  const res = await fetch(base + path);
  return { res, html: await res.text() };
}
