import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { type ChartWeek, chartSvg, renderChart, summaryChart } from '../../src/present/chart.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const labels = { title: 'Open vs resolved', open: 'open', resolved: 'resolved' };
const weeks = (open: number[], resolved: number[]): ChartWeek[] =>
  open.map((o, i) => ({
    start: new Date(Date.UTC(2026, 0, 4 + 7 * i, 17)),
    open: o,
    resolved: resolved[i] ?? 0,
  }));

/** The PNG signature and the width and height from its IHDR chunk. */
function pngInfo(png: Uint8Array) {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return {
    signature: [...png.slice(0, 8)],
    chunk: new TextDecoder().decode(png.slice(12, 16)),
    width: view.getUint32(16),
    height: view.getUint32(20),
  };
}

describe('summary chart', () => {
  it('is a valid PNG of a sensible size', () => {
    const info = pngInfo(renderChart(weeks([3, 5, 8, 4], [0, 1, 6, 2]), labels, TZ));
    expect(info.signature).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(info.chunk).toBe('IHDR');
    expect(info).toMatchObject({ width: 800, height: 420 });
  });

  it('changes when the data changes, and draws an empty history too', () => {
    const a = renderChart(weeks([3, 5, 8, 4], [0, 1, 6, 2]), labels, TZ);
    const b = renderChart(weeks([3, 5, 8, 9], [0, 1, 6, 2]), labels, TZ);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(
      Buffer.from(a).equals(Buffer.from(renderChart(weeks([3, 5, 8, 4], [0, 1, 6, 2]), labels, TZ))),
    ).toBe(true);
    expect(pngInfo(renderChart(weeks([0, 0], [0, 0]), labels, TZ)).width).toBe(800);
  });

  it('labels weeks by their Monday in the time zone and escapes the words', () => {
    const svg = chartSvg(weeks([1, 2], [0, 1]), { ...labels, title: 'A <b> & "c"' }, TZ);
    expect(svg).toContain('>05/01<'); // Sunday 17:00 UTC is Monday in Hanoi
    expect(svg).toContain('>12/01<');
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
    expect(svg).not.toContain('<b>');
  });

  it('carries its numbers in the alt text, in the reader’s language', () => {
    const img = summaryChart(translator('vi'), TZ, { weeks: weeks([4], [2]) });
    expect(img.filename).toBe('summary.png');
    expect(img.alt).toBe(
      'Vướng mắc: đang mở và đã giải quyết theo tuần: tuần 05/01: 4 đang mở, 2 đã giải quyết.',
    );
  });
});
