/**
 * Who may do what (DESIGN.md "Commands", `/wg role`). Roles are `admin`, `member`, `hotline` and
 * `external`; "unit lead" is derived (the person leads a unit) and "own"/"own unit" relate the
 * person to the record. The matrix below is the single source: `can` reads it, and the README
 * prints it. Pure: no I/O.
 */
import { UserError } from './errors.ts';
import type { Actor as PersonActor } from './ports.ts';
import type { Role } from './types.ts';

/** Every checked action, named after the command it guards. */
export const PERMISSIONS = [
  'blocker.add',
  'blocker.view',
  'blocker.list',
  'blocker.note',
  'blocker.assign',
  'blocker.status',
  'blocker.escalate',
  'blocker.set_due',
  'blocker.set_first_due',
  'blocker.request_extension',
  'blocker.triage',
  'blocker.edit',
  'blocker.void',
  'blocker.import',
  'hotline.log',
  'roadmap.add',
  'roadmap.report',
  'roadmap.view',
  'extension.decide',
  'extension.list',
  'unit.add',
  'unit.lead',
  'unit.alert',
  'unit.join',
  'unit.approve',
  'unit.list',
  'summary.post',
  'wg.subscribe',
  'wg.role',
  'wg.link',
  'wg.lang',
  'wg.tz',
  'wg.status',
  'wg.holiday',
] as const;

/**
 * A checked action. `blocker.status` covers start/resolve/reopen/drop; `blocker.set_due` is
 * setting a deadline directly (everyone else files `blocker.request_extension`).
 */
export type Permission = (typeof PERMISSIONS)[number];

/**
 * A matrix cell:
 * - `yes` — on any record;
 * - `own unit` — on records of the person's unit: the record's owner unit is their unit (in the
 *   unit-lead column: a unit they lead; in the external column: the owner **or reporting** unit).
 *   "Their unit" is the one they were put in by an admin or approved into: a `/unit join` that
 *   is still pending gives nothing;
 * - `own` — as `own unit`, or the person is the record's owner person or its creator;
 * - `no` — never.
 */
export type MatrixCell = 'yes' | 'own unit' | 'own' | 'no';

/** The matrix columns, in print order. `lead` is a member (or hotline handler) who leads a unit. */
export const MATRIX_COLUMNS = ['admin', 'lead', 'member', 'hotline', 'external'] as const;
export type MatrixColumn = (typeof MATRIX_COLUMNS)[number];

/** One row of the matrix, with an optional footnote for exceptions a cell cannot say. */
export type MatrixRow = Record<MatrixColumn, MatrixCell> & { note?: string };

const row = (
  admin: MatrixCell,
  lead: MatrixCell,
  member: MatrixCell,
  hotline: MatrixCell,
  external: MatrixCell,
  note?: string,
): MatrixRow =>
  note ? { admin, lead, member, hotline, external, note } : { admin, lead, member, hotline, external };

/**
 * The permission matrix: rows are permissions, columns admin / unit lead / member / hotline /
 * external. The unit-lead column is what a member gains by leading a unit (it includes the member
 * column); an external who leads a unit keeps the external column. An external with no unit may
 * only use `wg.link`, `wg.lang`, `wg.tz` (and help).
 */
export const PERMISSION_MATRIX: Readonly<Record<Permission, MatrixRow>> = {
  'blocker.add': row('yes', 'yes', 'yes', 'yes', 'own unit'),
  'blocker.view': row('yes', 'yes', 'yes', 'yes', 'own'),
  'blocker.list': row('yes', 'yes', 'yes', 'yes', 'own', 'externals list only what they may view'),
  'blocker.note': row('yes', 'yes', 'yes', 'yes', 'own'),
  'blocker.assign': row('yes', 'own', 'own', 'own', 'no', 'hotline: also any blocker with no owner unit yet'),
  'blocker.status': row('yes', 'own', 'own', 'own', 'own', 'start, resolve, reopen, drop'),
  'blocker.escalate': row('yes', 'own unit', 'no', 'no', 'no'),
  'blocker.set_due': row('yes', 'no', 'no', 'no', 'no', 'others file an extension request'),
  'blocker.set_first_due': row(
    'yes',
    'own unit',
    'own unit',
    'yes',
    'no',
    'a first deadline on an item that has none; moving one is set_due',
  ),
  'blocker.request_extension': row('yes', 'yes', 'yes', 'yes', 'own'),
  'blocker.triage': row('yes', 'no', 'no', 'yes', 'no'),
  'blocker.edit': row('yes', 'own', 'own', 'own', 'own', 'title, detail, category, priority, reporting unit'),
  'blocker.void': row('yes', 'no', 'no', 'no', 'no', 'a mistaken entry: kept in history, counted nowhere'),
  'blocker.import': row('yes', 'no', 'no', 'no', 'no', '`npm run import -- FILE.csv`'),
  'hotline.log': row('yes', 'no', 'no', 'yes', 'no'),
  'roadmap.add': row('yes', 'own unit', 'no', 'no', 'no'),
  'roadmap.report': row('yes', 'own unit', 'own unit', 'own unit', 'own unit'),
  'roadmap.view': row('yes', 'yes', 'yes', 'yes', 'own'),
  'extension.decide': row('yes', 'no', 'no', 'no', 'no'),
  'extension.list': row('yes', 'yes', 'yes', 'yes', 'own unit'),
  'unit.add': row('yes', 'no', 'no', 'no', 'no'),
  'unit.lead': row('yes', 'no', 'no', 'no', 'no'),
  'unit.alert': row('yes', 'no', 'no', 'no', 'no'),
  'unit.join': row(
    'yes',
    'yes',
    'yes',
    'yes',
    'no',
    'a request: no rights over the unit until approved; admins join at once',
  ),
  'unit.approve': row(
    'yes',
    'own unit',
    'no',
    'no',
    'no',
    'approves, refuses or lists `/unit join` requests',
  ),
  'unit.list': row('yes', 'yes', 'yes', 'yes', 'yes'),
  'summary.post': row('yes', 'yes', 'no', 'no', 'no'),
  'wg.subscribe': row('yes', 'yes', 'no', 'no', 'no'),
  'wg.role': row('yes', 'no', 'no', 'no', 'no'),
  'wg.link': row('yes', 'yes', 'yes', 'yes', 'yes'),
  'wg.lang': row('yes', 'yes', 'yes', 'yes', 'yes'),
  'wg.tz': row('yes', 'yes', 'yes', 'yes', 'yes'),
  'wg.status': row('yes', 'no', 'no', 'no', 'no', 'queue depths and failed deliveries'),
  'wg.holiday': row(
    'yes',
    'no',
    'no',
    'no',
    'no',
    'adds and removes days off and make-up working days; anyone lists them',
  ),
};

