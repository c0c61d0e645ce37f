import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/domain/errors.ts';
import {
  type Actor,
  assertCan,
  can,
  MATRIX_COLUMNS,
  PERMISSION_MATRIX,
  PERMISSIONS,
  type Permission,
  permissionMatrixMarkdown,
  visibleTo,
} from '../../src/domain/permissions.ts';

const MOF = 1;
const MOST = 2;
const VIETTEL = 3;

const admin: Actor = { id: 1, role: 'admin', unitId: null, leadOfUnitIds: [] };
const member: Actor = { id: 2, role: 'member', unitId: MOF, leadOfUnitIds: [] };
const lead: Actor = { id: 3, role: 'member', unitId: MOF, leadOfUnitIds: [MOF] };
const hotline: Actor = { id: 4, role: 'hotline', unitId: MOST, leadOfUnitIds: [] };
const external: Actor = { id: 5, role: 'external', unitId: VIETTEL, leadOfUnitIds: [] };
const loneExternal: Actor = { id: 6, role: 'external', unitId: null, leadOfUnitIds: [] };
const unitless: Actor = { id: 7, role: 'member', unitId: null, leadOfUnitIds: [] };

/** Records: created by someone else (id 99) unless noted. */
const mofItem = { ownerUnitId: MOF, ownerPersonId: 50, reportingUnitId: MOST, createdById: 99 };
const mostItem = { ownerUnitId: MOST, ownerPersonId: 51, reportingUnitId: MOST, createdById: 99 };
const viettelReported = { ownerUnitId: MOF, ownerPersonId: 50, reportingUnitId: VIETTEL, createdById: 99 };
const viettelOwned = { ownerUnitId: VIETTEL, ownerPersonId: null, reportingUnitId: MOST, createdById: 99 };
const untriaged = { ownerUnitId: null, ownerPersonId: null, reportingUnitId: null, createdById: 99 };

type Row = [Actor, string, Permission, object | undefined, boolean];
const A =
  (actor: Actor, name: string) =>
  (p: Permission, t: object | undefined, ok: boolean): Row => [actor, name, p, t, ok];

const rows: Row[] = [
  // admin: everything, anywhere.
  ...PERMISSIONS.map((p) => A(admin, 'admin')(p, mostItem, true)),
  // member of MOF
  ...(
    ['blocker.add', 'blocker.view', 'blocker.list', 'blocker.note', 'blocker.request_extension'] as const
  ).map((p) => A(member, 'member')(p, mostItem, true)),
  ...(['unit.list', 'unit.join', 'wg.link', 'wg.lang', 'wg.tz'] as const).map((p) =>
    A(member, 'member')(p, undefined, true),
  ),
  A(member, 'member')('wg.status', undefined, false),
  A(lead, 'lead')('wg.status', undefined, false),
  A(member, 'member')('blocker.status', mofItem, true),
  A(member, 'member')('blocker.status', mostItem, false),
  A(member, 'member')('blocker.status', { ...mostItem, ownerPersonId: member.id }, true),
  A(member, 'member')('blocker.status', { ...mostItem, createdById: member.id }, true),
  A(member, 'member')('blocker.assign', mofItem, true),
  A(member, 'member')('blocker.assign', mostItem, false),
  A(member, 'member')('blocker.assign', untriaged, false),
  A(member, 'member')('roadmap.report', { ownerUnitId: MOF }, true),
  A(member, 'member')('roadmap.report', { ownerUnitId: MOST }, false),
  ...(
    [
      'blocker.escalate',
      'blocker.set_due',
      'blocker.triage',
      'hotline.log',
      'roadmap.add',
      'extension.decide',
      'unit.add',
      'unit.lead',
      'unit.alert',
      'summary.post',
      'wg.subscribe',
      'wg.role',
    ] as const
  ).map((p) => A(member, 'member')(p, mofItem, false)),
  A(unitless, 'unitless member')('blocker.status', mofItem, false),
  A(unitless, 'unitless member')('roadmap.report', { ownerUnitId: MOF }, false),
  // unit lead of MOF
  A(lead, 'lead')('blocker.escalate', mofItem, true),
  A(lead, 'lead')('blocker.escalate', mostItem, false),
  A(lead, 'lead')('blocker.assign', mofItem, true),
  A(lead, 'lead')('blocker.assign', mostItem, false),
  A(lead, 'lead')('blocker.status', mofItem, true),
  A(lead, 'lead')('roadmap.add', { ownerUnitId: MOF }, true),
  A(lead, 'lead')('roadmap.add', { ownerUnitId: MOST }, false),
  A(lead, 'lead')('roadmap.report', { ownerUnitId: MOF }, true),
  A(lead, 'lead')('summary.post', undefined, true),
  A(lead, 'lead')('wg.subscribe', undefined, true),
  A(lead, 'lead')('blocker.set_due', mofItem, false),
  A(lead, 'lead')('extension.decide', mofItem, false),
  A(lead, 'lead')('unit.alert', { ownerUnitId: MOF }, false),
  A(lead, 'lead')('wg.role', undefined, false),
  // a member of MOST who leads MOF: lead rights follow the led unit
  A({ ...member, unitId: MOST, leadOfUnitIds: [MOF] }, 'lead elsewhere')('blocker.escalate', mofItem, true),
  A({ ...member, unitId: MOST, leadOfUnitIds: [MOF] }, 'lead elsewhere')(
    'roadmap.add',
    { ownerUnitId: MOF },
    true,
  ),
  // hotline
  A(hotline, 'hotline')('hotline.log', undefined, true),
  A(hotline, 'hotline')('blocker.triage', undefined, true),
  A(hotline, 'hotline')('blocker.assign', untriaged, true),
  A(hotline, 'hotline')('blocker.assign', mofItem, false),
  A(hotline, 'hotline')('blocker.assign', mostItem, true),
  A(hotline, 'hotline')('blocker.status', mofItem, false),
  A(hotline, 'hotline')('blocker.status', { ...untriaged, createdById: hotline.id }, true),
  A(hotline, 'hotline')('blocker.add', mofItem, true),
  A(hotline, 'hotline')('summary.post', undefined, false),
  A(hotline, 'hotline')('extension.decide', undefined, false),
  A(hotline, 'hotline')('blocker.set_due', undefined, false),
  // external (Viettel)
  A(external, 'external')('blocker.view', viettelReported, true),
  A(external, 'external')('blocker.view', viettelOwned, true),
  A(external, 'external')('blocker.view', mofItem, false),
  A(external, 'external')('blocker.view', { ...mofItem, ownerPersonId: external.id }, true),
  A(external, 'external')('blocker.note', viettelReported, true),
  A(external, 'external')('blocker.note', mofItem, false),
  A(external, 'external')('blocker.add', { reportingUnitId: VIETTEL, ownerUnitId: null }, true),
  A(external, 'external')(
    'blocker.add',
    { reportingUnitId: MOST, ownerUnitId: MOF, createdById: external.id },
    false,
  ),
  A(external, 'external')('blocker.request_extension', viettelOwned, true),
  A(external, 'external')('blocker.request_extension', mofItem, false),
  A(external, 'external')('blocker.status', viettelOwned, true),
  A(external, 'external')('blocker.status', mofItem, false),
  A(external, 'external')('blocker.assign', viettelOwned, false),
  A(external, 'external')('roadmap.report', { ownerUnitId: VIETTEL }, true),
  A(external, 'external')('roadmap.report', { ownerUnitId: MOF }, false),
  A(external, 'external')('roadmap.view', { ownerUnitId: MOF }, false),
  A(external, 'external')('blocker.list', undefined, true),
  A(external, 'external')('wg.tz', undefined, true),
  ...(
    [
      'hotline.log',
      'blocker.triage',
      'summary.post',
      'extension.decide',
      'blocker.set_due',
      'unit.join',
    ] as const
  ).map((p) => A(external, 'external')(p, viettelOwned, false)),
  // an external who leads their unit gets no lead rights
  A({ ...external, leadOfUnitIds: [VIETTEL] }, 'external lead')('blocker.escalate', viettelOwned, false),
  A({ ...external, leadOfUnitIds: [VIETTEL] }, 'external lead')('summary.post', undefined, false),
  // external with no unit: only link/lang/tz
  ...PERMISSIONS.map((p) =>
    A(loneExternal, 'unitless external')(p, undefined, p === 'wg.link' || p === 'wg.lang' || p === 'wg.tz'),
  ),
  A(loneExternal, 'unitless external')(
    'blocker.status',
    { ...untriaged, createdById: loneExternal.id },
    false,
  ),
];

