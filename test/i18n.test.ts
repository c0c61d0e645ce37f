import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../src/domain/permissions.ts';
import {
  BLOCKER_STATUSES,
  BLOCKS,
  CATEGORIES,
  EXTENSION_STATUSES,
  FEEDS,
  PRIORITIES,
  ROADMAP_STATUSES,
  ROLES,
  SOURCES,
  UNIT_KINDS,
} from '../src/domain/types.ts';
import { en } from '../src/i18n/en.ts';
import { translator } from '../src/i18n/index.ts';
import { vi } from '../src/i18n/vi.ts';
import { LIST_SCOPES } from '../src/services/blocker-queries.ts';

const root = new URL('..', import.meta.url).pathname;
function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}
const code = [...sources('src'), ...sources('commands'), ...(safe(() => sources('jobs')) ?? [])]
  .filter((p) => !p.startsWith('src/i18n/'))
  .map((p) => readFileSync(join(root, p), 'utf8'))
  .join('\n');
function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('have the same keys in en and vi', () => {
    expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort());
  });

  it('have the same placeholders in both languages, and no empty message', () => {
    for (const [key, text] of Object.entries(en)) {
      const other = (vi as Record<string, string>)[key] ?? '';
      expect(placeholders(other), key).toEqual(placeholders(text));
      expect(text.trim(), key).not.toBe('');
      expect(other.trim(), key).not.toBe('');
    }
  });

  it('hold every key the code asks for by name', () => {
    const keys = new Set<string>();
    for (const m of code.matchAll(/\bt\(\s*'([a-z_]+(?:\.[a-z_0-9]+)+)'/g)) keys.add(m[1] ?? '');
    for (const m of code.matchAll(/UserError\(\s*'([a-z_]+\.[a-z_]+)'/g)) keys.add(m[1] ?? '');
    for (const m of code.matchAll(/kind: '(notice\.[a-z_]+)'/g)) keys.add(m[1] ?? '');
    for (const m of code.matchAll(/summary: '(help\.[a-z_.]+)'/g)) keys.add(m[1] ?? '');
    for (const m of code.matchAll(/code = '([a-z_]+\.[a-z_]+)'/g)) keys.add(m[1] ?? '');
    expect(keys.size).toBeGreaterThan(100);
    const missing = [...keys].filter((k) => !Object.hasOwn(en, k));
    expect(missing).toEqual([]);
  });

  it('name every status, category, block, role, feed, permission and history action', () => {
    const families: [string, readonly string[]][] = [
      ['status', BLOCKER_STATUSES],
      ['priority', PRIORITIES],
      ['category', CATEGORIES],
      ['source', SOURCES],
      ['block', BLOCKS],
      ['kind', UNIT_KINDS],
      ['role', ROLES],
      ['feed', FEEDS],
      ['rstatus', ROADMAP_STATUSES],
      ['xstatus', EXTENSION_STATUSES],
      ['scope', LIST_SCOPES],
      ['perm', PERMISSIONS],
    ];
    const actions = new Set([...code.matchAll(/(?<!\w)action: '([a-z_]+)'/g)].map((m) => m[1] ?? ''));
    families.push(['action', [...actions, 'start', 'resolve', 'reopen', 'drop', 'approved', 'rejected']]);
    const missing = families.flatMap(([prefix, values]) =>
      values.map((v) => `${prefix}.${v}`).filter((k) => !Object.hasOwn(en, k)),
    );
    expect(missing).toEqual([]);
  });

  it('fills placeholders and falls back to English, then to the key', () => {
    expect(translator('vi')('unit.unknown', { unit: 'XYZ' })).toBe('không có đơn vị XYZ (xem /unit list).');
    expect(translator('en')('no.such.key')).toBe('no.such.key');
  });
});
