import { describe, expect, it } from 'vitest';
import { fromSlackText, mentionedUsers } from '../../src/adapters/slack/text.ts';

describe('Slack text at the edge', () => {
  it('turns Slack formatting into plain text and keeps user mentions for the core', () => {
    expect(fromSlackText('R&amp;D &lt;b&gt; <!channel> <!here|here> <#C0WG00001|working-group>')).toBe(
      'R&D <b> @channel @here #working-group',
    );
    expect(
      fromSlackText('see <https://mof.gov.vn/x|the portal> and <https://a.vn>, <mailto:a@b.vn|a@b.vn>'),
    ).toBe('see the portal (https://mof.gov.vn/x) and https://a.vn, a@b.vn');
    expect(fromSlackText('to:<@U0LAN0001|lan> &lt;@U0ADMIN01&gt;')).toBe('to:<@U0LAN0001> <@U0ADMIN01>');
    expect(mentionedUsers('<@U0LAN0001|lan> and <@U0LAN0001> and <@W0ABC123>')).toEqual([
      { id: 'U0LAN0001', label: 'lan' },
      { id: 'W0ABC123', label: undefined },
    ]);
  });

  it('decodes 200,000 characters of any markup in linear time', () => {
    for (const shape of ['<', '<@', '<http:', '&lt;', '<a|', '<<>']) {
      const text = shape.repeat(Math.ceil(200_000 / shape.length));
      expect(fromSlackText(text).length).toBeGreaterThan(0);
    }
  });
});
