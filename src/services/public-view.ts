import { isOverdue } from '../domain/blocker-status.ts';
import { isPrivateCall } from '../domain/counted.ts';
import type { UnitRecord } from '../domain/records.ts';
import { redactPhones, redactPublic } from '../domain/redact.ts';
import type { SpreadsheetFields } from '../domain/spreadsheet.ts';
import type { Block, BlockerStatus, RoadmapItem, Source } from '../domain/types.ts';
import { fmtId, SOURCES } from '../domain/types.ts';
import type { Span } from '../domain/vocabulary.ts';
import { type BlockerWhere, blockersRepo, type PublicColumns } from '../store/blockers-repo.ts';
import type { Db } from '../store/db.ts';
import { personsRepo } from '../store/persons-repo.ts';
import { snapshotStream } from '../store/snapshot.ts';
import { unitsRepo } from '../store/units-repo.ts';
import { Service, type ServiceDeps } from './deps.ts';
import { RoadmapService, type RoadmapView } from './roadmap.ts';

export { isPrivateCall };

/**
 * A blocker as the public may see it ("three publicities"). Built field by field, so the hotline
 * caller's name and phone, the free-text detail and anybody's chat ids can never reach the web
 * view, the CSV export or the calendar.
 */
export interface PublicBlocker extends SpreadsheetFields {
  id: number;
  /** `B-12`. */
  ref: string;
  overdue: boolean;
  updatedAt: Date;
}

/** Which blockers: `unit` matches the owner or the reporting unit; `block` the owner's (else the reporter's). */
export interface PublicFilter {
  unit?: UnitRecord | null;
  block?: Block | null;
  statuses?: readonly BlockerStatus[] | null;
  /** Only those with a deadline (the calendar). */
  dated?: boolean;
  /** Only those resolved within `[from, to)`. */
  resolvedIn?: Span | null;
}

/** Rows per query when reading every matching blocker (CSV, calendar). */
export const BATCH_SIZE = 1000;

/** The filter as the store's; untriaged hotline calls left out ({@link isPrivateCall}) unless `listed` is false. */
function whereOf(filter: PublicFilter, listed = true): BlockerWhere {
  return {
    ...(listed ? { listedInPublic: true } : {}),
    ...(filter.unit ? { unitId: filter.unit.id } : {}),
    ...(filter.block ? { scopeBlock: filter.block } : {}),
    ...(filter.statuses ? { statuses: filter.statuses } : {}),
    ...(filter.dated ? { dated: true } : {}),
    ...(filter.resolvedIn ? { resolvedIn: filter.resolvedIn } : {}),
  };
}

/**
 * Read-only queries for the public web view and the exports: no actor, nothing private. Every
 * query filters, counts and orders in PostgreSQL; only a page or a batch is ever loaded.
 */
export class PublicView extends Service {
  constructor(
    deps: ServiceDeps,
    private readonly roadmapViews: Pick<RoadmapService, 'views'>,
  ) {
    super(deps);
  }

  /** Records to public blockers: the units looked up once per call, the owners' names per batch. */
  private async projector(now: Date) {
    const units = new Map((await unitsRepo.all(this.db)).map((u) => [u.id, u]));
    const unitOf = (id: number | null) => (id === null ? null : (units.get(id) ?? null));
    return async (records: PublicColumns[]): Promise<PublicBlocker[]> => {
      const owners = await personsRepo.byIds(this.db, [
        ...new Set(records.map((b) => b.ownerPersonId).filter((id): id is number => id !== null)),
      ]);
      return records.map((b) => toPublic(b, now, unitOf, (id) => owners.get(id)?.name ?? null));
    };
  }

  /**
   * The pieces `body` makes from a view of one snapshot of the records (a REPEATABLE READ,
   * read-only transaction): a change committed while a long export is being read cannot move,
   * add or change a row of it. On PostgreSQL the snapshot holds one connection until the last
   * piece is taken; on PGlite, whose one connection a transaction holds for everybody, `body` is
   * read to its end at once and the pieces wait in memory, so no other request waits on a slow
   * reader.
   */
  snapshot<T>(body: (view: PublicView) => AsyncIterable<T>): AsyncGenerator<T> {
    const readAhead = this.deps.database.kind === 'pglite' ? Number.POSITIVE_INFINITY : 1;
    return snapshotStream(this.db, (tx) => body(this.within(tx)), readAhead);
  }

