/**
 * Rules of the source itself (issue 16): only repositories speak SQL, nothing above the store
 * imports a store type, and a concept is written once.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** The TypeScript files under `dir` (or `dir` itself when it is a file). */
function filesUnder(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!statSync(abs).isDirectory()) return [dir];
  return readdirSync(abs).flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return filesUnder(relative(ROOT, path));
    return name.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
}

const source = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The files of `dirs` whose source matches `pattern`, with the first matching line. */
function offenders(dirs: string[], pattern: RegExp, except: string[] = []): string[] {
  return dirs
    .flatMap(filesUnder)
    .filter((f) => !except.includes(f))
    .flatMap((f) => {
      const line = source(f)
        .split('\n')
        .find((l) => pattern.test(l));
      return line ? [`${f}: ${line.trim()}`] : [];
    });
}

describe('one definition', () => {
  it('only repositories speak SQL: services import neither drizzle nor the schema', () => {
    expect(offenders(['src/services'], /from 'drizzle-orm'|store\/schema\.ts'/)).toEqual([]);
  });

  it('nothing above the store imports from it but the services and the entry files', () => {
    const above = [
      'src/present',
      'src/http',
      'src/adapters',
      'src/render',
      'src/dispatch.ts',
      'commands',
      'jobs',
    ];
    expect(offenders([...above, 'src/domain'], /from '[./]*(src\/)?store\//)).toEqual([]);
  });

  it('the services keep their dependencies: no holder of Services reaches the raw database or ports', () => {
    expect(offenders(['src', 'commands', 'jobs', 'test'], /services\.deps\b|\bs\.deps\./)).toEqual([]);
    expect(source('src/services/index.ts')).not.toMatch(/^\s*deps,$/m);
  });

  it('"closed" is defined once (src/domain/blocker-status.ts)', () => {
    const closedLiteral =
      /['"]resolved['"]\s*\|\|[^\n]*['"]dropped['"]|\[\s*['"]resolved['"],\s*['"]dropped['"]\s*\]|\('resolved', 'dropped'\)|['"]new['"],\s*['"]open['"],\s*['"]in_progress['"]/;
    expect(
      offenders(['src', 'commands', 'jobs'], closedLiteral, [
        'src/domain/blocker-status.ts',
        'src/domain/types.ts',
      ]),
    ).toEqual([]);
  });

  it('the reply language rule is written once (replyLang in src/domain)', () => {
    const rule = /\?\?\s*[\w.]*BOT_LOCALE|^\s*[\w.]*BOT_LOCALE;$/;
    // The web view's language is the reader's browser's, no chat's or person's: its own rule.
    expect(offenders(['src', 'commands', 'jobs'], rule, ['src/http/web.ts'])).toEqual([]);
  });

  it('one title limit (TITLE_MAX in src/domain/limits.ts): no other number guards a title', () => {
    const guard =
      /title\w*\.length\s*>\s*\d|TITLE_MAX\s*=|max_length:\s*300\b|title_too_long',\s*\{\s*max:\s*\d/;
    expect(offenders(['src', 'commands'], guard, ['src/domain/limits.ts'])).toEqual([]);
  });
});
