import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.ts';
import { BLOCKER_ACTIONS } from '../src/domain/blocker-status.ts';
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

const root = join(import.meta.dirname, '..');

/** Every TypeScript source the bot runs (not the catalogs themselves). */
function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const dir of ['src', 'commands', 'jobs']) {
    let entries: string[];
    try {
      entries = readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' });
    } catch {
      continue; // `jobs/` may not exist yet
    }
    for (const e of entries) {
      if (!e.endsWith('.ts') || e.startsWith('i18n')) continue;
      out.push({ file: `${dir}/${e}`, text: readFileSync(join(root, dir, e), 'utf8') });
    }
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const all = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => m[1] as string);

const enKeys = Object.keys(en);
const families = new Set(enKeys.map((k) => k.split('.')[0]));
const code = sources();

/** Namespaced ids that are not messages: permissions and button actions (`blocker.start`). */
const notMessages = new Set<string>([
  ...PERMISSIONS,
  ...code.flatMap(({ text }) => all(/\baction:\s*'([a-z_]+\.[a-z_]+)'/g, text)),
  // File names, not messages.
  'summary.png',
]);

/** The first argument of every `t(…)` call: the literals in it (ternaries give two). */
function tCallKeys(text: string): string[] {
  const keys: string[] = [];
  for (const m of text.matchAll(/(?<![\w.$])(?:t|ctx\.t|look\.t)\(/g)) {
    let depth = 0;
    let end = m.index + m[0].length;
    for (; end < text.length; end++) {
      const ch = text[end];
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        if (depth === 0) break;
        depth--;
      } else if (ch === ',' && depth === 0) break;
    }
    // Keys are always namespaced (`blocker.added`); other literals are conditions (`sub === 'approve'`).
    keys.push(...all(/'(\w+(?:\.\w+)+)'/g, text.slice(m.index + m[0].length, end)));
  }
  return keys;
}

/** Every key the code can ask for, with where it comes from. */
function usedKeys(): Map<string, string> {
  const used = new Map<string, string>();
  const add = (key: string, from: string) => used.has(key) || used.set(key, from);
  for (const { file, text } of code) {
    for (const k of tCallKeys(text)) add(k, `${file}: t()`);
    for (const k of all(/UserError\(\s*'([^']+)'/g, text)) add(k, `${file}: UserError`);
    // Any other namespaced literal of a catalog family: error codes passed around, notice kinds…
    for (const k of all(/'([a-z_]+(?:\.[a-z_]+)+)'/g, text))
      if (families.has(k.split('.')[0] ?? '') && !notMessages.has(k)) add(k, `${file}: literal`);
    // History actions written by services and jobs.
    if (/record\(|appendHistory\(/.test(text))
      for (const expr of all(/\baction:\s*([^,\n}]+)/g, text))
        for (const a of all(/'([a-z_]+)'/g, expr)) add(`action.${a}`, `${file}: history`);
    for (const w of all(/oneOf\([^;]*?,\s*'([a-z_]+)'\s*\)/g, text)) add(`arg.${w}`, `${file}: oneOf`);
  }
  const dynamic: [string, readonly string[]][] = [
    ['status', BLOCKER_STATUSES],
    ['priority', PRIORITIES],
    ['category', CATEGORIES],
    ['source', SOURCES],
    ['block', BLOCKS],
    ['kind', UNIT_KINDS],
    ['role', [...ROLES, 'lead']],
    ['feed', FEEDS],
    ['rstatus', ROADMAP_STATUSES],
    ['xstatus', EXTENSION_STATUSES],
    ['scope', LIST_SCOPES],
    ['perm', PERMISSIONS],
    ['verb', BLOCKER_ACTIONS],
    ['action', [...BLOCKER_ACTIONS, ...EXTENSION_STATUSES.filter((x) => x !== 'pending')]],
    ['arg', ['blocker', 'roadmap', 'extension']],
  ];
  for (const [family, values] of dynamic) for (const v of values) add(`${family}.${v}`, `${family}.* family`);
  for (const c of commands) {
    add(c.summary, `/${c.name} summary`);
    for (const s of Object.values(c.subcommands ?? {})) add(s.summary, `/${c.name} subcommand`);
  }
  return used;
}

describe('i18n catalogs', () => {
  it('en and vi have exactly the same keys', () => {
    expect(Object.keys(vi).sort()).toEqual([...enKeys].sort());
  });

  it('every key has the same {placeholders} in en and vi', () => {
    const differ = enKeys.filter(
      (k) => placeholders(en[k as keyof typeof en]).join() !== placeholders(vi[k as keyof typeof vi]).join(),
    );
    expect(differ).toEqual([]);
  });

  it('no message is empty or left untranslated in vi (beyond names and codes)', () => {
    const keys = enKeys as (keyof typeof en)[];
    expect(keys.filter((k) => !en[k].trim() || !vi[k].trim())).toEqual([]);
    const same = keys.filter((k) => en[k] === vi[k] && /[a-z]{4,}/.test(en[k].replace(/\{\w+\}|\/\S+/g, '')));
    expect(same).toEqual([]);
  });

  it('every key the code uses exists in both catalogs', () => {
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(150);
    const missing = [...used].filter(([k]) => !(k in en) || !(k in vi)).map(([k, from]) => `${k} (${from})`);
    expect(missing).toEqual([]);
  });

  it('finds keys in t() calls, error codes and dynamic families (the scan itself works)', () => {
    const used = usedKeys();
    for (const k of [
      'blocker.added',
      'extension.approved',
      'date.no_such_day',
      'unit.unknown',
      'notice.escalated',
    ])
      expect(used.has(k), k).toBe(true);
    for (const k of ['action.first_contact', 'action.alert_on', 'arg.category', 'perm.wg.role'])
      expect(used.has(k), k).toBe(true);
    expect(tCallKeys("x = ctx.t(all ? 'a.one' : 'a.two', { n }); t('b.three')")).toEqual([
      'a.one',
      'a.two',
      'b.three',
    ]);
  });

  it('fills placeholders and falls back to English, then to the key', () => {
    expect(translator('vi')('blocker.added', { id: 'B-1', title: 'Cổng' })).toBe(
      vi['blocker.added'].replace('{id}', 'B-1').replace('{title}', 'Cổng'),
    );
    expect(translator('en')('no.such.key')).toBe('no.such.key');
  });
});
