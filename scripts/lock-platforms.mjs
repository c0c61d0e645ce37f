// Adds lockfile entries for platform-only optional packages that this registry does not serve (404),
// so that `npm ci` accepts the lock. Run after `npm install` whenever a dependency changes.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const pk = lock.packages;
const plat = (name) => {
  const m = name.match(/-(android|darwin|linux|win32|freebsd)-(arm64|x64|arm|ia32)(-musl)?$/);
  if (!m) throw new Error(name);
  const e = { os: [m[1]], cpu: [m[2]] };
  if (m[3]) e.libc = ['musl'];
  return e;
};
let added = 0;
for (const [_path, entry] of Object.entries(pk)) {
  for (const [dep, ver] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (pk[key]) continue;
    pk[key] = {
      version: ver,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...plat(dep),
      license: entry.license,
    };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
lock.packages = sorted;
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platforms: added ${added} entries`);
