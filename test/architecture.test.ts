import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import (static, `export … from`, dynamic) of a file, as repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/^import\s+['"]([^'"]+)['"]/gm),
  ].map((m) => m[1] ?? '');
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, resolve(dirname(file), s)).replaceAll('\\', '/'));
}

/** `file -> import` arrows from files under `from` into any folder of `to`. */
function arrows(from: string[], to: string[]): string[] {
  const out: string[] = [];
  for (const dir of from) {
    for (const file of tsFiles(join(ROOT, dir))) {
      for (const target of importsOf(file)) {
        if (to.some((t) => target.startsWith(`${t}/`))) out.push(`${relative(ROOT, file)} -> ${target}`);
      }
    }
  }
  return out;
}

describe('the import graph', () => {
  it('has no arrow from the queue or the jobs to the store or the adapters', () => {
    expect(arrows(['src/queue', 'jobs'], ['src/store', 'src/adapters'])).toEqual([]);
  });

  it('has no arrow from the services or the domain to the queue or the adapters', () => {
    expect(arrows(['src/services', 'src/domain'], ['src/queue', 'src/adapters', 'jobs'])).toEqual([]);
  });

  it('keeps the domain free of the store', () => {
    expect(arrows(['src/domain'], ['src/store', 'src/services'])).toEqual([]);
  });

  it('sees the arrows it is meant to find', () => {
    expect(arrows(['src/services'], ['src/store']).length).toBeGreaterThan(0);
  });
});
