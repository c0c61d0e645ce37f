/**
 * The summary chart: blockers open vs resolved per week, drawn as SVG and rasterised to PNG with
 * resvg. Pure: data in, bytes out; no clock, no network. Text uses the system fonts (DejaVu, Noto,
 * Liberation…); where a machine has none, resvg leaves the text out and the bars still draw.
 */
import { Resvg } from '@resvg/resvg-js';
import { localParts } from '../domain/local-time.ts';
import type { Image } from '../domain/reply.ts';
import type { Translate } from '../i18n/index.ts';

/** `DD/MM` of a week's start in the zone (from the cached offset, not a dayjs time zone per label). */
function dayMonth(d: Date, tz: string): string {
  const p = localParts(d, tz);
  return `${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}`;
}

/** One week of the chart (an entry of `SummaryData.weeks`): open at its end, resolved during it. */
export interface ChartWeek {
  start: Date;
  open: number;
  resolved: number;
}

/** The words on the chart, in the reader's language. */
export interface ChartLabels {
  title: string;
  open: string;
  resolved: string;
}

const W = 800;
const H = 420;
const PAD = { left: 56, right: 20, top: 78, bottom: 48 };
const COLORS = { open: '#d96c00', resolved: '#1f5fa8', grid: '#d0d4da', text: '#1a1a1a', muted: '#555555' };
const FONT = 'DejaVu Sans, Noto Sans, Liberation Sans, Arial, sans-serif';

const xml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** A round axis step (1, 2 or 5 × 10^k) giving about four grid lines up to `max`. */
function niceStep(max: number): number {
  if (max <= 4) return 1;
  const rough = max / 4;
  const pow = 10 ** Math.floor(Math.log10(rough));
  const m = rough / pow;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
}

/** The chart as an SVG document (800×420), week labels as `DD/MM` of each week's Monday in `tz`. */
export function chartSvg(weeks: readonly ChartWeek[], labels: ChartLabels, tz: string): string {
  const max = Math.max(0, ...weeks.map((w) => Math.max(w.open, w.resolved)));
  const step = niceStep(max);
  const top = Math.max(step * 4, Math.ceil(max / step) * step);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const slot = plotW / Math.max(1, weeks.length);
  const bar = Math.min(28, slot * 0.34);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="30" font-size="20" font-weight="bold" fill="${COLORS.text}">${xml(labels.title)}</text>`,
  );
  // Legend.
  const legend = [
    { color: COLORS.open, text: labels.open },
    { color: COLORS.resolved, text: labels.resolved },
  ];
  let lx = PAD.left;
  for (const l of legend) {
    out.push(
      `<rect x="${lx}" y="44" width="14" height="14" fill="${l.color}"/>`,
      `<text x="${lx + 20}" y="56" font-size="14" fill="${COLORS.text}">${xml(l.text)}</text>`,
    );
    lx += 20 + l.text.length * 8.5 + 32; // ~8.5 px a character at 14 px
  }
  // Grid and y axis.
  for (let v = 0; v <= top; v += step) {
    const gy = y(v).toFixed(1);
    out.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${gy}" y2="${gy}" stroke="${COLORS.grid}" stroke-width="1"/>`,
      `<text x="${PAD.left - 8}" y="${(y(v) + 5).toFixed(1)}" font-size="13" text-anchor="end" fill="${COLORS.muted}">${v}</text>`,
    );
  }
  // Bars, values and week labels.
  weeks.forEach((w, i) => {
    const cx = PAD.left + slot * i + slot / 2;
    const pairs = [
      { v: w.open, color: COLORS.open, x: cx - bar - 2 },
      { v: w.resolved, color: COLORS.resolved, x: cx + 2 },
    ];
    for (const p of pairs) {
      const h = y(0) - y(p.v);
      out.push(
        `<rect x="${p.x.toFixed(1)}" y="${y(p.v).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${p.color}"/>`,
        `<text x="${(p.x + bar / 2).toFixed(1)}" y="${(y(p.v) - 4).toFixed(1)}" font-size="12" text-anchor="middle" fill="${COLORS.text}">${p.v}</text>`,
      );
    }
    out.push(
      `<text x="${cx.toFixed(1)}" y="${H - PAD.bottom + 20}" font-size="13" text-anchor="middle" fill="${COLORS.muted}">${dayMonth(w.start, tz)}</text>`,
    );
  });
  out.push(
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(0)}" y2="${y(0)}" stroke="${COLORS.text}" stroke-width="1"/>`,
    '</svg>',
  );
  return out.join('\n');
}

/**
 * The chart as PNG bytes. Drawing is most of a summary's time (~40 ms, the system fonts loaded
 * each time) and the same numbers give the same picture: the last few are kept by their SVG text.
 */
export function renderChart(weeks: readonly ChartWeek[], labels: ChartLabels, tz: string): Uint8Array {
  const svg = chartSvg(weeks, labels, tz);
  const known = drawn.get(svg);
  if (known) return known;
  const png = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  const out = new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
  if (drawn.size >= DRAWN_KEPT) drawn.delete(drawn.keys().next().value as string);
  drawn.set(svg, out);
  return out;
}

/** Charts already drawn, by SVG text (a few kB each): one per language, block and week. */
const drawn = new Map<string, Uint8Array>();
const DRAWN_KEPT = 16;

/** The words of the chart, and a text alternative that carries its numbers. */
export function chartText(t: Translate, tz: string, weeks: readonly ChartWeek[]) {
  const labels: ChartLabels = {
    title: t('chart.title'),
    open: t('chart.open'),
    resolved: t('chart.resolved'),
  };
  const alt = `${labels.title}: ${weeks
    .map((w) =>
      t('chart.alt_week', {
        week: dayMonth(w.start, tz),
        open: w.open,
        resolved: w.resolved,
      }),
    )
    .join('; ')}.`;
  return { labels, alt };
}

/** The summary's chart as a reply image (`summary.png`), for `/summary` and the scheduled summaries. */
export function summaryChart(t: Translate, tz: string, data: { weeks: readonly ChartWeek[] }): Image {
  const { labels, alt } = chartText(t, tz, data.weeks);
  return { filename: 'summary.png', png: renderChart(data.weeks, labels, tz), alt };
}