describe('can', () => {
  it.each(rows)('%#: %s (%s) %s on %o → %s', (actor, _name, permission, target, ok) => {
    expect(can(actor, permission, target)).toBe(ok);
  });

  it('without a target answers "on some records"', () => {
    expect(can(member, 'blocker.status')).toBe(true);
    expect(can(member, 'blocker.escalate')).toBe(false);
    expect(can(lead, 'blocker.escalate')).toBe(true);
    expect(can(external, 'blocker.view')).toBe(true);
  });
});

describe('assertCan', () => {
  it('throws perm.denied naming the action', () => {
    expect(() => assertCan(admin, 'wg.role')).not.toThrow();
    try {
      assertCan(member, 'wg.role');
      expect.unreachable();
    } catch (err) {
      expect(isUserError(err) && err.code).toBe('perm.denied');
      expect(isUserError(err) && err.params).toEqual({ action: 'wg.role' });
    }
  });
});

describe('visibleTo', () => {
  it('everyone but externals sees everything', () => {
    for (const a of [admin, member, lead, hotline, unitless]) expect(visibleTo(a, mostItem)).toBe(true);
  });
  it('externals see their unit’s items (owner or reporting) and what they own or created', () => {
    expect(visibleTo(external, viettelReported)).toBe(true);
    expect(visibleTo(external, viettelOwned)).toBe(true);
    expect(visibleTo(external, mofItem)).toBe(false);
    expect(visibleTo(external, { ...mofItem, createdById: external.id })).toBe(true);
    expect(visibleTo(loneExternal, { ...mofItem, createdById: loneExternal.id })).toBe(false);
  });
});

describe('PERMISSION_MATRIX', () => {
  it('has a row for every permission and a valid cell in every column', () => {
    expect(Object.keys(PERMISSION_MATRIX).sort()).toEqual([...PERMISSIONS].sort());
    for (const p of PERMISSIONS)
      for (const c of MATRIX_COLUMNS)
        expect(['yes', 'own unit', 'own', 'no']).toContain(PERMISSION_MATRIX[p][c]);
  });
  it('admins may do everything', () => {
    for (const p of PERMISSIONS) expect(PERMISSION_MATRIX[p].admin).toBe('yes');
  });
  it('prints as a markdown table', () => {
    const md = permissionMatrixMarkdown().split('\n');
    expect(md).toHaveLength(PERMISSIONS.length + 2);
    expect(md[0]).toContain('| permission | admin | unit lead | member | hotline | external |');
    expect(md).toContain(
      '| `blocker.set_due` | yes | no | no | no | no | others file an extension request |',
    );
  });
});
