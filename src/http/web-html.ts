/** Small HTML building blocks for the public web view: escaping, the page shell, tables. */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** HTML-escapes text for element content and quoted attribute values. */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Markup that is already escaped; a marker so `cell()` does not escape it twice. */
export interface Html {
  html: string;
}
export const raw = (html: string): Html => ({ html });
const render = (v: string | number | Html | null | undefined) =>
  typeof v === 'object' && v !== null ? v.html : esc(v);

export type Cell = string | number | Html | null | undefined;

export interface TableSpec {
  caption: string;
  head: string[];
  rows: { cells: Cell[]; className?: string | undefined }[];
  /** Shown in one full-width row when there are no rows. */
  empty: string;
  /** Columns (0-based) holding numbers: right-aligned. */
  numeric?: number[];
}

/**
 * An accessible table (caption, column headers, first cell as row header). On a narrow screen each
 * row becomes a card: the cells stack, each labelled with its column head (`data-label`), so
 * nothing is wider than the phone.
 */
export function table(spec: TableSpec): string {
  const num = new Set(spec.numeric ?? []);
  const cls = (i: number) => (num.has(i) ? ' class="num"' : '');
  const head = spec.head.map((h, i) => `<th scope="col"${cls(i)}>${esc(h)}</th>`).join('');
  const body = spec.rows.length
    ? spec.rows
        .map((r) => {
          const label = (i: number) => ` data-label="${esc(spec.head[i] ?? '')}"`;
          const cells = r.cells
            .map((c, i) =>
              i === 0
                ? `<th scope="row"${label(i)}>${render(c)}</th>`
                : `<td${cls(i)}${label(i)}>${render(c)}</td>`,
            )
            .join('');
          return `<tr${r.className ? ` class="${esc(r.className)}"` : ''}>${cells}</tr>`;
        })
        .join('\n')
    : `<tr><td colspan="${spec.head.length}" class="empty">${esc(spec.empty)}</td></tr>`;
  return `<div class="scroll"><table>
<caption>${esc(spec.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody></table></div>`;
}

const CSS = `
:root{color-scheme:light;--fg:#1a1a1a;--muted:#555;--line:#d0d4da;--bad:#a4161a;--warn:#8a5a00;--ok:#1b6e2d;--bg2:#f3f5f8}
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--fg);background:#fff}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem;border-bottom:3px solid #a4161a}
h1{font-size:1.5rem;margin:.25rem 0}h2{font-size:1.2rem;margin:2rem 0 .5rem}
.muted,caption{color:var(--muted)}caption{text-align:left;padding:.25rem 0;font-size:.9rem}
a{color:#0b4f9c}a:focus,button:focus,select:focus{outline:3px solid #f2b705;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
form{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:1rem 0}
label{display:flex;flex-direction:column;font-size:.9rem;max-width:100%}
select,button{font:inherit;padding:.35rem .5rem;min-height:2.5rem;max-width:100%}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border-bottom:1px solid var(--line);padding:.4rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--bg2);font-weight:600}
tbody th{font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}
tr.block th,tr.block td{background:var(--bg2)}
tr.overdue{background:#fdecec}.tag{display:inline-block;padding:0 .35rem;border-radius:.25rem;font-size:.85rem;font-weight:600}
.tag.bad{color:#fff;background:var(--bad)}.tag.warn{color:var(--warn);border:1px solid var(--warn)}.tag.ok{color:var(--ok);border:1px solid var(--ok)}
.empty{color:var(--muted);font-style:italic}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem;margin:.5rem 0}
.card{border:1px solid var(--line);border-radius:.4rem;padding:.5rem .75rem}.card b{display:block;font-size:1.6rem}
img.chart{max-width:100%;height:auto;border:1px solid var(--line)}
td,th{overflow-wrap:anywhere}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.strip{font-family:ui-monospace,"DejaVu Sans Mono",monospace;letter-spacing:.1em}
nav.units ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;list-style:none}
.pager{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;align-items:center;margin:.5rem 0}.pager p{margin:0}.pager a{display:inline-block;padding:.5rem 0}
@media (max-width:40rem){
.scroll table,.scroll tbody,.scroll tr,.scroll th,.scroll td{display:block;width:100%}
.scroll thead tr{position:absolute;width:1px;height:1px;padding:0;margin:0;border:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.scroll tr{border:1px solid var(--line);border-radius:.4rem;margin:0 0 .6rem;padding:.25rem .5rem}
.scroll tbody th{border-bottom:1px solid var(--line);font-size:1.05rem}
.scroll caption{display:block}
.scroll td{border:0;padding:.2rem 0 .2rem 42%;text-align:left;position:relative;min-height:1.6rem}
.scroll td::before{content:attr(data-label);position:absolute;left:0;width:40%;font-weight:600;color:var(--muted)}
.scroll td.empty{padding-left:0}.scroll td.empty::before{content:none}
tr.block{background:var(--bg2)}
}
footer{margin-top:2rem;padding-bottom:2rem;color:var(--muted);font-size:.9rem;border-top:1px solid var(--line)}
`;

/** The page shell: language, viewport, inline CSS, a skip link; `body` is escaped markup. */
export function page(opts: {
  lang: string;
  title: string;
  header: string;
  body: string;
  footer: string;
}): string {
  return `<!doctype html>
<html lang="${esc(opts.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)}</title>
<style>${CSS}</style>
</head>
<body>
${opts.header}
<main id="main">
${opts.body}
</main>
<footer>${opts.footer}</footer>
</body>
</html>
`;
}
