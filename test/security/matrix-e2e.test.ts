/**
 * The permission matrix, tried end to end: every permission × every role × a record of the
 * person's own unit, of another unit, and of a unit they asked to join but were not yet approved
 * into. The expected answer of each cell is read from PERMISSION_MATRIX (the table the README
 * prints), and each probe is a real command through the dispatcher on PGlite.
 */
import { describe, expect, it } from 'vitest';
import {
  MATRIX_COLUMNS,
  type MatrixColumn,
  PERMISSION_MATRIX,
  PERMISSIONS,
  type Permission,
} from '../../src/domain/permissions.ts';
import type { PlatformIdentity } from '../../src/domain/records.ts';
import { renderText } from '../../src/render/text.ts';
import { useWorld, type World } from '../core/harness.ts';

type Scope = 'own' | 'other' | 'pending';
const SCOPES: readonly Scope[] = ['own', 'other', 'pending'];
/** The actor's approved unit, a unit they have nothing to do with, and one they asked to join. */
const UNIT: Record<Scope, string> = { own: 'MIC', other: 'MOF', pending: 'HUE' };

/** What the matrix says `role` may do on a record of `scope` (never their own or created record). */
function expected(role: MatrixColumn, p: Permission, scope: Scope): boolean {
  const row = PERMISSION_MATRIX[p];
  // A unit lead is a member who leads a unit: both columns apply.
  const cells = role === 'lead' ? [row.member, row.lead] : [row[role]];
  return cells.some((c) => c === 'yes' || (c !== 'no' && scope === 'own'));
}

const mention = (who: PlatformIdentity) => `<@${who.id}>`;
const REFUSED =
  /^Error: (not allowed: your role may not|there is no (blocker|roadmap item|extension request) )/;

/** The records a probe acts on, made fresh by the admin for each case. */
interface Refs {
  b: string;
  /** A blocker with no deadline yet. */
  nb: string;
  r: string;
  x: string;
  joiner: string;
  n: number;
}

interface Probe {
  needs?: ('b' | 'nb' | 'r' | 'x' | 'joiner')[];
  text(unit: string, refs: Refs): string;
  /** Allowed when the reply shows this (list-like probes); else allowed when it is not an error. */
  shows?(refs: Refs): string | RegExp;
}

/**
 * One command per permission, aimed at a record (or unit) of the scope's unit; null for a
 * permission no chat command uses (`blocker.import` is `npm run import`, see test/mend/import).
 */
const PROBES: Record<Permission, Probe | null> = {
  'blocker.add': { text: (u, r) => `/blocker add Probe ${r.n} owner:${u} from:${u}` },
  'blocker.view': { needs: ['b'], text: (_u, r) => `/blocker show ${r.b}` },
  'blocker.list': {
    needs: ['b'],
    text: (u) => `/blocker list all unit:${u}`,
    shows: (r) => new RegExp(`${r.b}\\b`),
  },
  'blocker.note': { needs: ['b'], text: (_u, r) => `/blocker note ${r.b} probe` },
  'blocker.assign': { needs: ['b'], text: (u, r) => `/blocker assign ${r.b} ${u}` },
  'blocker.status': { needs: ['b'], text: (_u, r) => `/blocker start ${r.b}` },
  'blocker.escalate': { needs: ['b'], text: (_u, r) => `/blocker escalate ${r.b}` },
  'blocker.set_due': {
    needs: ['b'],
    text: (_u, r) => `/blocker due ${r.b} +40d`,
    shows: (r) => new RegExp(`^Deadline of ${r.b} set`),
  },
  'blocker.set_first_due': {
    needs: ['nb'],
    text: (_u, r) => `/blocker due ${r.nb} +40d`,
    shows: (r) => new RegExp(`^First deadline of ${r.nb} set`),
  },
  'blocker.edit': { needs: ['b'], text: (_u, r) => `/blocker edit ${r.b} prio:high` },
  'blocker.void': { needs: ['b'], text: (_u, r) => `/blocker void ${r.b} logged by mistake` },
  'blocker.import': null,
  'blocker.request_extension': { needs: ['b'], text: (_u, r) => `/blocker due ${r.b} +40d` },
  'blocker.triage': { text: () => '/blocker triage' },
  'hotline.log': { text: (u, r) => `/hotline ${u}: probe call number ${r.n} about scanners` },
  'roadmap.add': { text: (u, r) => `/roadmap add ${u} Probe deliverable ${r.n} due:eoy` },
  'roadmap.report': { needs: ['r'], text: (_u, r) => `/roadmap report ${r.r} 10%` },
  'roadmap.view': {
    needs: ['r'],
    text: (u) => `/roadmap unit:${u}`,
    shows: (r) => new RegExp(`${r.r}\\b`),
  },
  'extension.decide': { needs: ['x'], text: (_u, r) => `/extension approve ${r.x}` },
  'extension.list': {
    needs: ['x'],
    text: () => '/extension list all',
    shows: (r) => new RegExp(`${r.x}\\b`),
  },
  'unit.add': { text: (_u, r) => `/unit add Z${r.n} "Probe unit ${r.n}" block:party kind:party_body` },
  'unit.lead': { text: (u) => `/unit lead ${u} <@USPARE>` },
  'unit.alert': { text: (u) => `/unit alert ${u} on` },
  'unit.join': { text: (u) => `/unit join ${u}` },
  'unit.approve': { needs: ['joiner'], text: (u, r) => `/unit approve ${u} ${r.joiner}` },
  'unit.list': { text: () => '/unit list' },
  'summary.post': { text: () => '/summary' },
  'wg.subscribe': { text: () => '/wg subscribe alerts' },
  'wg.role': { text: () => '/wg role <@USPARE> member' },
  'wg.link': { text: () => '/wg link' },
  'wg.lang': { text: () => '/wg lang en' },
  'wg.tz': { text: () => '/wg tz Asia/Ho_Chi_Minh' },
  'wg.status': { text: () => '/wg status' },
  'wg.holiday': {
    text: (_u, r) => `/wg holiday add 2031-03-${String((r.n % 28) + 1).padStart(2, '0')} probe`,
  },
};

