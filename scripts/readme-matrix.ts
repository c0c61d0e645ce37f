/**
 * Rewrites the permission table in README.md ("Who may do what") from src/domain/permissions.ts.
 * Run `npx tsx scripts/readme-matrix.ts` after changing the matrix; test/readme.test.ts fails
 * while the two differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { permissionMatrixMarkdown } from '../src/domain/permissions.ts';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const block = /(<!-- generated[^\n]*-->\n)[\s\S]*?(<!-- end of generated matrix -->)/;
if (!block.test(readme)) throw new Error('README.md has no generated matrix block');
const next = readme.replace(
  block,
  (_m, open: string, close: string) => `${open}${permissionMatrixMarkdown()}\n${close}`,
);
if (next !== readme) writeFileSync(path, next);
console.log(next === readme ? 'README matrix already up to date' : 'README matrix rewritten');
