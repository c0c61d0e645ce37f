import { isOverdue } from '../domain/blocker-status.ts';
import type { Block, BlockerStatus, Category, Priority, Source } from '../domain/types.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import { personsRepo } from '../store/persons-repo.ts';
import type { BlockerRecord } from '../store/rows.ts';
import { type UnitRecord, unitsRepo } from '../store/units-repo.ts';
import { byUrgency } from './blocker-queries.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * A blocker as the public may see it ("three publicities"). Built field by field, so the hotline
 * caller's name and phone, the free-text detail and anybody's chat ids can never reach the web
 * view, the CSV export or the calendar.
 */
export interface PublicBlocker {
  id: number;
  /** `B-12`. */
  ref: string;
  title: string;
  status: BlockerStatus;
  overdue: boolean;
  priority: Priority;
  category: Category;
  source: Source;
  ownerUnit: UnitRecord | null;
  /** The owner person's display name only. */
  ownerPerson: string | null;
  reportingUnit: UnitRecord | null;
  deadline: Date | null;
  originalDeadline: Date | null;
  slipCount: number;
  slipDays: number;
  createdAt: Date;
  resolvedAt: Date | null;
  updatedAt: Date;
}

/** Which blockers: `unit` matches the owner or the reporting unit; `block` the owner's (else the reporter's). */
export interface PublicFilter {
  unit?: UnitRecord | null;
  block?: Block | null;
  statuses?: readonly BlockerStatus[] | null;
}

/** Vietnamese and international phone numbers (0912 345 678, +84 912.345.678) typed into a title. */
const PHONE = /(?<![\d+])(?:\+84|0)(?:[ .-]?\d){8,10}(?!\d)/g;

/** Replaces phone-number-like runs in public text: a hotline title may quote the caller's number. */
export function redactPhones(text: string): string {
  return text.replace(PHONE, '…');
}

/** Read-only queries for the public web view and the exports: no actor, nothing private. */
export function publicView(deps: ServiceDeps) {
  const db = () => deps.database.db;

  return {
    /** Every unit, by block then code. */
    units: (): Promise<UnitRecord[]> => unitsRepo.all(db()),

    /** The blockers matching `filter`, most urgent first (overdue, then by deadline). */
    async blockers(filter: PublicFilter = {}): Promise<PublicBlocker[]> {
      const now = deps.clock.now();
      const units = new Map((await unitsRepo.all(db())).map((u) => [u.id, u]));
      const unitOf = (id: number | null) => (id === null ? null : (units.get(id) ?? null));
      const unit = filter.unit ?? null;
      const block = filter.block ?? null;
      const statuses = filter.statuses ? new Set(filter.statuses) : null;
      const picked = (await blockersRepo.all(db()))
        .filter((b) => !statuses || statuses.has(b.status))
        .filter((b) => !unit || b.ownerUnitId === unit.id || b.reportingUnitId === unit.id)
        .filter((b) => !block || unitOf(b.ownerUnitId ?? b.reportingUnitId)?.block === block)
        .sort(byUrgency(now));
      const owners = await personsRepo.byIds(db(), [
        ...new Set(picked.map((b) => b.ownerPersonId).filter((id): id is number => id !== null)),
      ]);
      return picked.map((b) => toPublic(b, now, unitOf, (id) => owners.get(id)?.name ?? null));
    },
  };
}

export type PublicView = ReturnType<typeof publicView>;

function toPublic(
  b: BlockerRecord,
  now: Date,
  unitOf: (id: number | null) => UnitRecord | null,
  personName: (id: number) => string | null,
): PublicBlocker {
  return {
    id: b.id,
    ref: fmtId.blocker(b.id),
    title: redactPhones(b.title),
    status: b.status,
    overdue: isOverdue(b, now),
    priority: b.priority,
    category: b.category,
    source: b.source,
    ownerUnit: unitOf(b.ownerUnitId),
    ownerPerson: b.ownerPersonId === null ? null : personName(b.ownerPersonId),
    reportingUnit: unitOf(b.reportingUnitId),
    deadline: b.deadline,
    originalDeadline: b.originalDeadline,
    slipCount: b.slipCount,
    slipDays: b.slipDays,
    createdAt: b.createdAt,
    resolvedAt: b.resolvedAt,
    updatedAt: b.updatedAt,
  };
}
