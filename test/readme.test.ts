import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.ts';
import { permissionMatrixMarkdown } from '../src/domain/permissions.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('starts with the two-command quick start', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const lines = firstBlock.split('\n').filter((l) => l.trim());
    expect(lines.map((l) => l.replace(/\s*#.*$/, ''))).toEqual(['npm ci && npm start', 'npm ci && npm test']);
  });

  it('shows the permission matrix the code enforces', () => {
    const m = /<!-- generated[^\n]*-->\n([\s\S]*?)<!-- end of generated matrix -->/.exec(readme);
    expect(m?.[1]?.trim()).toBe(permissionMatrixMarkdown().trim());
  });

  it('documents every chat command', () => {
    for (const c of commands) expect(readme).toContain(`/${c.name}`);
  });
});