  /** This view, and the roadmap it reads, on the transaction `tx`. */
  private within(tx: Db): PublicView {
    const deps = { ...this.deps, database: { ...this.deps.database, db: tx } };
    return new PublicView(deps, new RoadmapService(deps));
  }

  /** Every unit, by block then code. */
  units(): Promise<UnitRecord[]> {
    return unitsRepo.all(this.db);
  }

  /**
   * One page of the blockers matching `filter`, most urgent first (overdue, then by deadline),
   * or with `order: 'resolved'` the most recently resolved first; and how many match in all.
   * An offset past the end gives the last page (`offset` says which). Untriaged hotline calls
   * are left out ({@link isPrivateCall}); count them with `untriagedCalls`.
   */
  async page(
    filter: PublicFilter,
    cut: { limit: number; offset: number; order?: 'urgency' | 'resolved' },
  ): Promise<{ rows: PublicBlocker[]; total: number; offset: number }> {
    const now = this.deps.clock.now();
    const where = whereOf(filter);
    const order = cut.order ?? 'urgency';
    const [total, first, project] = await Promise.all([
      blockersRepo.countMatching(this.db, where),
      blockersRepo.matching(this.db, where, now, { limit: cut.limit, offset: cut.offset }, order),
      this.projector(now),
    ]);
    let offset = cut.offset;
    let records = first;
    if (records.length === 0 && offset > 0) {
      offset = Math.max(0, Math.floor((total - 1) / cut.limit) * cut.limit);
      records = total
        ? await blockersRepo.matching(this.db, where, now, { limit: cut.limit, offset }, order)
        : [];
    }
    return { rows: await project(records), total, offset };
  }

  /**
   * Every blocker matching `filter`, most urgent first, in batches of `size`: the order once
   * (ids only), then each batch's records by primary key. Untriaged hotline calls are left out.
   * Each batch is read when the previous one has been taken, so a slow reader holds one batch.
   */
  async *batches(filter: PublicFilter, size = BATCH_SIZE): AsyncGenerator<PublicBlocker[]> {
    const now = this.deps.clock.now();
    const where = whereOf(filter);
    const project = await this.projector(now);
    const ids = await blockersRepo.urgencyIds(this.db, where, now);
    for (let i = 0; i < ids.length; i += size) {
      const rows = await blockersRepo.inOrder(this.db, where, ids.slice(i, i + size));
      if (rows.length) yield await project(rows);
    }
  }

  /** How many hotline calls matching `filter` wait for triage (status `new`): a number, no titles. */
  untriagedCalls(filter: PublicFilter = {}): Promise<number> {
    return blockersRepo.countMatching(this.db, {
      ...whereOf({ ...filter, statuses: ['new'] }, false),
      source: 'hotline',
    });
  }

  /** How many listed blockers matching `filter` were resolved within `span`, per source. */
  async resolvedBySource(filter: PublicFilter, span: Span): Promise<Record<Source, number>> {
    const n = await blockersRepo.countBySource(this.db, whereOf({ ...filter, resolvedIn: span }));
    return Object.fromEntries(SOURCES.map((s) => [s, n.get(s) ?? 0])) as Record<Source, number>;
  }

  /** Roadmap items for the public: as `roadmap.views`, with phone numbers taken out of titles. */
  async roadmap(
    filter: { unit?: string | undefined; block?: Block | undefined } = {},
  ): Promise<RoadmapView[]> {
    return this.publicLines(await this.roadmapViews.views(filter));
  }

  /** Roadmap items (views, or a summary's lines) for the public: phone numbers taken out of titles. */
  publicLines<L extends { item: RoadmapItem }>(lines: readonly L[]): L[] {
    return lines.map((l) => ({ ...l, item: { ...l.item, title: redactPhones(l.item.title) } }));
  }
}

function toPublic(
  b: PublicColumns,
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
