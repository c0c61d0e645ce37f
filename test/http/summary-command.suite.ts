import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/render/text.ts';
import type { WebFixture } from './fixture.ts';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** `/summary` in chat carries the same chart the web view shows. */
export function summaryCommandTests(fixture: () => WebFixture): void {
  describe('/summary (chat command)', () => {
    it('replies with the summary text and the chart image', async () => {
      const { reply } = await fixture().app.dispatcher.handle({
        text: '/summary',
        who: { platform: 'console', id: 'ana', name: 'Ana' },
        chat: { platform: 'console', id: 'console' },
        asAdmin: true,
      });
      expect(reply.kind).toBe('ok');
      const [image] = reply.images ?? [];
      expect(image?.filename).toBe('summary.png');
      expect([...(image?.png.slice(0, 8) ?? [])]).toEqual(PNG);
      expect(image?.alt).toContain('week of 09/03: 6 open, 1 resolved');
      expect(renderText(reply)).toContain('(chart: summary.png)');
    });
  });
}