/** The person asking, as far as permissions care. */
export interface Actor {
  id: number;
  role: Role;
  unitId: number | null;
  /** Units this person is the lead of (derived from `units.lead_id`). */
  leadOfUnitIds: number[];
}

/**
 * The record acted on. For a blocker pass all its fields; for a roadmap item `ownerUnitId` is the
 * item's unit; for a new blocker the intended reporting and owner units. Leaving a field out
 * means "none" (`null`).
 */
export interface PermissionTarget {
  ownerUnitId?: number | null;
  ownerPersonId?: number | null;
  reportingUnitId?: number | null;
  createdById?: number;
}

/** What an external with no unit may still do: set up their own identity and chat. */
const UNITLESS_EXTERNAL: ReadonlySet<Permission> = new Set<Permission>(['wg.link', 'wg.lang', 'wg.tz']);

const sameUnit = (unitId: number | null | undefined, mine: number | null): boolean =>
  unitId != null && mine !== null && unitId === mine;

const isOwnerOrCreator = (actor: Actor, t: PermissionTarget): boolean =>
  (t.ownerPersonId != null && t.ownerPersonId === actor.id) || t.createdById === actor.id;

/** Whether `cell` grants the action on `target` when "own unit" means `inUnit`. */
function grants(cell: MatrixCell, actor: Actor, target: PermissionTarget, inUnit: boolean): boolean {
  if (cell === 'yes') return true;
  if (cell === 'own unit') return inUnit;
  if (cell === 'own') return inUnit || isOwnerOrCreator(actor, target);
  return false;
}

/** The matrix's view of the person acting: their id, role, unit and the units they lead. */
export const permActor = (a: PersonActor): Actor => ({
  id: a.person.id,
  role: a.person.role,
  unitId: a.person.unitId,
  leadOfUnitIds: a.leadOf,
});

/**
 * Whether `actor` may do `permission`, on `target` when given.
 *
 * Without a target the answer is "may do it on at least some records" (to show a command or a
 * button); a scoped cell (`own`, `own unit`) must then be checked again with the record. Why one
 * function: every adapter and service asks the same question the same way, and the matrix stays
 * the only place the rules live.
 */
export function can(actor: Actor, permission: Permission, target?: PermissionTarget): boolean {
  const cells = PERMISSION_MATRIX[permission];
  if (actor.role === 'admin') return true;

  if (actor.role === 'external') {
    if (actor.unitId === null) return UNITLESS_EXTERNAL.has(permission);
    const cell = cells.external;
    if (cell === 'no') return false;
    if (!target) return true;
    const inUnit =
      sameUnit(target.ownerUnitId, actor.unitId) || sameUnit(target.reportingUnitId, actor.unitId);
    return grants(cell, actor, target, inUnit);
  }

  const own = cells[actor.role];
  const lead = actor.leadOfUnitIds.length > 0 ? cells.lead : 'no';
  if (!target) return own !== 'no' || lead !== 'no';

  if (grants(own, actor, target, sameUnit(target.ownerUnitId, actor.unitId))) return true;
  if (permission === 'blocker.assign' && actor.role === 'hotline' && target.ownerUnitId == null) return true;
  // The lead column's "own unit" is a unit they lead (their own unit is the member column's).
  const leads = target.ownerUnitId != null && actor.leadOfUnitIds.includes(target.ownerUnitId);
  return grants(lead, actor, target, leads);
}

/**
 * `can`, or throw `UserError('perm.denied', { action })` — for services, which refuse before
 * changing anything.
 */
export function assertCan(actor: Actor, permission: Permission, target?: PermissionTarget): void {
  if (!can(actor, permission, target)) throw new UserError('perm.denied', { action: permission });
}

/**
 * Whether `actor` may see `target` in lists and `/blocker show` (the `blocker.view` row): everyone
 * but externals sees everything; an external sees the records whose owner or reporting unit is
 * theirs, and records they own or created. Lists filter with it so that an external never learns
 * of another unit's items.
 */
export function visibleTo(actor: Actor, target: PermissionTarget): boolean {
  return can(actor, 'blocker.view', target);
}

/** The matrix as a markdown table (for the README and `/help roles`). */
export function permissionMatrixMarkdown(): string {
  const lines = [
    '| permission | admin | unit lead | member | hotline | external | note |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const p of PERMISSIONS) {
    const r = PERMISSION_MATRIX[p];
    const cells = MATRIX_COLUMNS.map((c) => r[c]).join(' | ');
    lines.push(`| \`${p}\` | ${cells} | ${r.note ?? ''} |`);
  }
  return lines.join('\n');
}
