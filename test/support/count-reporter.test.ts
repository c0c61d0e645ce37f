import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestModule } from 'vitest/node';
import CountReporter from './count-reporter.ts';

/** A test file as the reporter sees it: its tests' states and its own. */
const file = (states: string[], state = 'passed') =>
  ({
    state: () => state,
    children: {
      *allTests() {
        for (const s of states) yield { result: () => ({ state: s }) };
      },
    },
  }) as unknown as TestModule;

function closingLine(files: TestModule[]): string {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  new CountReporter().onTestRunEnd(files);
  return out.join('').trim();
}

describe('the closing line CI reads', () => {
  afterEach(() => vi.restoreAllMocks());

  it('counts passed, failed and skipped tests, and a file that failed to load as one failure', () => {
    const files = [file(['passed', 'skipped', 'failed', 'passed']), file(['skipped']), file([], 'failed')];
    expect(closingLine(files)).toBe('2 passed, 2 failed, 2 skipped');
  });

  it('is the line .ci/run looks for', () => {
    const pattern = /grep -qE '([^']+)'/.exec(readFileSync('.ci/run', 'utf8'))?.[1] ?? '';
    expect(closingLine([file(['passed', 'skipped'])])).toMatch(new RegExp(pattern));
    expect('12 passed, 0 failed').not.toMatch(new RegExp(pattern));
  });
});
