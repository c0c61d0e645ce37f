import { describe, expect, it } from 'vitest';
import { reply } from '../../src/domain/reply.ts';
import { renderText } from '../../src/render/text.ts';

describe('renderText', () => {
  it('prints an error title as is with its usage on the next line', () => {
    const out = renderText(reply.error('Unknown unit: MOFX', '/blocker assign B-n UNIT [@person]'));
    expect(out).toBe('Unknown unit: MOFX\nUsage: /blocker assign B-n UNIT [@person]');
  });

  it('renders lines, fields, items, buttons and images without trailing whitespace', () => {
    const out = renderText(
      reply.ok('Blockers', {
        lines: ['Two open  ', ''],
        fields: [{ label: 'Deadline', value: '31/12/2025', at: '2025-12-31T10:00:00Z' }],
        items: [
          {
            id: 'B-12',
            text: 'Data sharing decree',
            detail: 'MOF · due 31/12/2025',
            buttons: [{ label: 'Start', action: 'blocker.start', value: 'B-12' }],
          },
          { text: 'No id here' },
        ],
        buttons: [
          { label: 'Start', action: 'blocker.start', value: 'B-12' },
          { label: 'Resolve', action: 'blocker.resolve', value: 'B-12' },
        ],
        images: [{ filename: 'weekly.png', png: new Uint8Array(), alt: 'chart' }],
      }),
    );
    expect(out).toBe(
      [
        'Blockers',
        'Two open',
        '',
        'Deadline: 31/12/2025',
        '• B-12  Data sharing decree',
        '  MOF · due 31/12/2025',
        '  Actions: Start',
        '• No id here',
        'Actions: Start · Resolve',
        '(chart: weekly.png)',
      ].join('\n'),
    );
    for (const line of out.split('\n')) expect(line).toBe(line.trimEnd());
  });
});
