// `npm run build [-- OUT_DIR]`: compiles src/, commands/ and jobs/ to plain JavaScript in dist/ (or
// OUT_DIR) with tsconfig.build.json, and copies beside it what the code reads at run time, at the
// same relative paths (src/store/db.ts reads ../../drizzle, src/seed-data.ts ../seed/units.json),
// so `node dist/src/main.js` runs with no TypeScript tooling.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** What the compiled code reads from disk, relative to the project root. */
const RUNTIME_FILES = ['drizzle', 'seed/units.json'];

const out = resolve(process.argv[2] ?? join(root, 'dist'));
const started = Date.now();
rmSync(out, { recursive: true, force: true });
execFileSync(
  join(root, 'node_modules/.bin/tsc'),
  ['-p', join(root, 'tsconfig.build.json'), '--outDir', out],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const path of RUNTIME_FILES) cpSync(join(root, path), join(out, path), { recursive: true });
// The output is ES modules wherever it is put (the project's package.json says so only above dist/).
writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
process.stdout.write(`build: ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
