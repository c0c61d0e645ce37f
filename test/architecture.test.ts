import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layout README's Architecture section promises, read from that section itself (the table
 * between `<!-- parts -->` and `<!-- end of parts -->`), checked against every import in the tree:
 * every file belongs to exactly one part, every arrow between parts is one the table allows, and no
 * files import each other in a circle.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TREES = ['src', 'commands', 'jobs'];

interface Part {
  name: string;
  /** Folders (ending in `/`) and single files, relative to the repository. */
  paths: string[];
  mayImport: Set<string>;
}

/** The parts table of README.md: `| \`name\` | \`path\`, \`path/\` | \`part\`, \`part\` |`. */
function readParts(readme: string): Part[] {
  const section = /<!-- parts -->([\s\S]*?)<!-- end of parts -->/.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no parts table between <!-- parts --> markers');
  const ticks = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
  return section
    .split('\n')
    .filter((l) => /^\|\s*`/.test(l))
    .map((line) => {
      const [name = '', paths = '', imports = ''] = line
        .split('|')
        .slice(1)
        .map((c) => c.trim());
      const anything = /\banything\b/.test(imports);
      return {
        name: ticks(name)[0] ?? '',
        paths: ticks(paths),
        mayImport: new Set(anything ? ['*'] : ticks(imports)),
      };
    });
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import (static, type-only, `export … from`, dynamic) of a file, as repository paths. */
function importsOf(text: string, file: string): string[] {
  const specs = [
    ...text.matchAll(/(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/^import\s+['"]([^'"]+)['"]/gm),
  ].map((m) => m[1] ?? '');
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, resolve(dirname(join(ROOT, file)), s)).replaceAll('\\', '/'));
}

const parts = readParts(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const files = TREES.flatMap((t) => tsFiles(join(ROOT, t))).map((f) =>
  relative(ROOT, f).replaceAll('\\', '/'),
);
const graph = new Map(files.map((f) => [f, importsOf(readFileSync(join(ROOT, f), 'utf8'), f)]));

/** The parts a file belongs to (exactly one, when the table is right). */
const partsOf = (file: string) =>
  parts.filter((p) => p.paths.some((path) => (path.endsWith('/') ? file.startsWith(path) : file === path)));

/** Circles of files importing each other (Tarjan's strongly connected components of two or more). */
function circles(g: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) ?? 0);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const circle: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      circle.push(w);
    }
    if (circle.length > 1) found.push(circle.sort());
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the layout README promises', () => {
  it('names each part once, and every part it allows exists', () => {
    const names = parts.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    const unknown = parts.flatMap((p) => [...p.mayImport].filter((m) => m !== '*' && !names.includes(m)));
    expect(unknown).toEqual([]);
  });

  it('puts every file of src/, commands/ and jobs/ in exactly one part', () => {
    const astray = files
      .filter((f) => partsOf(f).length !== 1)
      .map((f) => `${f}: ${partsOf(f).length} parts`);
    expect(astray).toEqual([]);
  });

  it('has no import that the parts table does not allow', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = partsOf(file)[0];
      for (const target of targets) {
        const to = partsOf(target)[0];
        if (!from || !to || from === to || from.mayImport.has('*') || from.mayImport.has(to.name)) continue;
        wrong.push(`${file} (${from.name}) -> ${target} (${to.name})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no circle of files importing each other', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('sees the arrows and circles it is meant to find', () => {
    expect(graph.get('src/main.ts')?.length).toBeGreaterThan(0);
    expect(
      importsOf("import type { A } from './a.ts';\nconst m = await import('../b.ts');", 'src/x/y.ts'),
    ).toEqual(['src/x/a.ts', 'src/b.ts']);
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(circles(g)).toEqual([['a', 'b', 'c']]);
    const table = readParts('<!-- parts -->\n| `x` | `src/x/`, `src/y.ts` | `z` |\n<!-- end of parts -->');
    expect(table).toEqual([{ name: 'x', paths: ['src/x/', 'src/y.ts'], mayImport: new Set(['z']) }]);
  });
});
