import { isOverdue } from '../domain/blocker-status.ts';
import { redactPhones, redactPublic } from '../domain/redact.ts';
import type { Block, BlockerStatus, Category, Priority, Source } from '../domain/types.ts';
import { fmtId } from '../domain/types.ts';
import { blockersRepo } from '../store/blockers-repo.ts';
import { personsRepo } from '../store/persons-repo.ts';
import type { BlockerRecord } from '../store/rows.ts';
import { type UnitRecord, unitsRepo } from '../store/units-repo.ts';
import { byUrgency } from './blocker-queries.ts';
import type { ServiceDeps } from './deps.ts';
import { type RoadmapView, roadmapService } from './roadmap.ts';

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
  /** The owner person's display name only (never a caller's). */
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

/**
 * A hotline call nobody has triaged yet (status `new`, or closed without ever getting an owner
 * unit): its title is the caller's own words, so it is counted in public but never listed.
 */
export const isPrivateCall = (b: Pick<BlockerRecord, 'source' | 'status' | 'ownerUnitId'>): boolean =>
  b.source === 'hotline' && (b.status === 'new' || b.ownerUnitId === null);

/** Read-only queries for the public web view and the exports: no actor, nothing private. */
export function publicView(deps: ServiceDeps) {
  const db = () => deps.database.db;

  return {
    /** Every unit, by block then code. */
    units: (): Promise<UnitRecord[]> => unitsRepo.all(db()),

    /**
     * The blockers matching `filter`, most urgent first (overdue, then by deadline). Untriaged
     * hotline calls are left out ({@link isPrivateCall}); count them with `untriagedCalls`.
     */
    async blockers(filter: PublicFilter = {}): Promise<PublicBlocker[]> {
      const now = deps.clock.now();
      const units = new Map((await unitsRepo.all(db())).map((u) => [u.id, u]));
      const unitOf = (id: number | null) => (id === null ? null : (units.get(id) ?? null));
      const picked = matching(await blockersRepo.all(db()), filter, unitOf)
        .filter((b) => !isPrivateCall(b))
        .sort(byUrgency(now));
      const owners = await personsRepo.byIds(db(), [
        ...new Set(picked.map((b) => b.ownerPersonId).filter((id): id is number => id !== null)),
      ]);
      return picked.map((b) => toPublic(b, now, unitOf, (id) => owners.get(id)?.name ?? null));
    },

    /** How many hotline calls matching `filter` wait for triage (status `new`): a number, no titles. */
    async untriagedCalls(filter: PublicFilter = {}): Promise<number> {
      const units = new Map((await unitsRepo.all(db())).map((u) => [u.id, u]));
      const unitOf = (id: number | null) => (id === null ? null : (units.get(id) ?? null));
      return matching(await blockersRepo.all(db()), { ...filter, statuses: ['new'] }, unitOf).filter(
        (b) => b.source === 'hotline',
      ).length;
    },

    /** Roadmap items for the public: as `roadmap.views`, with phone numbers taken out of titles. */
    async roadmap(
      filter: { unit?: string | undefined; block?: Block | undefined } = {},
    ): Promise<RoadmapView[]> {
      const views = await roadmapService(deps).views(filter);
      return views.map((v) => ({ ...v, item: { ...v.item, title: redactPhones(v.item.title) } }));
    },
  };
}

function matching(
  all: BlockerRecord[],
  filter: PublicFilter,
  unitOf: (id: number | null) => UnitRecord | null,
): BlockerRecord[] {
  const unit = filter.unit ?? null;
  const block = filter.block ?? null;
  const statuses = filter.statuses ? new Set(filter.statuses) : null;
  return all
    .filter((b) => !statuses || statuses.has(b.status))
    .filter((b) => !unit || b.ownerUnitId === unit.id || b.reportingUnitId === unit.id)
    .filter((b) => !block || unitOf(b.ownerUnitId ?? b.reportingUnitId)?.block === block);
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
    title: redactPublic(b.title, b),
    status: b.status,
    overdue: isOverdue(b, now),
    priority: b.priority,
    category: b.category,
    source: b.source,
    ownerUnit: unitOf(b.ownerUnitId),
    ownerPerson: b.ownerPersonId === null ? null : redactPhones(personName(b.ownerPersonId) ?? '') || null,
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