const ROLE_OF: Record<MatrixColumn, string> = {
  admin: 'admin',
  lead: 'member',
  member: 'member',
  hotline: 'hotline',
  external: 'external',
};

/** Units, a clerk (files extension requests), a spare person, and `role` in MIC with a pending join to HUE. */
async function scene(w: World, role: MatrixColumn): Promise<PlatformIdentity> {
  await w.setup(
    '/unit add MIC "Ministry of Information" block:government kind:ministry',
    '/unit add MOF "Ministry of Finance" block:government kind:ministry',
    '/unit add HUE "Hue City" block:government kind:locality',
  );
  const actor: PlatformIdentity = { platform: 'slack', id: `U${role.toUpperCase()}`, name: role };
  for (const who of [actor, { platform: 'slack' as const, id: 'UCLERK', name: 'clerk' }]) {
    await w.say(who, '/help');
  }
  await w.say({ platform: 'slack', id: 'USPARE', name: 'spare' }, '/help');
  await w.setup(`/wg role ${mention(actor)} ${ROLE_OF[role]} unit:MIC`);
  if (role === 'lead') await w.setup(`/unit lead MIC ${mention(actor)}`);
  if (role !== 'admin' && role !== 'external') {
    expect(await w.say(actor, '/unit join HUE')).toMatch(/^Asked to join HUE/);
    expect(await w.say(w.admin, '/unit approve HUE')).toContain(`<@${actor.id}>`);
  }
  return actor;
}

/** Makes the records `probe` needs in `unit`, as the admin (and the clerk, for an extension). */
async function prepare(w: World, probe: Probe, unit: string, n: number): Promise<Refs> {
  const refs: Refs = { b: '', nb: '', r: '', x: '', joiner: '', n };
  const id = (re: RegExp, out: string) => {
    const m = re.exec(out)?.[1];
    if (!m) throw new Error(`setup: ${out}`);
    return m;
  };
  const needs = probe.needs ?? [];
  if (needs.includes('b') || needs.includes('x'))
    refs.b = id(/^Logged (B-\d+)/, await w.say(w.admin, `/blocker add Target ${n} owner:${unit} due:+20d`));
  if (needs.includes('nb'))
    refs.nb = id(/^Logged (B-\d+)/, await w.say(w.admin, `/blocker add Undated ${n} owner:${unit}`));
  if (needs.includes('r'))
    refs.r = id(/^Added (R-\d+)/, await w.say(w.admin, `/roadmap add ${unit} Target item ${n} due:eoy`));
  if (needs.includes('x')) {
    const clerk = { platform: 'slack' as const, id: 'UCLERK', name: 'clerk' };
    refs.x = id(/^Extension (X-\d+) requested/, await w.say(clerk, `/blocker due ${refs.b} +30d`));
  }
  if (needs.includes('joiner')) {
    const joiner = { platform: 'slack' as const, id: `UJOIN${n}`, name: `joiner${n}` };
    const out = await w.say(joiner, `/unit join ${unit}`);
    if (!/^Asked to join/.test(out)) throw new Error(`setup: ${out}`);
    refs.joiner = mention(joiner);
  }
  return refs;
}

describe('the permission matrix, end to end: every command × role × own / other / pending unit', () => {
  const w = useWorld('pglite');

  it.each(MATRIX_COLUMNS.map((c) => [c]))('%s', async (role) => {
    const actor = await scene(w, role);
    const wrong: string[] = [];
    let n = 0;
    for (const p of PERMISSIONS) {
      for (const scope of SCOPES) {
        n++;
        // Past any per-minute command limit: this test is about rights, not floods.
        w.clock.advance(61_000);
        const probe = PROBES[p];
        if (!probe) continue;
        const refs = await prepare(w, probe, UNIT[scope], n);
        const text = probe.text(UNIT[scope], refs);
        const before = await w.historyCount();
        const reply = await w.reply(actor, text);
        const shown = renderText(reply);
        const want = expected(role, p, scope);
        const shows = probe.shows?.(refs);
        const allowed = shows ? new RegExp(shows).test(shown) : reply.kind !== 'error';
        if (allowed !== want)
          wrong.push(`${p} on ${scope} unit: expected ${want ? 'allowed' : 'refused'}: ${text} -> ${shown}`);
        else if (!allowed && !shows) {
          // A refusal says so (not some other error), and changes nothing.
          if (!REFUSED.test(shown))
            wrong.push(`${p} on ${scope}: refused for another reason: ${text} -> ${shown}`);
          if ((await w.historyCount()) !== before) wrong.push(`${p} on ${scope}: refused but wrote history`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
